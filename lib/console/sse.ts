// The console as Server-Sent Events: what is kept (from Last-Event-ID on),
// then live lines from the hub. Event ids are line numbers, so a reconnect
// resumes without a duplicate or a gap; older than the kept 64 KB, it resumes
// at the oldest kept line and says what was dropped.
import type { Db } from "../db";
import { readConsole } from "./store";
import { subscribeConsole, type ConsoleChunk } from "./hub";

const BATCH = 200;
const KEEPALIVE_MS = 15_000;

export interface StreamOptions {
  instanceId: string;
  lastEventId: number;
  /** The instance is terminated and its console will not grow. */
  finished: () => Promise<boolean>;
  signal: AbortSignal;
}

export function consoleStream(db: Db, o: StreamOptions): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const write = (s: string) => {
        if (!closed) controller.enqueue(enc.encode(s));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        controller.close();
      };
      let sent = o.lastEventId;
      const sendLines = (fromSeq: number, lines: string[], writtenAt?: number) => {
        // Only lines after the last one this client has.
        const skip = Math.max(0, sent + 1 - fromSeq);
        const fresh = lines.slice(skip);
        for (let i = 0; i < fresh.length; i += BATCH) {
          const part = fresh.slice(i, i + BATCH);
          const first = fromSeq + skip + i;
          write(`id: ${first + part.length - 1}\nevent: lines\ndata: ${JSON.stringify({ fromSeq: first, lines: part, ...(writtenAt ? { writtenAt } : {}) })}\n\n`);
        }
        if (fresh.length) sent = fromSeq + skip + fresh.length - 1;
      };
      // Subscribe first, so nothing written while we read the store is lost.
      const queued: ConsoleChunk[] = [];
      let live = false;
      const onChunk = (c: ConsoleChunk) => {
        if (!live) return void queued.push(c);
        sendLines(c.fromSeq, c.lines, c.writtenAt);
        if (c.end) {
          write(`event: end\ndata: {}\n\n`);
          close();
        }
      };
      const unsubscribe = subscribeConsole(o.instanceId, onChunk);
      const ping = setInterval(() => write(`: keepalive\n\n`), KEEPALIVE_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(ping);
      };
      o.signal.addEventListener("abort", close);

      write(`retry: 2000\n\n`);
      const snap = await readConsole(db, o.instanceId);
      if (sent > 0 && sent < snap.firstSeq - 1) {
        write(`event: notice\ndata: ${JSON.stringify({ message: `Earlier output was dropped: only the most recent 64 KB is kept. Lines ${sent + 1}–${snap.firstSeq - 1} are gone; resuming at line ${snap.firstSeq}.` })}\n\n`);
        sent = snap.firstSeq - 1;
      } else if (sent === 0 && snap.firstSeq > 1) {
        write(`event: notice\ndata: ${JSON.stringify({ message: `Earlier output was dropped: only the most recent 64 KB is kept (${snap.firstSeq - 1} older lines are gone).` })}\n\n`);
      }
      sendLines(snap.firstSeq, snap.lines);
      live = true;
      for (const c of queued.splice(0)) onChunk(c);
      if (!closed && (await o.finished())) {
        write(`event: end\ndata: {}\n\n`);
        close();
      }
    },
    cancel() {
      cleanup();
    },
  });
}
