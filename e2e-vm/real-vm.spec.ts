// Real VMs: the qemu provider boots Tiny Linux under QEMU, and the same
// console, API, security groups and metadata drive it.
import { test, expect, type Page } from "@playwright/test";
import {
  EC2Client, RunInstancesCommand, DescribeInstancesCommand, TerminateInstancesCommand, AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand,
  GetConsoleOutputCommand, RebootInstancesCommand, CreateKeyPairCommand, waitUntilInstanceRunning, waitUntilInstanceTerminated,
} from "@aws-sdk/client-ec2";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { VmServer, URL, ADMIN, KEY, qemuPid, brokenKvmHost } from "./server";

const IMAGE = "ami-71e1b005";
const server = new VmServer();
const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${URL}/api/aws`, credentials: KEY, maxAttempts: 1 });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server.buildImage();
  // Whatever this host has, KVM here opens but aborts: the first boot must fall back.
  server.env = brokenKvmHost(server.dir);
  await server.start();
});

test.afterAll(async () => {
  await server.stop();
  server.killVms();
  fs.rmSync(server.dir, { recursive: true, force: true });
});

async function signIn(page: Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
}

async function launch(count = 1, extra: { UserData?: string; KeyName?: string } = {}) {
  const r = await ec2.send(new RunInstancesCommand({ ImageId: IMAGE, InstanceType: "m1.large", MinCount: count, MaxCount: count, ...extra }));
  return r.Instances!.map((i) => i.InstanceId!);
}

async function consoleText(id: string): Promise<string> {
  const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: id }));
  return Buffer.from(out.Output ?? "", "base64").toString("utf8");
}

async function describe(id: string) {
  const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return d.Reservations![0].Instances![0];
}

async function ports(page: Page, id: string): Promise<{ protocol: string; guestPort: number; hostPort: number; hostAddress: string; label: string }[]> {
  const r = await page.request.get(`/api/instances/${id}/ports`);
  expect(r.ok()).toBe(true);
  return (await r.json()).ports;
}

/** Connects and reports what happened: the answer, or that the connection was refused or cut. */
function probe(port: number, send = ""): Promise<{ ok: boolean; data: string }> {
  return new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1");
    let data = "";
    c.on("connect", () => c.write(send));
    c.on("data", (b) => (data += b));
    c.on("error", () => resolve({ ok: false, data }));
    c.on("close", () => resolve({ ok: data.length > 0, data }));
    setTimeout(() => c.destroy(), 5000);
  });
}

test("the host's capacity is enforced before anything starts", async () => {
  await expect(launch(4)).rejects.toMatchObject({ name: "InsufficientInstanceCapacity" });
  const all = await ec2.send(new DescribeInstancesCommand({}));
  expect(all.Reservations ?? []).toHaveLength(0);
});

test("a real VM boots, reads its metadata and user data, serves port 80 through the NAT, reboots, and leaves nothing when terminated", async ({ page }) => {
  await ec2.send(new CreateKeyPairCommand({ KeyName: "vm-key" }));
  const marker = `user-data-marker-${Date.now()}`;
  const started = Date.now();
  const [id] = await launch(1, { KeyName: "vm-key", UserData: Buffer.from(`#!/bin/sh\necho ${marker}\n`).toString("base64") });
  await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { InstanceIds: [id] });
  console.log(`launch → running: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const inst = await describe(id);
  expect(inst.PublicIpAddress).toBe("127.0.0.1");
  // KVM failed the first guest: it said so in the console, booted with software emulation, and that is remembered.
  expect(await consoleText(id)).toContain("stratus: KVM did not start this guest; starting it again with software emulation");
  expect(fs.existsSync(path.join(server.dir, "vms", "kvm-broken"))).toBe(true);
  expect(inst.PrivateIpAddress).toMatch(/^172\.31\./);

  // The console stream shows the real boot: the banner with the id, the metadata, the user data.
  await signIn(page);
  await page.goto(`/instances/${id}?tab=console`);
  const output = page.getByRole("region", { name: "Console output" });
  await expect(output).toContainText(`stratus: ready ${id}`);
  await expect(output).toContainText(`metadata says instance-id ${id}`);
  await expect(output).toContainText(marker);
  await expect(output).toContainText(`lease ${inst.PrivateIpAddress}`);
  // The banner is further up: search scrolls back to it.
  await page.getByRole("textbox", { name: "Search the console" }).fill(`Stratus Tiny Linux: instance ${id}`);
  await page.getByRole("button", { name: "Find next" }).click();
  await expect(output).toContainText(`Stratus Tiny Linux: instance ${id}`);
  const text = await consoleText(id);
  expect(text).toContain("Linux version");
  expect(text).toContain("installed the key pair's public key for root");

  // No rule for port 80 yet: nothing is mapped.
  expect((await ports(page, id)).map((p) => p.guestPort)).not.toContain(80);
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: "default", IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  await expect.poll(async () => (await ports(page, id)).find((p) => p.guestPort === 80)?.hostPort ?? 0, { timeout: 2000 }).toBeGreaterThan(0);
  const web = (await ports(page, id)).find((p) => p.guestPort === 80)!;
  // The guest's web server answers with the instance id it read from the metadata service.
  const res = await fetch(`http://127.0.0.1:${web.hostPort}/`);
  expect((await res.text()).trim()).toBe(id);
  await page.goto(`/instances/${id}`);
  await expect(page.getByRole("table", { name: "Port mappings" })).toContainText(`80/tcp → 127.0.0.1:${web.hostPort}`);

  // A port allowed only from elsewhere refuses this host; a port with no rule is not mapped at all.
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupName: "default", IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "192.0.2.0/24" }] }] }));
  await expect.poll(async () => (await ports(page, id)).some((p) => p.guestPort === 22), { timeout: 2000 }).toBe(true);
  const ssh = (await ports(page, id)).find((p) => p.guestPort === 22)!;
  expect(await probe(ssh.hostPort, "SSH-2.0-probe\r\n")).toEqual({ ok: false, data: "" });
  expect((await ports(page, id)).some((p) => p.guestPort === 8080)).toBe(false);

  // Revoke closes the port within a second.
  await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupName: "default", IpPermissions: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
  await expect.poll(async () => (await ports(page, id)).some((p) => p.guestPort === 80), { timeout: 1500 }).toBe(false);
  expect((await probe(web.hostPort, "GET / HTTP/1.0\r\n\r\n")).ok).toBe(false);

  // Reboot: a second boot in the console, and still running.
  await ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
  await expect.poll(async () => (await consoleText(id)).split(`Stratus Tiny Linux: instance ${id}`).length - 1, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  expect((await describe(id)).State?.Name).toBe("running");

  // Terminate: an orderly power-down, then no process and no files.
  const pid = qemuPid(id);
  expect(pid).not.toBeNull();
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
  await waitUntilInstanceTerminated({ client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { InstanceIds: [id] });
  expect(qemuPid(id)).toBeNull();
  expect(fs.existsSync(path.join(server.dir, "vms", id))).toBe(false);
  expect(await consoleText(id)).toContain("stratus: shutting down");
});

