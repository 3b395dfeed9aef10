import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every server action goes through the one contract (lib/actions/define-action.ts): the session,
// the permission, validation and error mapping are never hand-written again in an action file.
const ROOT = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

const actionFiles = [...sourceFiles("app"), ...sourceFiles("lib"), ...sourceFiles("components")].filter((f) => /^\s*["']use server["'];?/.test(readFileSync(path.join(ROOT, f), "utf8")));

/** Exported values that are not `defineAction(...)` / `definePublicAction(...)` (types are fine). */
function handWrittenActions(source: string): string[] {
  const bad: string[] = [];
  for (const m of source.matchAll(/^export\s+(?:default\s+)?(async\s+function|function|const|let|var)\s+(\w+)([^\n]*)/gm)) {
    const [, kind, name, rest] = m;
    if ((kind === "const" || kind === "let" || kind === "var") && /^\s*(?::[^=]+)?=\s*define(Public)?Action\b/.test(rest ?? "")) continue;
    bad.push(name ?? "?");
  }
  return bad;
}

describe("server actions", () => {
  it("are found (the scan works)", () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(15);
  });

  it.each(actionFiles)("%s exports only defineAction / definePublicAction", (file) => {
    expect(handWrittenActions(readFileSync(path.join(ROOT, file), "utf8"))).toEqual([]);
  });

  it("an old-style action is caught", () => {
    expect(handWrittenActions('"use server";\nexport async function saveAction(slug: string, _prev: State, form: FormData) {}\nexport const ok = defineAction({}, f);')).toEqual(["saveAction"]);
  });
});
