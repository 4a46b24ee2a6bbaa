import { expect, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@stratus.test", password: "e2e-admin-password" };

export async function signIn(page: Page, who: { email: string; password: string } = ADMIN) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
}

/** The instances table row that holds this text (an id or a name). */
export function row(page: Page, text: string) {
  return page.getByRole("table", { name: "Instances" }).getByRole("row").filter({ hasText: text });
}

/** Launches through the form; returns the new instance ids. */
export async function launch(page: Page, opts: { name: string; count?: number; imageId?: string; type?: string; userData?: string }) {
  await page.goto("/instances");
  await page.getByRole("button", { name: "Launch instances" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  await dialog.getByLabel("Image").selectOption(opts.imageId ?? "ami-f937d290");
  await dialog.getByLabel("Instance type").selectOption(opts.type ?? "m1.small");
  await dialog.getByLabel("Number of instances").fill(String(opts.count ?? 1));
  await dialog.getByLabel("Name").fill(opts.name);
  if (opts.userData) await dialog.getByLabel("User data").fill(opts.userData);
  await dialog.getByRole("button", { name: "Launch" }).click();
  const status = page.getByRole("status").filter({ hasText: "Launched" });
  await expect(status).toBeVisible();
  return [...((await status.textContent()) ?? "").matchAll(/i-[0-9a-f]{17}/g)].map((m) => m[0]);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
