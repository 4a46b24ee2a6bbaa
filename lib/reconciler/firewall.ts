// Keeps every provider's firewall equal to the security groups: when rules
// change, when an instance starts running, when group membership changes
// (a source group's member addresses), and once at start-up.
import type { Db } from "../db";
import type { Clock } from "../clock";
import type { ComputeProvider, EnforcedRule } from "../providers/types";
import { onGroups, onInstances } from "../events";
import { inChunks } from "../sql/chunks";
import { logger } from "../log";

/** The enforced rules of each running instance of these teams' groups (all running instances when groupIds is null). */
export async function computeFirewall(db: Db, instanceIds: string[] | null): Promise<Map<string, { provider: string; rules: EnforcedRule[] }>> {
  const instances = instanceIds
    ? await inChunks(instanceIds, (c) => db.instance.findMany({ where: { id: { in: c }, state: "running" }, select: { id: true, provider: true, teamId: true } }))
    : await db.instance.findMany({ where: { state: "running" }, select: { id: true, provider: true, teamId: true } });
  const out = new Map<string, { provider: string; rules: EnforcedRule[] }>();
  if (instances.length === 0) return out;
  const links = await inChunks(instances.map((i) => i.id), (c) => db.instanceGroup.findMany({ where: { instanceId: { in: c } } }));
  const groupIds = [...new Set(links.map((l) => l.groupId))];
  const rules = await inChunks(groupIds, (c) => db.securityGroupRule.findMany({ where: { groupId: { in: c } } }));
  // Members of groups named as sources: their private addresses.
  const sourceIds = [...new Set(rules.map((r) => r.sourceGroupId).filter((x): x is string => Boolean(x)))];
  const sourceLinks = await inChunks(sourceIds, (c) => db.instanceGroup.findMany({ where: { groupId: { in: c } } }));
  const members = await inChunks([...new Set(sourceLinks.map((l) => l.instanceId))], (c) =>
    db.instance.findMany({ where: { id: { in: c }, state: "running" }, select: { id: true, privateIp: true } }),
  );
  const ipOf = new Map(members.map((m) => [m.id, m.privateIp]));
  const memberIps = new Map<string, string[]>();
  for (const l of sourceLinks) {
    const ip = ipOf.get(l.instanceId);
    if (ip) (memberIps.get(l.groupId) ?? memberIps.set(l.groupId, []).get(l.groupId)!).push(`${ip}/32`);
  }
  for (const inst of instances) {
    const mine = new Set(links.filter((l) => l.instanceId === inst.id).map((l) => l.groupId));
    const enforced = rules
      .filter((r) => mine.has(r.groupId))
      .map((r) => ({ protocol: r.protocol as EnforcedRule["protocol"], fromPort: r.fromPort, toPort: r.toPort, cidrs: r.cidr ? [r.cidr] : (memberIps.get(r.sourceGroupId!) ?? []), ruleId: r.id }));
    out.set(inst.id, { provider: inst.provider, rules: enforced });
  }
  return out;
}

export class FirewallSync {
  private offs: (() => void)[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
  ) {}

  /** Pushes the computed rules to the providers (all running instances when ids is null). */
  async sync(instanceIds: string[] | null): Promise<number> {
    const fw = await computeFirewall(this.db, instanceIds);
    for (const [id, { provider, rules }] of fw) await this.providers.get(provider)?.applyFirewall(id, rules, this.clock.now());
    if (instanceIds) {
      const gone = instanceIds.filter((id) => !fw.has(id));
      for (const p of this.providers.values()) for (const id of gone) await p.forget(id);
    }
    return fw.size;
  }

  private enqueue(ids: () => Promise<string[] | null>) {
    this.queue = this.queue.then(async () => {
      try {
        await this.sync(await ids());
      } catch (e) {
        logger.error({ err: e }, "firewall sync failed");
      }
    });
  }

  start(): void {
    this.enqueue(async () => null);
    // A group changed: its members, and everyone whose rules name it as a source.
    this.offs.push(
      onGroups((groupIds) =>
        this.enqueue(async () => {
          const referencing = await this.db.securityGroupRule.findMany({ where: { sourceGroupId: { in: groupIds } }, select: { groupId: true } });
          const all = [...new Set([...groupIds, ...referencing.map((r) => r.groupId)])];
          return (await this.db.instanceGroup.findMany({ where: { groupId: { in: all } }, select: { instanceId: true } })).map((l) => l.instanceId);
        }),
      ),
    );
    // An instance came up or went away: its own rules, and rules naming its groups.
    this.offs.push(
      onInstances((ids) =>
        this.enqueue(async () => {
          const links = await inChunks(ids, (c) => this.db.instanceGroup.findMany({ where: { instanceId: { in: c } }, select: { groupId: true } }));
          const groups = [...new Set(links.map((l) => l.groupId))];
          const referencing = await this.db.securityGroupRule.findMany({ where: { sourceGroupId: { in: groups } }, select: { groupId: true } });
          const affected = [...new Set(referencing.map((r) => r.groupId))];
          const others = affected.length ? (await this.db.instanceGroup.findMany({ where: { groupId: { in: affected } }, select: { instanceId: true } })).map((l) => l.instanceId) : [];
          return [...new Set([...ids, ...others])];
        }),
      ),
    );
  }

  /** Resolves when every queued sync has run (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
  }
}
