"use client";
// The instance's access: key pair, groups, effective inbound rules, and the
// reachability explainer ("Can SOURCE reach this instance on PROTOCOL/PORT?").
import Link from "next/link";
import { useState, useTransition } from "react";
import type { InstanceDetail } from "@/lib/control-plane/instances/list";
import { reachabilityAction } from "@/lib/actions/network";
import { Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { ScrollBox } from "@/components/ui/table";

export function AccessPanel({ inst, peers }: { inst: InstanceDetail; peers: { id: string; name: string }[] }) {
  return (
    <section aria-label="Access" className="space-y-4 rounded-lg bg-white p-4 shadow-xs ring-1 ring-zinc-200">
      <h2 className="text-sm font-semibold text-zinc-800">Access</h2>
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Key pair</h3>
        {inst.keyName ? (
          <>
            <p className="text-sm">
              {inst.keyName}
              {inst.keyPairCurrent ? null : <span className="ml-2 text-xs text-amber-800">(deleted or replaced since launch; the instance keeps the key it was launched with)</span>}
            </p>
            <pre className="mt-1 overflow-x-auto rounded bg-zinc-50 p-2 font-mono text-xs" aria-label="Public key">
              {inst.publicKey}
            </pre>
          </>
        ) : (
          <p className="text-sm text-zinc-500">Launched without a key pair.</p>
        )}
      </div>
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Inbound rules (from all of its groups)</h3>
        <ScrollBox><table aria-label="Effective inbound rules" className="mt-1 min-w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-zinc-500">
              <th scope="col" className="py-1 pr-4">Group</th>
              <th scope="col" className="py-1 pr-4">Allows</th>
              <th scope="col" className="py-1">As ec2-authorize</th>
            </tr>
          </thead>
          <tbody>
            {inst.inboundRules.length === 0 ? (
              <tr>
                <td colSpan={3} className="py-1 text-zinc-500">No inbound rules: nothing gets in.</td>
              </tr>
            ) : null}
            {inst.inboundRules.map((r) => (
              <tr key={r.id} className="border-t border-zinc-100">
                <td className="py-1 pr-4">
                  <Link href={`/security-groups/${r.groupId}`} className="text-sky-800 hover:underline">
                    {r.groupName}
                  </Link>
                </td>
                <td className="py-1 pr-4">
                  {r.ports} from {r.cidr ?? `group ${r.sourceGroupName}`}
                </td>
                <td className="py-1 font-mono text-xs">{r.line}</td>
              </tr>
            ))}
          </tbody>
        </table></ScrollBox>
      </div>
      <Explainer inst={inst} peers={peers} />
    </section>
  );
}

function Explainer({ inst, peers }: { inst: InstanceDetail; peers: { id: string; name: string }[] }) {
  const [source, setSource] = useState("internet");
  const [ip, setIp] = useState("");
  const [peer, setPeer] = useState("");
  const [protocol, setProtocol] = useState("tcp");
  const [port, setPort] = useState("22");
  const [pending, start] = useTransition();
  const [answer, setAnswer] = useState<{ ok: boolean; text: string; line?: string } | null>(null);
  return (
    <form
      aria-label="Reachability"
      className="rounded border border-zinc-200 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const res = await reachabilityAction({ instanceId: inst.id, source, sourceValue: source === "ip" ? ip : peer, protocol, port });
          if (!res.ok) setAnswer({ ok: false, text: res.error.message });
          else setAnswer({ ok: res.data.reachable, text: res.data.summary, line: res.data.reachable ? res.data.line : undefined });
        });
      }}
    >
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Can it be reached?</h3>
      <div className="mt-2 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="reach-source" className="block text-xs font-medium text-zinc-600">Source</label>
          <Select id="reach-source" value={source} onChange={(e) => setSource(e.target.value)} className="w-40">
            <option value="internet">the Internet</option>
            <option value="ip">an IP address</option>
            <option value="instance">another instance</option>
          </Select>
        </div>
        {source === "ip" ? (
          <div>
            <label htmlFor="reach-ip" className="block text-xs font-medium text-zinc-600">Source IP</label>
            <Input id="reach-ip" value={ip} onChange={(e) => setIp(e.target.value)} placeholder="198.51.100.7" className="w-40 font-mono" />
          </div>
        ) : null}
        {source === "instance" ? (
          <div>
            <label htmlFor="reach-peer" className="block text-xs font-medium text-zinc-600">Source instance</label>
            <Select id="reach-peer" value={peer} onChange={(e) => setPeer(e.target.value)} className="w-64">
              <option value="">Choose…</option>
              {peers.filter((p) => p.id !== inst.id).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name ? `${p.name} — ` : ""}
                  {p.id}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        <div>
          <label htmlFor="reach-protocol" className="block text-xs font-medium text-zinc-600">Protocol</label>
          <Select id="reach-protocol" value={protocol} onChange={(e) => setProtocol(e.target.value)} className="w-24">
            <option value="tcp">tcp</option>
            <option value="udp">udp</option>
            <option value="icmp">icmp</option>
          </Select>
        </div>
        <div>
          <label htmlFor="reach-port" className="block text-xs font-medium text-zinc-600">{protocol === "icmp" ? "ICMP type" : "Port"}</label>
          <Input id="reach-port" value={port} onChange={(e) => setPort(e.target.value)} className="w-24" inputMode="numeric" />
        </div>
        <Button type="submit" disabled={pending}>
          Check
        </Button>
      </div>
      {answer ? (
        <div className="mt-2" aria-live="polite">
          <Alert tone={answer.ok ? "success" : "warning"}>
            <p data-testid="reachability-answer">{answer.text}</p>
            {answer.line ? <p className="mt-1 font-mono text-xs">{answer.line}</p> : null}
          </Alert>
        </div>
      ) : null}
    </form>
  );
}
