// DescribeVolumes: the EBS root volumes of EBS-backed instances.
import type { Ctx } from "../../control-plane/context";
import { ServiceError } from "../../errors";
import { describeVolumes, type VolumeView } from "../../control-plane/volumes/volumes";
import { tagSet } from "../../control-plane/tags/resource-tags";
import { items } from "../xml";
import { int, list, str, type Params } from "../query";
import { applyFilters, readFilters, type Accessors } from "./filtering";
import { iso } from "./instances";
import { zoneId } from "./vpc";

const VOLUME_FILTERS: Accessors<VolumeView> = {
  "volume-id": (v) => v.id,
  "attachment.instance-id": (v) => v.attachment?.instanceId,
  "attachment.device": (v) => v.attachment?.device,
  "attachment.status": (v) => v.attachment?.state,
  "attachment.delete-on-termination": (v) => v.attachment?.deleteOnTermination,
  "attachment.attach-time": (v) => (v.attachment ? iso(v.attachment.attachedAt) : null),
  "availability-zone": (v) => v.availabilityZone,
  "create-time": (v) => iso(v.createdAt),
  encrypted: () => false,
  "multi-attach-enabled": () => false,
  size: (v) => v.sizeGiB,
  "snapshot-id": (v) => v.snapshotId,
  status: (v) => v.state,
  "volume-type": (v) => v.volumeType,
};

export async function describeVolumesApi(ctx: Ctx, p: Params) {
  const filters = readFilters(p, Object.keys(VOLUME_FILTERS));
  const max = int(p, "MaxResults", { min: 5, max: 500 });
  const ids = list(p, "VolumeId");
  if (max !== undefined && ids.length) throw new ServiceError("InvalidParameterCombination", "MaxResults can't be used with VolumeId.");
  const shown = applyFilters(await describeVolumes({ ctx, input: { volumeIds: ids } }), filters, VOLUME_FILTERS, (v) => v.tags);
  const offset = Number(str(p, "NextToken") ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new ServiceError("InvalidParameterValue", "The NextToken is not valid: pass back the token a previous response returned.");
  const page = max === undefined ? shown : shown.slice(offset, offset + max);
  return {
    volumeSet: items(
      page.map((v) => ({
        volumeId: v.id,
        size: v.sizeGiB,
        snapshotId: v.snapshotId,
        availabilityZone: v.availabilityZone,
        availabilityZoneId: zoneId(v.availabilityZone),
        status: v.state,
        createTime: iso(v.createdAt),
        attachmentSet: items(v.attachment ? [{ volumeId: v.id, instanceId: v.attachment.instanceId, device: v.attachment.device, status: v.attachment.state, attachTime: iso(v.attachment.attachedAt), deleteOnTermination: v.attachment.deleteOnTermination }] : []),
        tagSet: items(tagSet(v.tags)),
        volumeType: v.volumeType,
        encrypted: false,
        multiAttachEnabled: false,
      })),
    ),
    nextToken: max !== undefined && shown.length > offset + max ? String(offset + max) : undefined,
  };
}
