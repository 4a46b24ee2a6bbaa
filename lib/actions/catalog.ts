"use server";
// Server actions for images, instance types and team settings.
import { withCtx } from "./result";
import { registerImage, deregisterImage } from "../control-plane/catalog/images";
import { addInstanceType } from "../control-plane/catalog/types";
import { setInstanceLimit } from "../control-plane/teams/settings";

export async function registerImageAction(form: { name: string; description: string; architecture: string; rootDeviceType: string }) {
  return withCtx((ctx) => registerImage({ ctx, input: form as Parameters<typeof registerImage>[0]["input"] }));
}

export async function deregisterImageAction(imageId: string) {
  return withCtx((ctx) => deregisterImage({ ctx, input: { imageId } }));
}

export async function addInstanceTypeAction(form: { name: string; memoryMiB: string; vcpus: string; ecuPerCore: string; storageGb: string; architecture: string; hourlyUsd: string }) {
  return withCtx((ctx) => addInstanceType({ ctx, input: form as unknown as Parameters<typeof addInstanceType>[0]["input"] }));
}

export async function setInstanceLimitAction(instanceLimit: string) {
  return withCtx((ctx) => setInstanceLimit({ ctx, input: { instanceLimit: instanceLimit as unknown as number } }));
}
