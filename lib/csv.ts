// CSV (RFC 4180): a field is quoted when it holds a comma, a quote or a line
// break, with quotes doubled; lines end in \n, as csv-stringify writes them.
// Written here because the cost export is 350,000 rows and csv-stringify's
// general machinery was a fifth of its time; csv.test.ts holds it to
// csv-stringify's output.
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
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
