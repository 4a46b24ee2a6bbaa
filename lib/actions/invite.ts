"use server";
// Accepting an invitation: sets a password (or proves an existing one), joins
// the team, and signs in.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { runtime } from "../runtime";
import { acceptInvitation } from "../control-plane/teams/invitations";
import { SESSION_COOKIE } from "../auth/sessions";
import { clientIp } from "../auth/request";
import { failure } from "./result";

export interface AcceptState {
  error?: string;
  field?: string;
}

export async function acceptInvitationAction(_prev: AcceptState, form: FormData): Promise<AcceptState> {
  const { db } = await runtime();
  const ip = await clientIp();
  const password = String(form.get("password") ?? "");
  if (form.has("confirm") && form.get("confirm") !== password) return { error: "The two passwords differ.", field: "confirm" };
  try {
    const { token, expiresAt } = await acceptInvitation(db, { token: String(form.get("token") ?? ""), password, name: String(form.get("name") ?? ""), ip });
    const proto = (await headers()).get("x-forwarded-proto");
    (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: proto === "https", path: "/", expires: expiresAt });
  } catch (e) {
    const f = failure(e);
    return { error: f.error.message, field: f.error.field };
  }
  redirect("/instances");
}
