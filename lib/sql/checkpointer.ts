// Copies the WAL back into the database file from a worker thread. SQLite's
// automatic checkpoint runs inside whichever COMMIT crosses the threshold, on
// the event loop: under a stream of launches that stalled API requests for
// tens of milliseconds every half second. A worker with its own connection
// copies frames (PASSIVE: it never waits for, nor blocks, readers or the
// writer) every 100 ms, so when the writer's own checkpoint comes due (SQLite's
// default, every 1,000 pages) there is almost nothing left to copy, and it
// only has to restart the WAL (which only a checkpoint on the writer can do
// while writes never pause). A short WAL also keeps reads fast: every page
// read looks in it first.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import path from "node:path";
import { logger } from "../log";

const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 0 });
db.pragma("busy_timeout = 0");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (e) { /* busy: next time */ }
}, workerData.everyMs);
parentPort.on("message", (m) => { if (m === "stop") { clearInterval(timer); db.close(); process.exit(0); } });
`;

export function startCheckpointer(file: string, everyMs = 100): () => void {
  // Resolved here, so the worker loads the same better-sqlite3 as the server.
  const driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs, driver } });
  worker.unref();
  worker.on("online", () => logger.info({ file }, "WAL checkpointer running"));
  worker.on("error", (err) => logger.error({ err }, "WAL checkpointer stopped; SQLite's own checkpoints carry on"));
  return () => void worker.postMessage("stop");
}
