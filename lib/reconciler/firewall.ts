// Keeps every provider's firewall equal to the security groups: when rules
// change, when an instance starts running, when group membership changes
// (a source group's member addresses), and once at start-up.
import type { Db } from "../db";
import type { Clock } from "../clock";
import type { ComputeProvider, EnforcedRule } from "../providers/types";
import { onGroups, onInstances, onRefresh } from "../events";
import { inChunks } from "../sql/chunks";
import { Prisma } from "../generated/prisma/client";
import { readRows } from "../sql/read-rows";
import { mayRun, type LoopOptions } from "../cluster/fence";
import { logger } from "../log";

type Reader = Parameters<typeof readRows>[0];
const ids = (c: string[]) => Prisma.join(c);

/** The enforced rules of these running instances (all running instances when instanceIds is null). Plain SQL, linear in the rows. */
export async function computeFirewall(db: Reader, instanceIds: string[] | null): Promise<Map<string, { provider: string; rules: EnforcedRule[] }>> {
  type Inst = { id: string; provider: string };
  const instances = instanceIds
    ? await inChunks(instanceIds, (c) => readRows<Inst>(db, Prisma.sql`SELECT "id", "provider" FROM "Instance" WHERE "id" IN (${ids(c)}) AND "state" = 'running'`))
    : await readRows<Inst>(db, Prisma.sql`SELECT "id", "provider" FROM "Instance" WHERE "state" = 'running'`);
  const out = new Map<string, { provider: string; rules: EnforcedRule[] }>();
  if (instances.length === 0) return out;
  type Link = { instanceId: string; groupId: string };
  const links = await inChunks(instances.map((i) => i.id), (c) => readRows<Link>(db, Prisma.sql`SELECT "instanceId", "groupId" FROM "InstanceGroup" WHERE "instanceId" IN (${ids(c)})`));
  const groupIds = [...new Set(links.map((l) => l.groupId))];
  type Rule = { id: string; groupId: string; protocol: string; fromPort: unknown; toPort: unknown; cidr: string | null; sourceGroupId: string | null };
  const rules = await inChunks(groupIds, (c) =>
    readRows<Rule>(db, Prisma.sql`SELECT "id", "groupId", "protocol", "fromPort", "toPort", "cidr", "sourceGroupId" FROM "SecurityGroupRule" WHERE "groupId" IN (${ids(c)})`),
  );
  // Members of groups named as sources: their private addresses, while running.
  const sourceIds = [...new Set(rules.map((r) => r.sourceGroupId).filter((x): x is string => Boolean(x)))];
  const members = await inChunks(sourceIds, (c) =>
    readRows<{ groupId: string; ip: string }>(
      db,
      Prisma.sql`SELECT ig."groupId", i."privateIp" AS ip FROM "InstanceGroup" ig JOIN "Instance" i ON i."id" = ig."instanceId" WHERE ig."groupId" IN (${ids(c)}) AND i."state" = 'running' AND i."privateIp" IS NOT NULL`,
    ),
  );
  const memberIps = new Map<string, string[]>();
  for (const m of members) (memberIps.get(m.groupId) ?? memberIps.set(m.groupId, []).get(m.groupId)!).push(`${m.ip}/32`);
  const rulesOf = new Map<string, EnforcedRule[]>();
  for (const r of rules)
    (rulesOf.get(r.groupId) ?? rulesOf.set(r.groupId, []).get(r.groupId)!).push({
      protocol: r.protocol as EnforcedRule["protocol"], fromPort: Number(r.fromPort), toPort: Number(r.toPort), cidrs: r.cidr ? [r.cidr] : (memberIps.get(r.sourceGroupId!) ?? []), ruleId: r.id,
    });
  const groupsOf = new Map<string, string[]>();
  for (const l of links) (groupsOf.get(l.instanceId) ?? groupsOf.set(l.instanceId, []).get(l.instanceId)!).push(l.groupId);
  for (const inst of instances) out.set(inst.id, { provider: inst.provider, rules: (groupsOf.get(inst.id) ?? []).flatMap((g) => rulesOf.get(g) ?? []) });
  return out;
}

/** Running instances in these groups or in groups whose rules name them as a source. */
async function affectedBy(db: Reader, groupIds: string[]): Promise<string[]> {
  if (groupIds.length === 0) return [];
  const rows = await readRows<{ instanceId: string }>(
    db,
    Prisma.sql`SELECT DISTINCT ig."instanceId" FROM "InstanceGroup" ig JOIN "Instance" i ON i."id" = ig."instanceId"
      WHERE i."state" = 'running' AND (ig."groupId" IN (${ids(groupIds)}) OR ig."groupId" IN (SELECT "groupId" FROM "SecurityGroupRule" WHERE "sourceGroupId" IN (${ids(groupIds)})))`,
  );
  return rows.map((r) => r.instanceId);
}

