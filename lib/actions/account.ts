"use server";
// Server actions for one's own account: password and access keys.
import { withCtx } from "./result";
import { changePassword } from "../control-plane/identity/password";
import { createAccessKey, deleteAccessKey, setAccessKeyStatus } from "../control-plane/identity/access-keys";

export async function changePasswordAction(current: string, next: string) {
  return withCtx((ctx) => changePassword({ ctx, input: { current, next } }));
}

export async function createAccessKeyAction(description: string) {
  return withCtx((ctx) => createAccessKey({ ctx, input: { description } }));
}

export async function setAccessKeyStatusAction(accessKeyId: string, status: "Active" | "Inactive") {
  return withCtx((ctx) => setAccessKeyStatus({ ctx, input: { accessKeyId, status } }));
}

export async function deleteAccessKeyAction(accessKeyId: string) {
  return withCtx((ctx) => deleteAccessKey({ ctx, input: { accessKeyId } }));
}
