import { csvLine } from "@/lib/csv";

type Cell = string | number | null | undefined;

/**
 * A CSV download streamed in keyset batches (as lib/payments/export-payments.ts): the header first,
 * then each pull reads one batch after the previous one's last row, so memory stays at one batch
 * and no connection is held between pulls.
 */
export function keysetCsv<R, C>(header: string[], readBatch: (cursor: C | undefined) => Promise<R[]>, cursorOf: (row: R) => C, cells: (row: R) => Cell[], batch: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: C | undefined;
  let state: "header" | "rows" | "done" = "header";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (state === "header") {
        state = "rows";
        return controller.enqueue(encoder.encode(csvLine(header)));
      }
      if (state === "done") return controller.close();
      const rows = await readBatch(cursor);
      if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((r) => csvLine(cells(r))).join("")));
      const last = rows[rows.length - 1];
      if (rows.length < batch || !last) {
        state = "done";
        return controller.close();
      }
      cursor = cursorOf(last);
    },
  });
}

export const iso = (d: Date | null | undefined) => d?.toISOString() ?? "";
