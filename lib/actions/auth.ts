"use server";
// Sign in and out: the UI adapter over lib/control-plane/identity.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { runtime } from "../runtime";
import { signIn, signOut } from "../control-plane/identity/sign-in";
import { SESSION_COOKIE } from "../auth/sessions";
import { clientIp, getSession } from "../auth/request";
import { isServiceError } from "../errors";
import { logger } from "../log";

export interface SignInState {
  error?: string;
  email?: string;
}

/** Only same-site paths are followed after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/instances";
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  if (!email.trim() || !password) return { error: "Enter your email and password.", email };
  const { db } = await runtime();
  const ip = await clientIp();
  try {
    const { token, expiresAt } = await signIn(db, { email, password, ip });
    const proto = (await headers()).get("x-forwarded-proto");
    (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: proto === "https", path: "/", expires: expiresAt });
  } catch (e) {
    if (isServiceError(e)) return { error: e.message, email };
    logger.error({ err: e }, "sign-in failed");
    return { error: "Signing in failed on our side. Try again.", email };
  }
  redirect(safeNext(form.get("next")));
}

export async function signOutAction(): Promise<void> {
  const { db } = await runtime();
  const jar = await cookies();
  await signOut(db, await getSession(), jar.get(SESSION_COOKIE)?.value, await clientIp());
  jar.delete(SESSION_COOKIE);
  redirect("/sign-in");
}
