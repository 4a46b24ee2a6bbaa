// Structured logging (pino). JSON lines go to a file in the data directory
// (STRATUS_LOG_FILE, default $STRATUS_DATA_DIR/stratus.log), or to stdout with
// STRATUS_LOG=json (containers, journald), so the terminal stays for people:
// an error also prints one plain line on stderr, pointing at the file.
// Secrets never go through here.
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { dataDir } from "./config";

/** A file over this is moved to stratus.log.1 when a process starts logging. */
const ROTATE_BYTES = 20 * 1024 * 1024;

export function logFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.STRATUS_LOG_FILE || path.join(dataDir(), "stratus.log");
}

/** One log record as a terminal line: no control characters (a logged value may be anyone's input). */
export function plainLine(json: string, file: string): string {
  let msg = json;
  try {
    const o = JSON.parse(json) as { msg?: string; err?: { message?: string } };
    msg = [o.msg, o.err?.message].filter(Boolean).join(": ");
  } catch {
    /* not JSON: print as is */
  }
  // eslint-disable-next-line no-control-regex
  const clean = msg.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim().slice(0, 300);
  return `Stratus error: ${clean} (details in ${file})\n`;
}

function openFile(file: string): pino.DestinationStream {
  fs.mkdirSync(path.dirname(/*turbopackIgnore: true*/ file), { recursive: true });
  try {
    if (fs.statSync(/*turbopackIgnore: true*/ file).size > ROTATE_BYTES) fs.renameSync(/*turbopackIgnore: true*/ file, `${file}.1`);
  } catch {
    /* no file yet */
  }
  return pino.destination({ dest: file, append: true, sync: true });
}

function create(): pino.Logger {
  const level = process.env.STRATUS_LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info");
  const options: pino.LoggerOptions = { level, base: undefined, redact: ["password", "secret", "*.password", "*.secret", "*.secretAccessKey", "*.passwordHash"] };
  if (level === "silent") return pino(options);
  if (process.env.STRATUS_LOG === "json") return pino(options, pino.destination({ dest: 1, sync: true }));
  const file = logFile();
  const stderr = { write: (line: string) => void process.stderr.write(plainLine(line, file)) };
  return pino(options, pino.multistream([{ level: level as pino.Level, stream: openFile(file) }, { level: "error", stream: stderr }]));
}

const g = globalThis as unknown as { __stratusLog?: pino.Logger };
export const logger: pino.Logger = (g.__stratusLog ??= create());
