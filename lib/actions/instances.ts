"use server";
// Server actions for instances: the UI adapter. Each translates form values to
// a verb's input and calls it with the session's ctx; nothing else.
import { withCtx } from "./result";
import { launchInstances } from "../control-plane/instances/launch";
import type { LaunchInput } from "../control-plane/instances/schemas";
import { rebootInstances, startInstances, stopInstances, terminateInstances, simulateFailure } from "../control-plane/instances/actions";
import { createTags, deleteTags } from "../control-plane/tags/tags";
import { scheduleEvent, cancelEvent } from "../control-plane/instances/events";

/** The launch form sends the verb's own input (already checked in the browser by the same schema; checked again here). */
export async function launchAction(input: LaunchInput) {
  // The browser gets the views (the EC2 API's extra details stay on the server).
  return withCtx(async (ctx) => {
    const { ec2: _ec2, ...view } = await launchInstances({ ctx, input });
    return view;
  });
}

export async function rebootAction(instanceIds: string[]) {
  return withCtx((ctx) => rebootInstances({ ctx, input: { instanceIds } }));
}
export async function stopAction(instanceIds: string[]) {
  return withCtx((ctx) => stopInstances({ ctx, input: { instanceIds } }));
}
export async function startAction(instanceIds: string[]) {
  return withCtx((ctx) => startInstances({ ctx, input: { instanceIds } }));
}
export async function terminateAction(instanceIds: string[]) {
  return withCtx((ctx) => terminateInstances({ ctx, input: { instanceIds } }));
}
export async function simulateFailureAction(instanceId: string) {
  return withCtx((ctx) => simulateFailure({ ctx, input: { instanceId } }));
}
export async function setTagAction(resourceId: string, key: string, value: string) {
  return withCtx((ctx) => createTags({ ctx, input: { resourceIds: [resourceId], tags: [{ key, value }] } }));
}
export async function deleteTagAction(resourceId: string, key: string) {
  return withCtx((ctx) => deleteTags({ ctx, input: { resourceIds: [resourceId], tags: [{ key }] } }));
}

export async function scheduleEventAction(instanceId: string, code: string, notBefore: string) {
  return withCtx((ctx) => scheduleEvent({ ctx, input: { instanceId, code: code as "system-reboot", notBefore } }));
}
export async function cancelEventAction(eventId: string) {
  return withCtx((ctx) => cancelEvent({ ctx, input: { eventId } }));
}