export class FirewallSync {
  private offs: (() => void)[] = [];
  private running = false;
  private queue: Promise<void> = Promise.resolve();
  private scheduled = false;
  // Notifications pile up here while a sync runs, and are handled together.
  private pendingAll = false;
  private pendingGroups = new Set<string>();
  private pendingInstances = new Set<string>();
  /** Instances whose rules the providers enforce now (the running ones, as of the last sync). */
  private enforced = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly providers: Map<string, ComputeProvider>,
    private readonly opts: LoopOptions = {},
  ) {}

  /** Pushes the computed rules to the providers (all running instances when ids is null). */
  async sync(instanceIds: string[] | null): Promise<number> {
    const fw = await computeFirewall(this.db, instanceIds);
    for (const [id, { provider, rules }] of fw) await this.providers.get(provider)?.applyFirewall(id, rules, this.clock.now());
    if (instanceIds) {
      const gone = instanceIds.filter((id) => !fw.has(id));
      for (const p of this.providers.values()) for (const id of gone) await p.forget(id);
      for (const id of gone) this.enforced.delete(id);
    } else this.enforced.clear();
    for (const id of fw.keys()) this.enforced.add(id);
    return fw.size;
  }

  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    this.queue = this.queue.then(async () => {
      this.scheduled = false;
      try {
        // Only the leader enforces (the lease stops this sync soon after).
        if (this.running && (await mayRun(this.opts))) await this.flush();
      } catch (e) {
        logger.error({ err: e }, "firewall sync failed");
      }
    });
  }

  private async flush(): Promise<void> {
    if (this.pendingAll) {
      this.pendingAll = false;
      this.pendingGroups.clear();
      this.pendingInstances.clear();
      await this.sync(null);
      return;
    }
    const groups = [...this.pendingGroups];
    const notified = [...this.pendingInstances];
    this.pendingGroups.clear();
    this.pendingInstances.clear();
    // Only an instance that started or stopped running changes anything: its
    // own rules, and the source-group addresses of rules naming its groups.
    // A launch (pending) or a reboot changes nothing.
    const running = new Set(
      (await inChunks(notified, (c) => readRows<{ id: string }>(this.db, Prisma.sql`SELECT "id" FROM "Instance" WHERE "id" IN (${ids(c)}) AND "state" = 'running'`))).map((r) => r.id),
    );
    const moved = notified.filter((id) => running.has(id) !== this.enforced.has(id));
    if (moved.length) {
      const links = await inChunks(moved, (c) => readRows<{ groupId: string }>(this.db, Prisma.sql`SELECT DISTINCT "groupId" FROM "InstanceGroup" WHERE "instanceId" IN (${ids(c)})`));
      const referencing = await readRows<{ groupId: string }>(
        this.db,
        Prisma.sql`SELECT DISTINCT "groupId" FROM "SecurityGroupRule" WHERE "sourceGroupId" IN (${ids([...new Set(links.map((l) => l.groupId)), ""])})`,
      );
      for (const r of referencing) this.pendingGroups.add(r.groupId);
    }
    const fromGroups = await affectedBy(this.db, [...new Set([...groups, ...this.pendingGroups])]);
    this.pendingGroups.clear();
    const all = [...new Set([...moved, ...fromGroups])];
    if (all.length) await this.sync(all);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.pendingAll = true;
    this.schedule();
    // A group changed: its members, and everyone whose rules name it as a source.
    this.offs.push(
      onGroups((groupIds) => {
        for (const g of groupIds) this.pendingGroups.add(g);
        this.schedule();
      }),
    );
    // An instance came up or went away: its own rules, and rules naming its groups.
    this.offs.push(
      onInstances((instanceIds) => {
        for (const id of instanceIds) this.pendingInstances.add(id);
        this.schedule();
      }),
    );
    // Events may have been missed (another replica's): everything again.
    this.offs.push(
      onRefresh(() => {
        this.pendingAll = true;
        this.schedule();
      }),
    );
  }

  /** Resolves when every queued sync has run (tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Stops listening; resolves when a sync under way is done. A restart syncs everything again. */
  async stop(): Promise<void> {
    this.running = false;
    for (const off of this.offs) off();
    this.offs = [];
    await this.queue;
  }
}
