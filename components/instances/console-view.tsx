"use client";
// The Console tab: the instance's console output, live (Server-Sent Events,
// resumed by the browser with Last-Event-ID), in a read-only xterm.js with
// follow mode, search, copy and download.
import { useEffect, useRef, useState } from "react";
import "@xterm/xterm/css/xterm.css";
import type { Terminal } from "@xterm/xterm";
import type { SearchAddon } from "@xterm/addon-search";
import { Button, buttonClass } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { terminalSafe } from "@/lib/console/terminal-safe";

type Status = "connecting" | "live" | "reconnecting" | "ended";

export function ConsoleView({ instanceId }: { instanceId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [status, setStatus] = useState<Status>("connecting");
  const [following, setFollowing] = useState(true);
  const [query, setQuery] = useState("");
  const [lines, setLines] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    let disposed = false;
    let source: EventSource | null = null;
    let onResize: (() => void) | null = null;
    (async () => {
      const [{ Terminal }, { FitAddon }, { SearchAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit"), import("@xterm/addon-search")]);
      if (disposed || !host.current) return;
      const t = new Terminal({
        disableStdin: true,
        convertEol: true,
        cursorBlink: false,
        cursorInactiveStyle: "none",
        scrollback: 10_000,
        rows: 30,
        fontSize: 13,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        theme: { background: "#18181b", foreground: "#e4e4e7" },
      });
      const fit = new FitAddon();
      const find = new SearchAddon();
      t.loadAddon(fit);
      t.loadAddon(find);
      t.open(host.current);
      fit.fit();
      term.current = t;
      search.current = find;
      onResize = () => fit.fit();
      window.addEventListener("resize", onResize);
      t.onScroll(() => {
        const b = t.buffer.active;
        setFollowing(b.viewportY >= b.baseY);
      });

      let last = 0;
      source = new EventSource(`/api/instances/${instanceId}/console`);
      source.onopen = () => setStatus("live");
      source.onerror = () => setStatus((s) => (s === "ended" ? s : "reconnecting"));
      source.addEventListener("lines", (e) => {
        const { fromSeq, lines: incoming } = JSON.parse((e as MessageEvent).data) as { fromSeq: number; lines: string[] };
        const fresh = incoming.slice(Math.max(0, last + 1 - fromSeq));
        if (fresh.length === 0) return;
        last = fromSeq + incoming.length - 1;
        const b = t.buffer.active;
        const atBottom = b.viewportY >= b.baseY;
        // Stored lines are already safe; lines kept from before that are made so here.
        t.write(fresh.map(terminalSafe).join("\n") + "\n", () => {
          if (atBottom) t.scrollToBottom();
        });
        setLines((n) => n + fresh.length);
      });
      source.addEventListener("notice", (e) => {
        const { message } = JSON.parse((e as MessageEvent).data) as { message: string };
        setNotice(message);
        t.write(`\x1b[2m[stratus] ${terminalSafe(message)}\x1b[0m\n`);
      });
      source.addEventListener("end", () => {
        setStatus("ended");
        source?.close();
      });
    })();
    return () => {
      disposed = true;
      source?.close();
      if (onResize) window.removeEventListener("resize", onResize);
      term.current?.dispose();
      term.current = null;
    };
  }, [instanceId]);

  const statusText: Record<Status, string> = {
    connecting: "Connecting…",
    live: "Live",
    reconnecting: "Reconnecting… (no lines are lost)",
    ended: "The instance is terminated: this is all of its console.",
  };

  return (
    <section aria-label="Console" className="space-y-2">
      <p className="rounded bg-zinc-100 px-3 py-2 text-sm text-zinc-700">
        <strong>Read-only.</strong> This is what the instance prints to its console — the boot log, its SSH host key fingerprints, its user data running. You can't type into it, as with EC2&apos;s ec2-get-console-output. The most recent 64 KB is kept.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <span role="status" aria-live="polite" className={`text-sm ${status === "live" ? "text-emerald-800" : "text-zinc-600"}`}>
          {statusText[status]} · {lines.toLocaleString("en-US")} lines
        </span>
        <span className="flex-1" />
        <form
          className="flex items-center gap-1"
          role="search"
          aria-label="Search the console"
          onSubmit={(e) => {
            e.preventDefault();
            search.current?.findNext(query);
          }}
        >
          <label htmlFor="console-search" className="sr-only">
            Search the console
          </label>
          <Input id="console-search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search…" className="w-48" />
          <Button size="sm" type="submit">
            Find next
          </Button>
          <Button size="sm" onClick={() => search.current?.findPrevious(query)}>
            Find previous
          </Button>
        </form>
        <Button
          size="sm"
          onClick={async () => {
            const t = term.current;
            if (!t) return;
            t.selectAll();
            await navigator.clipboard?.writeText(t.getSelection()).catch(() => {});
            t.clearSelection();
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? "Copied" : "Copy all"}
        </Button>
        <a className={buttonClass("secondary", "sm")} href={`/api/instances/${instanceId}/console?format=text`} download>
          Download
        </a>
        {following ? (
          <span className="text-xs text-zinc-500">Following</span>
        ) : (
          <Button size="sm" variant="primary" onClick={() => term.current?.scrollToBottom()}>
            Resume following
          </Button>
        )}
      </div>
      {notice ? <p className="text-xs text-amber-800">{notice}</p> : null}
      <div role="region" aria-label="Console output" className="overflow-hidden rounded-lg bg-zinc-900 p-2">
        <div ref={host} className="min-h-[28rem]" />
      </div>
    </section>
  );
}
