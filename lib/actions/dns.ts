"use server";
// Server actions for DNS zones and record sets.
import { withCtx } from "./result";
import { createZone, deleteZone, putRecordSet, deleteRecordSet } from "../control-plane/dns/zones";
import type { RecordValue } from "../control-plane/dns/resolve";

export async function createZoneAction(name: string) {
  return withCtx((ctx) => createZone({ ctx, input: { name } }));
}
export async function deleteZoneAction(zoneId: string) {
  return withCtx((ctx) => deleteZone({ ctx, input: { zoneId } }));
}
export async function putRecordSetAction(zoneId: string, f: { name: string; type: string; ttl: string; values: RecordValue[] }) {
  return withCtx((ctx) => putRecordSet({ ctx, input: { zoneId, name: f.name, type: f.type as "A", ttl: f.ttl as unknown as number, values: f.values } }));
}
export async function deleteRecordSetAction(zoneId: string, recordSetId: string) {
  return withCtx((ctx) => deleteRecordSet({ ctx, input: { zoneId, recordSetId } }));
}
