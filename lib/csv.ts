/**
 * One CSV line (RFC 4180: quoted when needed, quotes doubled, CRLF). A cell that a spreadsheet would
 * run as a formula (=, +, -, @, tab, carriage return first) is prefixed with an apostrophe: member
 * names and descriptions come from people, and an export must not execute what they typed (OWASP
 * "CSV injection").
 */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
