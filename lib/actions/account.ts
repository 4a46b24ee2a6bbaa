"use server";
// Server actions for one's own account: password and access keys.
import { withCtx } from "./result";
import { changePassword } from "../control-plane/identity/password";
import { createAccessKey, deleteAccessKey, setAccessKeyStatus } from "../control-plane/identity/access-keys";

export async function changePasswordAction(input: { current: string; next: string }) {
  return withCtx((ctx) => changePassword({ ctx, input }));
}

/** Only a description: the key is generated for the signed-in person (no userId or preset from the browser). */
export async function createAccessKeyAction(input: { description?: string }) {
  return withCtx((ctx) => createAccessKey({ ctx, input: { description: input.description } }));
}

export async function setAccessKeyStatusAction(accessKeyId: string, status: "Active" | "Inactive") {
  return withCtx((ctx) => setAccessKeyStatus({ ctx, input: { accessKeyId, status } }));
}

export async function deleteAccessKeyAction(accessKeyId: string) {
  return withCtx((ctx) => deleteAccessKey({ ctx, input: { accessKeyId } }));
}
