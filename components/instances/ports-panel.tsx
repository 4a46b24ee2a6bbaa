"use client";
// A real VM's public side: each host port its security groups open, who may
// connect, and the command to reach it. Polled, so authorize/revoke show at once.
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import type { PortView } from "@/lib/control-plane/instances/ports";
import { ScrollBox } from "@/components/ui/table";

export function PortsPanel({ instanceId, running }: { instanceId: string; running: boolean }) {
  const { data } = useQuery({
    queryKey: ["instances", instanceId, "ports"],
    queryFn: () => fetchJson<{ ports: PortView[] }>(`/api/instances/${instanceId}/ports`),
    refetchInterval: running ? 1_000 : false,
  });
  return (
    <section aria-label="Port mappings" className="rounded-lg bg-white p-4 shadow-xs ring-1 ring-zinc-200">
      <h2 className="mb-1 text-sm font-semibold text-zinc-800">Port mappings</h2>
      <p className="mb-2 text-sm text-zinc-600">
        The host's NAT firewall opens a port for each TCP or UDP port the instance&apos;s security groups allow, admitting only their sources.
      </p>
      {!running ? (
        <p className="text-sm text-zinc-600">Ports are mapped while the instance runs.</p>
      ) : !data || data.ports.length === 0 ? (
        <p className="text-sm text-zinc-600">No ports are open: authorize one in a security group (for example tcp 22 or 80).</p>
      ) : (
        <ScrollBox><table className="w-full text-sm" aria-label="Port mappings">
          <thead>
            <tr className="text-left text-zinc-500">
              <th className="py-1 font-medium">Mapping</th>
              <th className="py-1 font-medium">Sources</th>
              <th className="py-1 font-medium">Reach it with</th>
            </tr>
          </thead>
          <tbody>
            {data.ports.map((p) => (
              <tr key={`${p.protocol}/${p.guestPort}`} className="border-t border-zinc-100">
                <td className="py-1 font-mono">{p.label}</td>
                <td className="py-1 font-mono">{p.sources.join(", ")}</td>
                <td className="py-1">
                  <code className="rounded bg-zinc-100 px-1 font-mono text-xs">{p.command}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table></ScrollBox>
      )}
    </section>
  );
}
