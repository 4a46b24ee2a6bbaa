// The DNS server's view of the database: zones (kept in memory for a second,
// they change rarely), record sets by name, and values resolved as they are
// now. Plain SQL on the read-only connection: microseconds per query.
import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { readRows } from "../sql/read-rows";
import { endsWith } from "../sql/dialect";
import { resolveValues, type RecordValue } from "../control-plane/dns/resolve";
import type { DnsLookup, RecordSetData, ZoneData } from "./answer";

const ZONES_FOR_MS = 1000;

export function dbLookup(db: Db): DnsLookup & { forget(): void } {
  let zones: Map<string, ZoneData> | null = null;
  let readAt = 0;
  return {
    forget() {
      zones = null;
    },
    async zones() {
      if (!zones || Date.now() - readAt > ZONES_FOR_MS) {
        const rows = await readRows<{ id: string; teamId: string; name: string; serial: bigint | number }>(db, Prisma.sql`SELECT "id", "teamId", "name", "serial" FROM "DnsZone"`);
        zones = new Map(rows.map((r) => [r.name, { id: r.id, teamId: r.teamId, name: r.name, serial: Number(r.serial) }]));
        readAt = Date.now();
      }
      return zones;
    },
    async recordSets(zone, name): Promise<RecordSetData[]> {
      const rows = await readRows<{ name: string; type: string; ttl: bigint | number; values: string }>(
        db,
        Prisma.sql`SELECT "name", "type", "ttl", "values" FROM "DnsRecordSet" WHERE "zoneId" = ${zone.id} AND "name" = ${name}`,
      );
      return rows.map((r) => ({ name: r.name, type: r.type, ttl: Number(r.ttl), values: JSON.parse(r.values) as RecordValue[] }));
    },
    async hasDescendants(zone, name) {
      // A suffix match without LIKE, so no name's characters act as wildcards.
      const suffix = `.${name}`;
      const [r] = await readRows<{ n: bigint | number }>(
        db,
        Prisma.sql`SELECT COUNT(*) AS n FROM "DnsRecordSet" WHERE "zoneId" = ${zone.id} AND length("name") > ${suffix.length} AND ${endsWith(Prisma.sql`"name"`, suffix)}`,
      );
      return Number(r?.n ?? 0) > 0;
    },
    resolve: (zone, values) => resolveValues(db, zone.teamId, values),
  };
}
