// Console lines as a terminal may safely show them. Guest output and user
// data are written by whoever controls the instance and read by every member
// of the team, so of all escape sequences only colour and style (SGR,
// `ESC [ … m`) survive, and a line that sets a style ends with a reset so the
// style can't leak into the next. Everything else is dropped: OSC (window
// titles, OSC 8 hyperlinks), DCS/SOS/PM/APC strings, every other CSI (clear
// screen, cursor moves, mode changes), other ESC sequences (ESC c resets the
// terminal), the C1 controls U+0080–U+009F (U+009B is CSI in one character,
// U+009D is OSC), and C0 controls other than tab. One pass, linear time.

const ESC = 0x1b;
const BEL = 0x07;
const ST_C1 = 0x9c;
/** C1 characters that open a string ended by ST (or BEL): DCS, SOS, OSC, PM, APC. */
const C1_STRINGS = new Set([0x90, 0x98, 0x9d, 0x9e, 0x9f]);
/** Characters after ESC that open such a string: P (DCS), X (SOS), ] (OSC), ^ (PM), _ (APC). */
const ESC_STRINGS = new Set(["P", "X", "]", "^", "_"]);
const SGR_PARAMS = /^[0-9;:]{0,64}$/;
export const RESET = "\x1b[0m";

const inRange = (c: number, lo: number, hi: number) => c >= lo && c <= hi;

/** Index just past a string (OSC, DCS…) whose body starts at `from`: after its terminator, or the end of the line. */
function endOfString(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BEL || c === ST_C1) return j + 1;
    if (c === ESC && s[j + 1] === "\\") return j + 2;
  }
  return s.length;
}

/** Index just past a control sequence whose parameters start at `from`, and whether it is a plain SGR. */
function endOfCsi(s: string, from: number): { end: number; sgr: boolean } {
  let j = from;
  while (j < s.length && inRange(s.charCodeAt(j), 0x30, 0x3f)) j++;
  const params = s.slice(from, j);
  const beforeIntermediates = j;
  while (j < s.length && inRange(s.charCodeAt(j), 0x20, 0x2f)) j++;
  if (j >= s.length || !inRange(s.charCodeAt(j), 0x40, 0x7e)) return { end: j, sgr: false };
  return { end: j + 1, sgr: s[j] === "m" && j === beforeIntermediates && SGR_PARAMS.test(params) };
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

export function terminalSafe(line: string): string {
  if (!UNSAFE.test(line)) return line;
  let out = "";
  let styled = false;
  let run = 0; // start of the current stretch of plain characters
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    const plain = c >= 0x20 ? !inRange(c, 0x7f, 0x9f) : c === 0x09;
    if (plain) {
      i++;
      continue;
    }
    out += line.slice(run, i);
    if (c === ESC) {
      const next = line[i + 1];
      if (next === "[") {
        const { end, sgr } = endOfCsi(line, i + 2);
        if (sgr) {
          out += line.slice(i, end);
          styled = true;
        }
        i = end;
      } else if (next !== undefined && ESC_STRINGS.has(next)) i = endOfString(line, i + 2);
      else {
        // ESC, intermediates, one final character.
        let j = i + 1;
        while (j < line.length && inRange(line.charCodeAt(j), 0x20, 0x2f)) j++;
        i = Math.min(line.length, j + 1);
      }
    } else if (c === 0x9b) i = endOfCsi(line, i + 1).end;
    else if (C1_STRINGS.has(c)) i = endOfString(line, i + 1);
    else i++;
    run = i;
  }
  out += line.slice(run);
  return styled ? out + RESET : out;
}
