// An instance's console as Server-Sent Events (GET /api/instances/{id}/console),
// read with an access key as HTTP Basic: what is kept, then lines as they come.
export interface ConsoleLine {
  seq: number;
  text: string;
  /** The "lines" event that brought it (1, 2, …) and when it arrived. */
  chunk: number;
  arrivedAt: number;
}

export class ConsoleStream {
  readonly lines = new Map<number, ConsoleLine>();
  /** "lines" events received so far. */
  chunks = 0;
  ended = false;
  error: unknown = null;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];

  constructor(url: string, instanceId: string, key: { accessKeyId: string; secretAccessKey: string }) {
    const auth = Buffer.from(`${key.accessKeyId}:${key.secretAccessKey}`).toString("base64");
    void this.read(`${url}/api/instances/${instanceId}/console`, auth);
  }

  private async read(url: string, auth: string) {
    try {
      const res = await fetch(url, { headers: { authorization: `Basic ${auth}`, accept: "text/event-stream" }, signal: this.abort.signal });
      if (!res.ok || !res.body) throw new Error(`console stream: HTTP ${res.status}`);
      const decoder = new TextDecoder();
      let buf = "";
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf("\n\n")) >= 0) {
          this.event(buf.slice(0, cut));
          buf = buf.slice(cut + 2);
        }
      }
    } catch (e) {
      if (!this.abort.signal.aborted) this.error = e;
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private event(block: string) {
    let name = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) name = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (name === "end") this.ended = true;
    if (name !== "lines") return;
    const chunk = JSON.parse(data.join("\n")) as { fromSeq: number; lines: string[] };
    const n = ++this.chunks;
    const at = Date.now();
    chunk.lines.forEach((text, i) => this.lines.set(chunk.fromSeq + i, { seq: chunk.fromSeq + i, text, chunk: n, arrivedAt: at }));
    this.notify();
  }

  private notify() {
    for (const w of this.waiters.splice(0)) w();
  }

  get lastSeq(): number {
    return this.lines.size ? Math.max(...this.lines.keys()) : 0;
  }

  /** Resolves when test() holds, rejects after timeoutMs or when the stream ends first. */
  async until(test: (s: ConsoleStream) => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this)) {
      if (this.ended) throw new Error(`console stream ended before ${what} (${String(this.error ?? "end event")})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`console stream: no ${what} within ${timeoutMs} ms (last line ${this.lastSeq}: ${this.lines.get(this.lastSeq)?.text ?? "none"})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  close() {
    this.abort.abort();
  }
}
