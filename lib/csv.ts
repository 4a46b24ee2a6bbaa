// CSV (RFC 4180): a field is quoted when it holds a comma, a quote or a line
// break, with quotes doubled; lines end in \n, as csv-stringify writes them.
// Written here because the cost export is 350,000 rows and csv-stringify's
// general machinery was a fifth of its time; csv.test.ts holds it to
// csv-stringify's output.
//
// Exports hold what people typed (tag values, audit details), and a
// spreadsheet runs a cell that starts with = + - @ (or tab or carriage
// return, which some strip first) as a formula. As OWASP recommends, such a
// cell gets a leading single quote, which makes it text; a plain number
// (-12.5) is left as it is, since it can't be a formula.
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** The cell as a spreadsheet should show it: text, never a formula. */
export function neutralise(v: string): string {
  return FORMULA.test(v) && !NUMBER.test(v) ? `'${v}` : v;
}

export function csvField(v: string): string {
  const s = neutralise(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows: string[][]): string {
  let out = "";
  for (const r of rows) {
    let line = "";
    for (let i = 0; i < r.length; i++) line += (i ? "," : "") + csvField(r[i]);
    out += line + "\n";
  }
  return out;
}
