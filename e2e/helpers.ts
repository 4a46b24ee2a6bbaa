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
