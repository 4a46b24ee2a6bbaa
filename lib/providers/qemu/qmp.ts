// A small QMP client (QEMU's JSON control protocol) over a unix socket:
// greeting, qmp_capabilities, then one command at a time with its reply;
// asynchronous events (SHUTDOWN, RESET…) go to onEvent.
import net from "node:net";

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class Qmp {
  private buffer = "";
  private queue: Pending[] = [];
  private closed = false;
  onEvent: (event: string, data: unknown) => void = () => {};

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.data(chunk));
    socket.on("close", () => {
      this.closed = true;
      for (const p of this.queue.splice(0)) p.reject(new Error("QMP connection closed"));
    });
    socket.on("error", () => {});
  }

  static async connect(path: string, timeoutMs = 5000): Promise<Qmp> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(path);
      const t = setTimeout(() => (s.destroy(), reject(new Error(`QMP: no answer on ${path}`))), timeoutMs);
      s.once("connect", () => (clearTimeout(t), resolve(s)));
      s.once("error", (e) => (clearTimeout(t), reject(e)));
    });
    const qmp = new Qmp(socket);
    // The greeting comes first, answered like a command.
    await new Promise((resolve, reject) => qmp.queue.push({ resolve, reject }));
    await qmp.execute("qmp_capabilities");
    return qmp;
  }

  private data(chunk: string) {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      let msg: { QMP?: unknown; return?: unknown; error?: { class: string; desc: string }; event?: string; data?: unknown };
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.event) {
        this.onEvent(msg.event, msg.data);
        continue;
      }
      const p = this.queue.shift();
      if (!p) continue;
      if (msg.error) p.reject(new Error(`${msg.error.class}: ${msg.error.desc}`));
      else p.resolve(msg.return ?? msg.QMP);
    }
  }

  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("QMP connection closed"));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ resolve: resolve as (v: unknown) => void, reject });
      this.socket.write(JSON.stringify(args ? { execute: command, arguments: args } : { execute: command }) + "\n");
    });
  }

  /** A human monitor command (hostfwd_add and friends have no QMP equivalent). */
  async hmp(commandLine: string): Promise<string> {
    return this.execute<string>("human-monitor-command", { "command-line": commandLine });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
