// Whole Instance rows by plain SQL, typed as Prisma's model, for the
// background loops (reconciler, console pump) that read them on every pass.
import { Prisma, type Instance } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { bool, date, dateOrNull, int, intOrNull } from "../../sql/decode";
import { inList } from "../../sql/in-list";

type Raw = Record<keyof Instance, unknown>;

export function decodeInstance(r: Raw): Instance {
  return {
    ...(r as Instance),
    launchIndex: int(r.launchIndex),
    bootCount: int(r.bootCount),
    launchedAt: date(r.launchedAt),
    stateChangedAt: date(r.stateChangedAt),
    nextCheckAt: dateOrNull(r.nextCheckAt),
    terminatedAt: dateOrNull(r.terminatedAt),
    tokensRequired: bool(r.tokensRequired),
    storageLost: bool(r.storageLost),
    seq: intOrNull(r.seq),
    disableApiTermination: bool(r.disableApiTermination),
    disableApiStop: bool(r.disableApiStop),
    sourceDestCheck: bool(r.sourceDestCheck),
    ebsOptimized: bool(r.ebsOptimized),
    httpPutResponseHopLimit: int(r.httpPutResponseHopLimit),
  };
}

type Reader = Parameters<typeof readRows>[0];

export async function instancesWhere(db: Reader, where: Prisma.Sql, tail: Prisma.Sql = Prisma.empty): Promise<Instance[]> {
  return (await readRows<Raw>(db, Prisma.sql`SELECT * FROM "Instance" WHERE ${where} ${tail}`)).map(decodeInstance);
}

export async function instancesByIds(db: Reader, ids: string[]): Promise<Instance[]> {
  return instancesWhere(db, inList(Prisma.sql`"id"`, ids));
}
