// The instance as adapters see it (console table, detail page, EC2 XML).
import { STATE_CODE, isState, type InstanceState } from "../../instance-state";
import { publicBindAddress } from "../../providers/qemu/availability";
import { date } from "../../sql/decode";

export interface InstanceView {
  id: string;
  name: string;
  reservationId: string;
  launchIndex: number;
  imageId: string;
  imageName: string;
  rootDeviceType: string;
  architecture: string;
  instanceType: string;
  state: InstanceState;
  stateCode: number;
  stateReason: { code: string; message: string };
  privateIp: string | null;
  publicIp: string | null;
  privateDns: string;
  publicDns: string;
  keyName: string | null;
  availabilityZone: string;
  launchedAt: string;
  stateChangedAt: string;
  terminatedAt: string | null;
  launchedBy: string;
  provider: string;
  tags: Record<string, string>;
  groups: { id: string; name: string }[];
  storageLost: boolean;
  /** Scheduled events not yet carried out. */
  events: { id: string; code: string; notBefore: string; description: string }[];
  /** pending, stopping or shutting-down: the UI polls fast while any row is. */
  transitioning: boolean;
}

export interface InstanceRow {
  id: string;
  reservationId: string;
  launchIndex: number | bigint;
  imageId: string;
  instanceType: string;
  state: string;
  stateReasonCode: string;
  stateReasonMsg: string;
  privateIp: string | null;
  publicIp: string | null;
  privateDns: string;
  publicDns: string;
  keyName: string | null;
  availabilityZone: string;
  launchedAt: Date | string | number;
  stateChangedAt: Date | string | number;
  terminatedAt: Date | string | number | null;
  launchedBy: string;
  provider: string;
  storageLost: boolean | number | bigint;
}

export function toDate(v: Date | string | number | bigint): Date {
  return date(v);
}

export function instanceView(
  r: InstanceRow,
  extra: {
    name?: string | null;
    imageName?: string | null;
    rootDeviceType?: string | null;
    architecture?: string | null;
    tags?: Record<string, string>;
    groups?: { id: string; name: string }[];
    events?: InstanceView["events"];
  },
): InstanceView {
  const state: InstanceState = isState(r.state) ? r.state : "pending";
  return {
    id: r.id,
    name: extra.name ?? extra.tags?.Name ?? "",
    reservationId: r.reservationId,
    launchIndex: Number(r.launchIndex),
    imageId: r.imageId,
    imageName: extra.imageName ?? "",
    rootDeviceType: extra.rootDeviceType ?? "instance-store",
    architecture: extra.architecture ?? "",
    instanceType: r.instanceType,
    state,
    stateCode: STATE_CODE[state],
    stateReason: { code: r.stateReasonCode, message: r.stateReasonMsg },
    privateIp: r.privateIp,
    // A real VM's public side is the host: its ports are mapped on the bind address.
    publicIp: r.provider === "qemu" && r.publicIp ? publicBindAddress() : r.publicIp,
    privateDns: r.privateDns,
    publicDns: r.provider === "qemu" && r.publicIp ? "" : r.publicDns,
    keyName: r.keyName,
    availabilityZone: r.availabilityZone,
    launchedAt: toDate(r.launchedAt).toISOString(),
    stateChangedAt: toDate(r.stateChangedAt).toISOString(),
    terminatedAt: r.terminatedAt === null ? null : toDate(r.terminatedAt).toISOString(),
    launchedBy: r.launchedBy,
    provider: r.provider,
    tags: extra.tags ?? {},
    groups: extra.groups ?? [],
    storageLost: Boolean(Number(r.storageLost)),
    events: extra.events ?? [],
    transitioning: state === "pending" || state === "stopping" || state === "shutting-down",
  };
}
