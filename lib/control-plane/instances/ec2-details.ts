// What the EC2 API shows of an instance beyond the console's view: its VPC
// placement and network interface, the client token of its launch, its
// attributes, metadata options and attached volumes. One statement for any
// number of instances, read next to the views.
import { Prisma } from "../../generated/prisma/client";
import { readRows } from "../../sql/read-rows";
import { inList } from "../../sql/in-list";
import type { Ctx, TxCtx } from "../context";
import { toDate } from "./view";
import { jsonRowsAgg } from "../../sql/dialect";

export interface Ec2Details {
  subnetId: string | null;
  vpcId: string | null;
  networkInterfaceId: string | null;
  clientToken: string | null;
  disableApiTermination: boolean;
  disableApiStop: boolean;
  /** stop | terminate, as set or the root device's default. */
  shutdownBehavior: string;
  sourceDestCheck: boolean;
  ebsOptimized: boolean;
  metadata: { httpTokens: "optional" | "required"; httpEndpoint: string; httpPutResponseHopLimit: number; instanceMetadataTags: string };
  volumes: { id: string; device: string; attachedAt: string; deleteOnTermination: boolean }[];
}

type Row = {
  id: string; subnetId: string | null; vpcId: string | null; networkInterfaceId: string | null; clientToken: string | null; disableApiTermination: unknown; disableApiStop: unknown;
  shutdownBehavior: string; sourceDestCheck: unknown; ebsOptimized: unknown; tokensRequired: unknown; httpEndpoint: string; httpPutResponseHopLimit: unknown; instanceMetadataTags: string;
  rootDeviceType: string | null; volumesJson: string;
};

const on = (v: unknown) => Boolean(Number(v));

/** What an instance does when its OS shuts down, unless set: an EBS root stops, instance storage terminates. */
export const defaultShutdown = (rootDeviceType: string | null): "stop" | "terminate" => (rootDeviceType === "ebs" ? "stop" : "terminate");

/** The MAC address of an interface: stable, locally administered, from its id. */
export const macOf = (eni: string) => `0e:${eni.slice(4, 14).match(/../g)!.join(":")}`;

export async function ec2Details(ctx: Ctx | TxCtx, ids: string[]): Promise<Map<string, Ec2Details>> {
  if (!ids.length) return new Map();
  const rows = await readRows<Row>(
    ctx.db,
    Prisma.sql`SELECT i."id", i."subnetId", s."vpcId", i."networkInterfaceId", r."clientToken", i."disableApiTermination", i."disableApiStop", i."shutdownBehavior",
      i."sourceDestCheck", i."ebsOptimized", i."tokensRequired", i."httpEndpoint", i."httpPutResponseHopLimit", i."instanceMetadataTags", img."rootDeviceType",
      (SELECT ${jsonRowsAgg([Prisma.sql`v."id"`, Prisma.sql`v."device"`, Prisma.sql`v."attachedAt"`, Prisma.sql`v."deleteOnTermination"`])} FROM "Volume" v WHERE v."instanceId" = i."id" AND v."state" = 'in-use') AS "volumesJson"
    FROM "Instance" i LEFT JOIN "Subnet" s ON s."id" = i."subnetId" LEFT JOIN "Reservation" r ON r."id" = i."reservationId" LEFT JOIN "Image" img ON img."id" = i."imageId"
    WHERE i."teamId" = ${ctx.team.id} AND ${inList(Prisma.sql`i."id"`, [...new Set(ids)])}`,
  );
  const out = new Map<string, Ec2Details>();
  for (const r of rows)
    out.set(r.id, {
      subnetId: r.subnetId,
      vpcId: r.vpcId,
      networkInterfaceId: r.networkInterfaceId,
      clientToken: r.clientToken,
      disableApiTermination: on(r.disableApiTermination),
      disableApiStop: on(r.disableApiStop),
      shutdownBehavior: r.shutdownBehavior || defaultShutdown(r.rootDeviceType),
      sourceDestCheck: on(r.sourceDestCheck),
      ebsOptimized: on(r.ebsOptimized),
      metadata: { httpTokens: on(r.tokensRequired) ? "required" : "optional", httpEndpoint: r.httpEndpoint, httpPutResponseHopLimit: Number(r.httpPutResponseHopLimit), instanceMetadataTags: r.instanceMetadataTags },
      volumes: (JSON.parse(r.volumesJson) as [string, string, number | string, number | boolean][]).map(([id, device, at, del]) => ({ id, device, attachedAt: toDate(at).toISOString(), deleteOnTermination: Boolean(del) })),
    });
  return out;
}
