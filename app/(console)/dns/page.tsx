import { requireCtx } from "@/lib/auth/request";
import { listZones, listRecordSets } from "@/lib/control-plane/dns/zones";
import { listInstances } from "@/lib/control-plane/instances/list";
import { describeAddresses } from "@/lib/control-plane/addresses/elastic-ips";
import { describeGroups } from "@/lib/control-plane/instance-groups/groups";
import { dnsSettings } from "@/lib/dns/settings";
import { DnsView } from "@/components/dns/dns-view";

export const metadata = { title: "DNS" };

export default async function DnsPage({ searchParams }: { searchParams: Promise<{ zone?: string }> }) {
  const ctx = await requireCtx();
  const zones = await listZones({ ctx, input: {} });
  const wanted = (await searchParams).zone;
  const zone = zones.find((z) => z.id === wanted) ?? zones[0] ?? null;
  const [records, instances, addresses, groups] = await Promise.all([
    zone ? listRecordSets({ ctx, input: { zoneId: zone.id } }) : null,
    listInstances({ ctx, input: { states: ["pending", "running"], pageSize: 1000, sort: "name", dir: "asc" } }),
    describeAddresses({ ctx, input: {} }),
    describeGroups({ ctx, input: {} }),
  ]);
  const server = dnsSettings();
  return (
    <DnsView
      zones={zones}
      zone={zone}
      recordSets={records?.recordSets ?? []}
      server={server.port ? { address: server.bind === "0.0.0.0" ? "127.0.0.1" : server.bind, port: server.port } : null}
      targets={{
        instances: instances.items.map((i) => ({ id: i.id, label: i.name ? `${i.name} — ${i.id}` : i.id })),
        eips: addresses.map((a) => ({ id: a.allocationId, label: `${a.publicIp} — ${a.allocationId}` })),
        groups: groups.map((g) => ({ id: g.name, label: g.name })),
      }}
      role={ctx.role}
    />
  );
}
