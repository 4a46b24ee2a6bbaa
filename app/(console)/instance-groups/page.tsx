import { requireCtx } from "@/lib/auth/request";
import { describeGroups } from "@/lib/control-plane/instance-groups/groups";
import { describeLaunchTemplates } from "@/lib/control-plane/launch-templates/templates";
import { describeZones } from "@/lib/control-plane/instance-groups/outage";
import { describeAddresses } from "@/lib/control-plane/addresses/elastic-ips";
import { GroupsView } from "@/components/instance-groups/groups-view";
import { ZonesPanel } from "@/components/instance-groups/zones-panel";

export const metadata = { title: "Instance groups" };

export default async function InstanceGroupsPage() {
  const ctx = await requireCtx();
  const [groups, templates, zones, addresses] = await Promise.all([
    describeGroups({ ctx, input: {} }),
    describeLaunchTemplates({ ctx, input: {} }),
    describeZones({ ctx, input: {} }),
    describeAddresses({ ctx, input: {} }),
  ]);
  return (
    <div className="space-y-8">
      <GroupsView groups={groups} templates={templates.map((t) => ({ id: t.id, name: t.name, latestVersion: t.latestVersion }))} zones={zones.map((z) => z.zone)} addresses={addresses.map((a) => ({ id: a.allocationId, publicIp: a.publicIp }))} role={ctx.role} />
      <ZonesPanel zones={zones} role={ctx.role} simTime={ctx.clock.now().toISOString()} />
    </div>
  );
}
