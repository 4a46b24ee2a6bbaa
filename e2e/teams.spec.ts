// Teams and roles: invitations, what each role sees, server-side refusals,
// and isolation between teams over pages, actions and route handlers.
import { test, expect, type Browser, type Page } from "@playwright/test";
import { signIn, launch, row, ADMIN } from "./helpers";

async function invite(page: Page, email: string, role: string): Promise<string> {
  await page.goto("/members");
  const form = page.getByRole("region", { name: "Invite a member" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create invitation" }).click();
  const link = form.getByLabel("Invitation link");
  await expect(link).toHaveValue(/\/invite\//);
  return link.inputValue();
}

async function accept(browser: Browser, link: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByLabel("Choose a password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  return page;
}

test("an admin invites an operator and a viewer; each can do what the role allows", async ({ page, browser }) => {
  await signIn(page);
  const opLink = await invite(page, "operator@stratus.test", "operator");
  const viewerLink = await invite(page, "viewer@stratus.test", "viewer");
  await expect(page.getByRole("table", { name: "Pending invitations" })).toContainText("viewer@stratus.test");

  const op = await accept(browser, opLink, "operator-password");
  await expect(op.getByRole("button", { name: "Launch instances" })).toBeEnabled();
  const [id, spare] = await launch(op, { name: "op-launched", count: 2 });
  await expect(row(op, id)).toContainText("running", { timeout: 20_000 });
  // the operator terminates one: we keep the request to replay it as the viewer
  await row(op, spare).getByRole("checkbox").check();
  await op.getByRole("button", { name: "Terminate" }).click();
  const captured = op.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await op.getByRole("dialog", { name: "Terminate instances" }).getByRole("button", { name: "Terminate instance" }).click();
  const terminateCall = await captured;
  await expect(row(op, spare)).toContainText(/shutting-down|terminated/);
  await op.goto("/members");
  await expect(op.getByText("Operators can't view members.")).toBeVisible();

  // a used link can't be used again
  const again = await (await browser.newContext()).newPage();
  await again.goto(opLink);
  await expect(again.getByText("This invitation was already used")).toBeVisible();

  const viewer = await accept(browser, viewerLink, "viewer-password");
  const launchButton = viewer.getByRole("button", { name: "Launch instances" });
  await expect(launchButton).toBeDisabled();
  await expect(launchButton).toHaveAttribute("title", "Viewers can't launch instances.");
  await row(viewer, id).getByRole("checkbox").check();
  const terminate = viewer.getByRole("button", { name: "Terminate" });
  await expect(terminate).toBeDisabled();
  await expect(terminate).toHaveAttribute("title", "Viewers can't terminate instances.");
  // A crafted POST: the operator's terminate server action, sent with the viewer's session.
  const headers = Object.fromEntries(Object.entries(terminateCall.headers()).filter(([k]) => !["cookie", "content-length"].includes(k)));
  const replay = await viewer.request.post(terminateCall.url(), { headers, data: terminateCall.postData()!.replace(spare, id) });
  const answer = await replay.text();
  expect(answer).toContain("UnauthorizedOperation");
  expect(answer).toContain("Viewers can't terminate instances.");
  await viewer.reload();
  await expect(row(viewer, id)).toContainText("running");

  // the refusal is in the audit log, with the viewer as actor
  await page.goto(`/audit?action=TerminateInstances&result=failure`);
  const audit = page.getByRole("table", { name: "Audit events" });
  await expect(audit).toContainText("viewer@stratus.test");
  await expect(audit).toContainText("UnauthorizedOperation");
  await expect(audit).toContainText(id);
});

test("members of one team see nothing of another: pages, actions, route handlers, exports", async ({ page, browser }) => {
  await signIn(page);
  const [secret] = await launch(page, { name: "default-team-secret" });

  // a second team with its own admin
  await page.goto("/settings");
  await page.getByLabel("Team name").fill("Globex");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("Created the team Globex.")).toBeVisible();
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Globex (admin)" });
  await page.getByRole("button", { name: "Switch team" }).click();
  await expect(page.getByLabel("Current team")).toContainText("Globex");
  const link = await invite(page, "outsider@globex.test", "admin");
  const outsider = await accept(browser, link, "outsider-password");
  await expect(outsider.getByLabel("Current team")).toContainText("Globex");
  await expect(row(outsider, secret)).toHaveCount(0);

  // page URL
  await outsider.goto(`/instances/${secret}`);
  await expect(outsider.getByRole("heading", { name: "Not found" })).toBeVisible();
  // route handler
  const api = await outsider.request.get(`/api/instances/${secret}`);
  expect(api.status()).toBe(404);
  expect(await api.text()).not.toContain("default-team-secret");
  // export
  const csv = await outsider.request.get(`/api/audit/export`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).not.toContain(secret);
  // server action: capture the outsider's own terminate call, replay it with the other team's id
  const [own] = await launch(outsider, { name: "globex-box" });
  await row(outsider, own).getByRole("checkbox").check();
  await outsider.getByRole("button", { name: "Terminate" }).click();
  const requestPromise = outsider.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  await outsider.getByRole("dialog", { name: "Terminate instances" }).getByRole("button", { name: "Terminate instance" }).click();
  const captured = await requestPromise;
  const headers = Object.fromEntries(Object.entries(captured.headers()).filter(([k]) => !["cookie", "content-length"].includes(k)));
  const body = captured.postData()!.replace(own, secret);
  const replay = await outsider.request.post(captured.url(), { headers, data: body });
  const answer = await replay.text();
  expect(answer).toContain("InvalidInstanceID.NotFound");
  // and the other team's instance is untouched
  await page.getByLabel("Team", { exact: true }).selectOption({ label: "Default (admin)" });
  await page.getByRole("button", { name: "Switch team" }).click();
  await expect(row(page, secret)).toContainText("running");
  expect(ADMIN.email).toBe("admin@stratus.test");
});
