// The foundation walk-through: sign in, launch 3 m1.small instances of
// ami-f937d290, watch them reach running, reboot one, terminate all, and see
// the architecture-mismatch error.
import { test, expect } from "@playwright/test";
import { signIn, row } from "./helpers";

test("sign-in is required and wrong passwords are refused", async ({ page }) => {
  await page.goto("/instances");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill("admin@stratus.test");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
});

test("launch three, watch them run, reboot one, terminate all", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Launch instances" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  await dialog.getByLabel("Image").selectOption("ami-f937d290");
  await dialog.getByLabel("Instance type").selectOption("m1.small");
  // with no count yet, the estimate gives the type's rate rather than "no price"
  await dialog.getByLabel("Number of instances").fill("");
  await expect(dialog.getByTestId("launch-estimate")).toContainText("$0.10 per hour for each m1.small: enter how many (a whole number) to see the total.");
  // read as Launch reads it: 1e1 is ten, 2.5 is no count
  await dialog.getByLabel("Number of instances").fill("1e1");
  await expect(dialog.getByTestId("launch-estimate")).toContainText("(10 × m1.small)");
  await dialog.getByLabel("Number of instances").fill("2.5");
  await expect(dialog.getByTestId("launch-estimate")).toContainText("enter how many (a whole number)");
  await dialog.getByLabel("Number of instances").fill("3");
  await dialog.getByLabel("Name").fill("e2e-web");
  await expect(dialog.getByTestId("launch-estimate")).toContainText("$0.30 per hour");
  await expect(dialog.getByTestId("launch-estimate")).toContainText("$216.00 for 30 days");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Launched 3 instances" })).toBeVisible();

  const rows = row(page, "e2e-web");
  await expect(rows).toHaveCount(3);
  // the sim runs at 30×: a 45 s Fedora boot takes about 1.5 s here
  for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toContainText("running", { timeout: 20_000 });

  // reboot one
  await rows.first().getByRole("checkbox").check();
  await page.getByRole("button", { name: "Reboot" }).click();
  const confirm = page.getByRole("dialog", { name: "Reboot instances" });
  await confirm.getByRole("button", { name: "Reboot instance" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Rebooting 1 instance" })).toBeVisible();
  // The dialog closes and the selection clears together once the action is done:
  // wait for both, or the clear can land between the checks below.
  await expect(confirm).toBeHidden();
  await expect(rows.first().getByRole("checkbox")).not.toBeChecked();
  await expect(rows.first()).toContainText("running");

  // terminate all three
  for (let i = 0; i < 3; i++) await rows.nth(i).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Terminate" }).click();
  const term = page.getByRole("dialog", { name: "Terminate instances" });
  await term.getByRole("button", { name: "Terminate 3 instances" }).click();
  for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toContainText(/shutting-down|terminated/);
  for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toContainText("terminated", { timeout: 20_000 });
});

test("a 32-bit image can't be paired with a 64-bit type: the type is disabled with the reason before submit", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Launch instances" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  // A 64-bit image on m1.large, then a 32-bit image: the form moves to a type it runs on, and says so.
  await dialog.getByLabel("Image").selectOption("ami-f51aff9c");
  await dialog.getByLabel("Instance type").selectOption("m1.large");
  await dialog.getByLabel("Image").selectOption("ami-f937d290");
  await expect(dialog.getByLabel("Instance type")).toHaveValue("m1.small");
  await expect(dialog.getByText("m1.large runs 64-bit images only, so the type is now m1.small.")).toBeVisible();
  const large = dialog.getByLabel("Instance type").locator("option", { hasText: "m1.large" });
  await expect(large).toBeDisabled();
  await expect(large).toHaveAttribute("title", /m1\.large takes 64-bit \(x86_64\) images only, and ami-f937d290 is 32-bit/);
  await expect(dialog.getByText("Types that can't run this 32-bit image are disabled.")).toBeVisible();
  // And the other way round: on a 64-bit image the 32-bit m1.small is the one disabled.
  await dialog.getByLabel("Image").selectOption("ami-f51aff9c");
  await expect(dialog.getByLabel("Instance type")).toHaveValue("m1.large");
  await expect(dialog.getByLabel("Instance type").locator("option", { hasText: "m1.small" })).toBeDisabled();
});

test("the instance page shows history and disables what the state forbids", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Launch instances" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  await dialog.getByLabel("Image").selectOption("ami-f937d290");
  await dialog.getByLabel("Name").fill("detail-check");
  await dialog.getByRole("button", { name: "Launch" }).click();
  await row(page, "detail-check").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("detail-check");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("running", { timeout: 20_000 });
  const stop = page.getByRole("button", { name: "Stop" });
  await expect(stop).toBeDisabled();
  await expect(stop).toHaveAttribute("title", /Instance-store instances can't be stopped/);
  const history = page.getByRole("table", { name: "State history" });
  await expect(history).toContainText("pending");
  await expect(history).toContainText("running");
  await expect(page.getByRole("region", { name: "Networking" })).toContainText(/ec2-\d+-\d+-\d+-\d+\.compute\.stratus\.internal/);
});
