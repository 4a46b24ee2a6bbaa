// What a record set answers now. A fixed address answers itself; a value that
// follows an instance answers its public address while it runs; one that
// follows an Elastic IP answers the address (it never changes); one that
// follows an instance group answers the public addresses of its in-service
// members. Read in a fixed number of queries, on the read-only connection.
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { inList } from "../../sql/in-list";
import { publicBindAddress } from "../../providers/qemu/availability";

export type ValueKind = "ip" | "instance" | "eip" | "group" | "name";
export interface RecordValue {
  kind: ValueKind;
  value: string;
}

type Reader = Parameters<typeof readRows>[0];

/** The addresses (A) or name (CNAME) each value gives now, in order, without repeats. */
export async function resolveValues(db: Reader, teamId: string, values: RecordValue[]): Promise<string[]> {
  const ids = (k: ValueKind) => values.filter((v) => v.kind === k).map((v) => v.value);
  const [instances, eips, members] = await Promise.all([
    ids("instance").length
      ? readRows<{ id: string; publicIp: string | null; provider: string }>(
          db,
          Prisma.sql`SELECT "id", "publicIp", "provider" FROM "Instance" WHERE "teamId" = ${teamId} AND "state" = 'running' AND ${inList(Prisma.sql`"id"`, ids("instance"))}`,
        )
      : [],
    ids("eip").length
      ? readRows<{ id: string; publicIp: string }>(db, Prisma.sql`SELECT "id", "publicIp" FROM "ElasticIp" WHERE "teamId" = ${teamId} AND "releasedAt" IS NULL AND ${inList(Prisma.sql`"id"`, ids("eip"))}`)
      : [],
    ids("group").length
      ? readRows<{ name: string; publicIp: string | null; provider: string }>(
          db,
          Prisma.sql`SELECT g."name", i."publicIp", i."provider" FROM "ScalingGroup" g JOIN "ScalingGroupMember" m ON m."groupId" = g."id" JOIN "Instance" i ON i."id" = m."instanceId"
            WHERE g."teamId" = ${teamId} AND ${inList(Prisma.sql`g."name"`, ids("group"))} AND m."lifecycle" = 'InService' AND m."health" = 'Healthy' AND i."state" = 'running' ORDER BY m."slot"`,
        )
      : [],
  ]);
  // A real VM's public side is the host's mapped ports (as DescribeInstances shows it).
  const publicOf = (r: { publicIp: string | null; provider: string }) => (r.provider === "qemu" && r.publicIp ? publicBindAddress() : r.publicIp);
  const out: string[] = [];
  const add = (ip: string | null | undefined) => ip && !out.includes(ip) && out.push(ip);
  for (const v of values) {
    if (v.kind === "ip" || v.kind === "name") add(v.value);
    else if (v.kind === "instance") add(instances.find((i) => i.id === v.value) && publicOf(instances.find((i) => i.id === v.value)!));
    else if (v.kind === "eip") add(eips.find((e) => e.id === v.value)?.publicIp);
    else for (const m of members.filter((x) => x.name === v.value)) add(publicOf(m));
  }
  return out;
}
