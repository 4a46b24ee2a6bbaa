// Instance groups changed (created, resized, deleted): the group keeper looks
// now rather than at its next pass. On the process's one event bus.
import { bus } from "../../events";

export function notifyInstanceGroups(): void {
  bus.emit("instance-groups");
}

export function onInstanceGroups(fn: () => void): () => void {
  bus.on("instance-groups", fn);
  return () => bus.off("instance-groups", fn);
}
