"use server";
// Server actions for images, instance types and team settings.
import { withCtx } from "./result";
import type { AddInstanceTypeInput, RegisterImageInput } from "../control-plane/catalog/schemas";
import type { InstanceLimitInput } from "../control-plane/teams/schemas";
import { registerImage, deregisterImage } from "../control-plane/catalog/images";
import { addInstanceType } from "../control-plane/catalog/types";
import { setInstanceLimit } from "../control-plane/teams/settings";

export async function registerImageAction(input: RegisterImageInput) {
  return withCtx((ctx) => registerImage({ ctx, input }));
}

export async function deregisterImageAction(imageId: string) {
  return withCtx((ctx) => deregisterImage({ ctx, input: { imageId } }));
}

export async function addInstanceTypeAction(input: AddInstanceTypeInput) {
  return withCtx((ctx) => addInstanceType({ ctx, input }));
}

export async function setInstanceLimitAction(input: InstanceLimitInput) {
  return withCtx((ctx) => setInstanceLimit({ ctx, input }));
}
