// What the EC2 API benchmarks run against: an admin's access key and 1,000
// instances tagged fleet=bench, booted. Make the world an hour in the past, so
// the fleet has booted and the figures are the API's, not a boot storm's.
import type { BenchWorld } from "./world";
import { createAccessKey } from "../lib/control-plane/identity/access-keys";
import { addMember } from "../lib/control-plane/teams/members";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { Reconciler } from "../lib/reconciler/reconciler";
import { SimProvider } from "../lib/providers/sim";
import type { AccessKey } from "./ec2-client";

/** Keys are sealed with the server key of this process (STRATUS_SECRET_KEY, else the data directory's): give the servers the same. */
export async function apiFleet(w: BenchWorld): Promise<{ key: AccessKey; ids: string[] }> {
  const cli = { ...w.ctx, actor: { kind: "cli" as const } };
  const admin = await addMember({ ctx: cli, input: { email: "bench@api.test", role: "admin", password: "bench-password-1" } });
  const key = await createAccessKey({ ctx: cli, input: { userId: admin.userId } });
  const fleet = await launchInstances({ ctx: w.ctx, input: { imageId: "ami-f937d290", minCount: 1000, tags: [{ key: "fleet", value: "bench" }] } });
  w.clock.advance(3_600);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  return { key, ids: fleet.instances.map((i) => i.id) };
}

/** Request bodies: DescribeInstances of one id (200 ids), RunInstances count 1 (64 tags). */
export const describeById = (id: string) => `Action=DescribeInstances&Version=2016-11-15&InstanceId.1=${id}`;
export const runOne = (i: number) => `Action=RunInstances&Version=2016-11-15&ImageId=ami-f937d290&MinCount=1&MaxCount=1&TagSpecification.1.ResourceType=instance&TagSpecification.1.Tag.1.Key=n&TagSpecification.1.Tag.1.Value=${i}`;
