// Outbound rules in the console: a new group allows everything out; revoke
// that, add a narrower rule (a bad CIDR is refused by the field), and the EC2
// API sees exactly what the console shows.
import { test, expect } from "@playwright/test";
import { EC2Client, CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, DeleteSecurityGroupCommand } from "@aws-sdk/client-ec2";
import { signIn } from "./helpers";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const ec2 = new EC2Client({ region: "us-east-1", endpoint: `http://127.0.0.1:${PORT}/api/aws`, credentials: { accessKeyId: "AKIASTRATUSE2ETEST01", secretAccessKey: "e2eSecretKeyForTheBootstrapAdmin/0123456" }, maxAttempts: 1 });

test("a group's outbound rules: shown, revoked, added, refused with the field named", async ({ page }) => {
  const name = `egress-${Date.now().toString(36)}`;
  const g = await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: "outbound test" }));
  await signIn(page);
  await page.goto(`/security-groups/${g.GroupId}`);
  const outbound = page.getByRole("table", { name: "Outbound rules" });
  await expect(outbound).toContainText("ALLOWS all TO CIDR 0.0.0.0/0");

  await outbound.getByRole("button", { name: "Revoke ALLOWS all TO CIDR 0.0.0.0/0" }).click();
  // revoking asks first, saying what goes; cancelling keeps the rule
  const confirm = page.getByRole("dialog", { name: "Revoke outbound rule" });
  await expect(confirm).toContainText("It is the group's last outbound rule");
  // a confirmation starts on its safe choice; Cancel gives focus back to the button that asked
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toBeHidden();
  await expect(outbound.getByRole("button", { name: "Revoke ALLOWS all TO CIDR 0.0.0.0/0" })).toBeFocused();
  await expect(outbound).toContainText("ALLOWS all TO CIDR 0.0.0.0/0");
  await outbound.getByRole("button", { name: "Revoke ALLOWS all TO CIDR 0.0.0.0/0" }).click();
  await confirm.getByRole("button", { name: "Revoke rule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Revoked ALLOWS all TO CIDR 0.0.0.0/0." })).toBeVisible();
  // its row is gone, so focus goes to the table it was in (the next Tab goes on from there), not nowhere
  await expect(outbound).toBeFocused();
  await expect(outbound).toContainText("No outbound rules");

  const form = page.getByRole("form", { name: "Add an outbound rule" });
  await form.getByLabel("Outbound from port").fill("443");
  await form.getByLabel("Destination CIDR").fill("10.1.2.3/8");
  await form.getByRole("button", { name: "Add outbound rule" }).click();
  await expect(form.getByRole("alert")).toContainText("Use 10.0.0.0/8");
  await expect(form.getByLabel("Destination CIDR")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Destination CIDR").fill("10.0.0.0/8");
  await form.getByLabel("Outbound description").fill("internal API");
  await form.getByRole("button", { name: "Add outbound rule" }).click();
  await expect(outbound).toContainText("ALLOWS tcp 443 443 TO CIDR 10.0.0.0/8");
  await expect(outbound).toContainText("internal API");

  // The same rule again is a duplicate, said so.
  await form.getByLabel("Outbound from port").fill("443");
  await form.getByRole("button", { name: "Add outbound rule" }).click();
  await expect(form.getByRole("alert")).toContainText("already exists");

  // To another group, by keyboard.
  await form.getByLabel("Outbound protocol").selectOption("udp");
  await form.getByLabel("Outbound from port").fill("53");
  await form.getByLabel("Destination type").selectOption("group");
  await form.getByLabel("Destination group").selectOption({ label: "default" });
  await form.getByRole("button", { name: "Add outbound rule" }).focus();
  await page.keyboard.press("Enter");
  await expect(outbound).toContainText("ALLOWS udp 53 53 TO GRPNAME default");

  const sg = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [g.GroupId!] }))).SecurityGroups![0];
  expect(sg.IpPermissionsEgress?.map((p) => [p.IpProtocol, p.FromPort, p.IpRanges?.[0]?.CidrIp ?? p.UserIdGroupPairs?.[0]?.GroupName]).sort()).toEqual([["tcp", 443, "10.0.0.0/8"], ["udp", 53, "default"]]);
  await ec2.send(new DeleteSecurityGroupCommand({ GroupId: g.GroupId }));
});
