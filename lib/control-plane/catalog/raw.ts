// Images and instance types by plain SQL, for the background loops.
import { Prisma, type Image, type InstanceType } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { date, dateOrNull, int } from "../../sql/decode";

type Reader = Parameters<typeof readRows>[0];

export async function imagesById(db: Reader, ids: string[]): Promise<Map<string, Image>> {
  if (ids.length === 0) return new Map();
  const rows = await readRows<Record<keyof Image, unknown>>(db, Prisma.sql`SELECT * FROM "Image" WHERE "id" IN (${Prisma.join(ids)})`);
  return new Map(rows.map((r) => [r.id as string, { ...(r as Image), bootSeconds: int(r.bootSeconds), createdAt: date(r.createdAt), deregisteredAt: dateOrNull(r.deregisteredAt) }]));
}

export async function typesByName(db: Reader, names: string[]): Promise<InstanceType[]> {
  if (names.length === 0) return [];
  const rows = await readRows<Record<keyof InstanceType, unknown>>(db, Prisma.sql`SELECT * FROM "InstanceType" WHERE "name" IN (${Prisma.join(names)})`);
  return rows.map((r) => ({ ...(r as InstanceType), memoryMiB: int(r.memoryMiB), vcpus: int(r.vcpus), ecuPerCore: Number(r.ecuPerCore), storageGb: int(r.storageGb), createdAt: date(r.createdAt) }));
}
