// The 64 KB console ring: whole lines, numbered; when full, the oldest lines
// go first (EC2 kept the most recent 64 KB). Pure, so it is easy to test.
// Lines are stored terminal-safe (lib/console/terminal-safe.ts): every reader
// (the live view, the download, GetConsoleOutput) gets them so.
import { terminalSafe } from "./terminal-safe";

export const CONSOLE_LIMIT = 64 * 1024;

export interface RingState {
  lines: string[];
  /** seq of lines[0] */
  firstSeq: number;
  /** UTF-8 bytes of lines, each with its newline */
  bytes: number;
}

const size = (line: string) => Buffer.byteLength(line, "utf8") + 1;

/** Keeps the tail of one over-long line, cut on a character boundary. */
function clip(line: string, limit: number): string {
  const buf = Buffer.from(line, "utf8");
  if (buf.length + 1 <= limit) return line;
  let start = buf.length - (limit - 1);
  while (start < buf.length && (buf[start] & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString("utf8");
}

export function parseRing(text: string, firstSeq: number): RingState {
  const lines = text === "" ? [] : text.split("\n");
  return { lines, firstSeq, bytes: lines.reduce((s, l) => s + size(l), 0) };
}

export function ringText(state: RingState): string {
  return state.lines.join("\n");
}

/** Appends lines; returns the new state, the lines as stored, the seq of the first of them, and how many old lines were dropped. */
export function appendToRing(state: RingState, incoming: string[], limit = CONSOLE_LIMIT): { state: RingState; appended: string[]; fromSeq: number; dropped: number } {
  const fromSeq = state.firstSeq + state.lines.length;
  const lines = [...state.lines];
  const appended = incoming.map((raw) => clip(terminalSafe(raw.replace(/\r?\n/g, " ")), limit));
  let bytes = state.bytes;
  for (const line of appended) {
    lines.push(line);
    bytes += size(line);
  }
  let drop = 0;
  while (bytes > limit && drop < lines.length) {
    bytes -= size(lines[drop]);
    drop++;
  }
  return { state: { lines: lines.slice(drop), firstSeq: state.firstSeq + drop, bytes }, appended, fromSeq, dropped: drop };
}
