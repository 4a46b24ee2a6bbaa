// Security groups, the reachability explainer and key pairs, as a user clicks.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signIn, launch, row } from "./helpers";

test("webserver group: authorize 22/80/443, launch into it, ask what can reach it", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Security groups" }).click();
  await page.getByRole("button", { name: "Create security group" }).click();
  const create = page.getByRole("dialog", { name: "Create security group" });
  await create.getByLabel("Name").fill("webserver");
  await create.getByLabel("Description").fill("Web servers");
  await create.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { name: "Security group webserver" })).toBeVisible();

  const templates = page.getByRole("group", { name: "Rule templates" });
  for (const t of ["SSH", "HTTP", "HTTPS"]) await templates.getByRole("button", { name: t, exact: true }).click();
  await page.getByRole("button", { name: "Add 3 rules" }).click();
  const rules = page.getByRole("table", { name: "Inbound rules" });
  for (const p of [22, 80, 443]) await expect(rules).toContainText(`ALLOWS tcp ${p} ${p} FROM CIDR 0.0.0.0/0`);

  // a duplicate is refused, naming the rule
  await templates.getByRole("button", { name: "SSH", exact: true }).click();
  await page.getByRole("button", { name: "Add 1 rule" }).click();
  await expect(page.getByRole("alert").filter({ hasText: 'The rule "ALLOWS tcp 22 22 FROM CIDR 0.0.0.0/0" already exists' })).toBeVisible();
  // host bits: say what it means and offer the network form
  await page.getByRole("button", { name: "Remove rule 1" }).click();
  await page.getByRole("button", { name: "Custom rule" }).click();
  await page.getByLabel("From port (rule 1)").fill("3306");
  await page.getByLabel("Source CIDR (rule 1)").fill("10.1.2.3/8");
  await page.getByRole("button", { name: "Add 1 rule" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "has host bits set" })).toContainText("Use 10.0.0.0/8");
  await page.getByRole("button", { name: "Remove rule 1" }).click();

  // revoking asks first; Cancel keeps the rule, confirming revokes it, adding it again restores it
  await rules.getByRole("button", { name: "Revoke ALLOWS tcp 80 80 FROM CIDR 0.0.0.0/0" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke inbound rule" });
  await expect(revoke).toContainText("No instance is in this group yet.");
  await revoke.getByRole("button", { name: "Cancel" }).click();
  await expect(rules).toContainText("ALLOWS tcp 80 80 FROM CIDR 0.0.0.0/0");
  await rules.getByRole("button", { name: "Revoke ALLOWS tcp 80 80 FROM CIDR 0.0.0.0/0" }).click();
  await revoke.getByRole("button", { name: "Revoke rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Revoked ALLOWS tcp 80 80 FROM CIDR 0.0.0.0/0." })).toBeVisible();
  await expect(rules).not.toContainText("ALLOWS tcp 80 80");
  await templates.getByRole("button", { name: "HTTP", exact: true }).click();
  await page.getByRole("button", { name: "Add 1 rule" }).click();
  await expect(rules).toContainText("ALLOWS tcp 80 80 FROM CIDR 0.0.0.0/0");

  // launch into the group
  await page.goto("/instances");
  await page.getByRole("button", { name: "Launch instances" }).click();
  const dialog = page.getByRole("dialog", { name: "Launch instances" });
  // a form dialog starts at its first field, not at ✕
  await expect(dialog.getByLabel("Image")).toBeFocused();
  await dialog.getByLabel("Image").selectOption("ami-f937d290");
  await dialog.getByLabel("Name").fill("web-1");
  await dialog.getByRole("checkbox", { name: "default" }).uncheck();
  await dialog.getByRole("checkbox", { name: "webserver" }).check();
  await dialog.getByRole("button", { name: "Launch" }).click();
  await row(page, "web-1").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("running", { timeout: 20_000 });
  await expect(page.getByRole("region", { name: "Networking" })).toContainText("webserver");
  await expect(page.getByRole("table", { name: "Effective inbound rules" })).toContainText("ALLOWS tcp 443 443 FROM CIDR 0.0.0.0/0");
  // a group in use can't be deleted: the button says why before anyone clicks it
  const instancePage = page.url();
  await page.goto("/security-groups");
  await page.getByRole("link", { name: "webserver" }).click();
  await expect(page.getByRole("button", { name: "Delete group" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Delete group" })).toHaveAttribute("title", "In use by 1 instance: a group can be deleted once they are terminated.");
  await page.goto(instancePage);

  const explainer = page.getByRole("form", { name: "Reachability" });
  await explainer.getByLabel("Source", { exact: true }).selectOption("internet");
  await explainer.getByLabel("Port").fill("22");
  await explainer.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("reachability-answer")).toContainText("Yes: group webserver allows tcp 22 from 0.0.0.0/0");
  await explainer.getByLabel("Port").fill("3306");
  await explainer.getByRole("button", { name: "Check" }).click();
  await expect(page.getByTestId("reachability-answer")).toContainText("No: no rule opens tcp port 3306. The instance's groups open tcp 22, tcp 80 and tcp 443.");
});

test("import a key, create one and download its private key once", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-key-"));
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "me@laptop", "-f", path.join(dir, "k")]);
  const pub = fs.readFileSync(path.join(dir, "k.pub"), "utf8");
  const sha = execFileSync("ssh-keygen", ["-l", "-f", path.join(dir, "k.pub")]).toString().split(" ")[1];

  await signIn(page);
  await page.getByRole("link", { name: "Key pairs" }).click();
  await page.getByRole("button", { name: "Import key pair" }).click();
  const imp = page.getByRole("dialog", { name: "Import key pair" });
  await imp.getByLabel("Name").fill("amazon");
  // a private key pasted by mistake is refused and not stored
  await imp.getByLabel("Public key").fill(fs.readFileSync(path.join(dir, "k"), "utf8"));
  await imp.getByRole("button", { name: "Import" }).click();
  await expect(imp.getByRole("alert")).toContainText("That is a private key");
  await imp.getByLabel("Public key").fill(pub);
  await imp.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Imported amazon (${sha})` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Key pairs" })).toContainText(sha);

  await page.getByRole("button", { name: "Create key pair" }).click();
  const create = page.getByRole("dialog", { name: "Create key pair" });
  await create.getByLabel("Name").fill("generated");
  await create.getByRole("button", { name: "Create key pair" }).click();
  await expect(create.getByText("This is the only time it is shown")).toBeVisible();
  await expect(create.getByRole("button", { name: "Download private key" })).toBeFocused();
  // the only copy of the private key: Escape and ✕ warn instead of closing
  await page.keyboard.press("Escape");
  await expect(create.getByRole("alert")).toContainText("The private key isn't saved yet");
  await create.getByRole("button", { name: "Close", exact: true }).click();
  await expect(create.getByLabel("Private key")).toHaveValue(/BEGIN OPENSSH PRIVATE KEY/);
  const downloading = page.waitForEvent("download");
  await create.getByRole("button", { name: "Download private key" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("generated.pem");
  const file = path.join(dir, "generated.pem");
  await download.saveAs(file);
  fs.chmodSync(file, 0o600);
  // ssh-keygen derives the public key from the downloaded private key
  const derived = execFileSync("ssh-keygen", ["-l", "-f", file]).toString().split(" ")[1];
  await create.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("table", { name: "Key pairs" })).toContainText(derived);
  // shown once: nothing on the page offers the private key again
  await page.reload();
  await expect(page.getByText("BEGIN OPENSSH PRIVATE KEY")).toHaveCount(0);
  const [id] = await launch(page, { name: "keyed" });
  expect(id).toMatch(/^i-/);
});
