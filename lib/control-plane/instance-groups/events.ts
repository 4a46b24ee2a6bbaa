// Instance groups changed (created, resized, deleted): the group keeper looks
// now rather than at its next pass. On the event bus (every replica's).
import { bus } from "../../events";

export function notifyInstanceGroups(): void {
  bus.publish("instance-groups", null);
}

export function onInstanceGroups(fn: () => void): () => void {
  return bus.on("instance-groups", () => fn());
}
