import { describe, expect, it } from "vitest";
import { csvLine } from "@/lib/csv";

describe("csvLine", () => {
  it("quotes what needs quoting and doubles quotes (RFC 4180)", () => {
    expect(csvLine(["plain", 'say "hi"', "a,b", "two\nlines", null, 42])).toBe('plain,"say ""hi""","a,b","two\nlines",,42\r\n');
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvLine(["=1+1", "+49 30", "-2", "@SUM(A1)", "\tx", "ok=1"])).toBe("'=1+1,'+49 30,'-2,'@SUM(A1),'\tx,ok=1\r\n");
  });
});