test("a VM killed from outside ends terminated with the reason; a restart re-adopts the one still running", async () => {
  const [a, b] = await launch(2);
  await waitUntilInstanceRunning({ client: ec2, maxWaitTime: 90, minDelay: 1, maxDelay: 1 }, { InstanceIds: [a, b] });
  process.kill(qemuPid(a)!, "SIGKILL");
  await expect.poll(async () => (await describe(a)).State?.Name, { timeout: 20_000 }).toBe("terminated");
  const dead = await describe(a);
  expect(dead.StateReason?.Message).toMatch(/QEMU process killed by SIGKILL/);
  expect(await consoleText(a)).toContain(`Stratus Tiny Linux: instance ${a}`); // the console is kept

  const pidB = qemuPid(b);
  await server.stop();
  expect(qemuPid(b)).toBe(pidB); // the VM outlives the control plane
  await server.start();
  expect((await describe(b)).State?.Name).toBe("running");
  expect(qemuPid(b)).toBe(pidB); // adopted, not started twice
  // Its console and QMP are attached again: a reboot shows a new boot.
  const before = (await consoleText(b)).split(`Stratus Tiny Linux: instance ${b}`).length;
  await ec2.send(new RebootInstancesCommand({ InstanceIds: [b] }));
  await expect.poll(async () => (await consoleText(b)).split(`Stratus Tiny Linux: instance ${b}`).length, { timeout: 60_000 }).toBeGreaterThan(before);
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [b] }));
  await waitUntilInstanceTerminated({ client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { InstanceIds: [b] });
  expect(qemuPid(b)).toBeNull();
});
