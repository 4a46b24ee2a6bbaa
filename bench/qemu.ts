// Issue 8: real VMs. Launch → running for 1 and for 3 concurrent VMs (the
// time until the guest's init reports in), QEMU's RSS per VM, and the NAT
// firewall's own cost: forwarding throughput on loopback and the latency it
// adds to a connection (measured against a local upstream, so the numbers are
// the proxy's, not QEMU's user-mode network's).
import net from "node:net";
import fs from "node:fs";
import { spawnSync } from "node:child_process";
import { EC2Client, RunInstancesCommand, DescribeInstancesCommand, TerminateInstancesCommand, waitUntilInstanceTerminated } from "@aws-sdk/client-ec2";
import { VmServer, URL, KEY, qemuPid } from "../e2e-vm/server";
import { ensureBuild } from "./server";
import { Nat } from "../lib/providers/qemu/nat";
import { stats } from "./world";

const seconds = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: +s[Math.floor(s.length / 2)].toFixed(2), max: +s[s.length - 1].toFixed(2), n: s.length };
};

async function bootTimes(ec2: EC2Client, count: number): Promise<{ times: number[]; rssMb: number[] }> {
  const t0 = Date.now();
  const r = await ec2.send(new RunInstancesCommand({ ImageId: "ami-71e1b005", InstanceType: "m1.large", MinCount: count, MaxCount: count }));
  const ids = r.Instances!.map((i) => i.InstanceId!);
  const times = new Map<string, number>();
  while (times.size < ids.length && Date.now() - t0 < 120_000) {
    const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    for (const i of d.Reservations!.flatMap((x) => x.Instances!)) {
      if (i.State?.Name === "running" && !times.has(i.InstanceId!)) times.set(i.InstanceId!, (Date.now() - t0) / 1000);
      if (i.State?.Name === "terminated") throw new Error(`${i.InstanceId} ended: ${i.StateReason?.Message}`);
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  const rssMb = ids.map((id) => {
    const pid = qemuPid(id);
    const kb = pid ? Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) : 0;
    return Math.round(kb / 1024);
  });
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
  await waitUntilInstanceTerminated({ client: ec2, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { InstanceIds: ids });
  return { times: [...times.values()], rssMb };
}

async function proxyCost() {
  // Upstream: a sink that answers each connection's first byte, and counts.
  const upstream = net.createServer((c) => {
    c.once("data", () => c.write("ok"));
    c.on("data", () => {});
    c.on("error", () => {});
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", () => r()));
  const upPort = (upstream.address() as net.AddressInfo).port;
  const nat = new Nat("127.0.0.1", { open: async () => upPort, close: async () => {} }, { add: () => {} });
  await nat.apply([{ protocol: "tcp", fromPort: 80, toPort: 80, cidrs: ["127.0.0.0/8"], ruleId: "r" }]);
  const natPort = nat.mappings()[0].hostPort;

  const roundTrip = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const t = process.hrtime.bigint();
      const c = net.connect(port, "127.0.0.1", () => c.write("x"));
      c.once("data", () => {
        resolve(Number(process.hrtime.bigint() - t) / 1e6);
        c.destroy();
      });
      c.on("error", reject);
    });
  const lat = async (port: number) => {
    const xs: number[] = [];
    for (let i = 0; i < 500; i++) xs.push(await roundTrip(port));
    return stats(xs.slice(50));
  };
  const direct = await lat(upPort);
  const proxied = await lat(natPort);

  const throughput = (port: number, mb: number) =>
    new Promise<number>((resolve, reject) => {
      const chunk = Buffer.alloc(1 << 20, 7);
      const c = net.connect(port, "127.0.0.1");
      const t = process.hrtime.bigint();
      let sent = 0;
      const pump = () => {
        while (sent < mb && c.write(chunk)) sent++;
        if (sent >= mb) c.end();
        else c.once("drain", pump);
      };
      c.on("connect", pump);
      c.resume(); // the upstream's "ok" must be read for the close to arrive
      c.on("close", () => resolve(mb / (Number(process.hrtime.bigint() - t) / 1e9)));
      c.on("error", reject);
    });
  const directMBs = await throughput(upPort, 512);
  const proxiedMBs = await throughput(natPort, 512);
  await nat.close();
  upstream.close();
  return {
    connectRoundTripMs: { direct, throughNat: proxied, addedP50: +(proxied.p50 - direct.p50).toFixed(3) },
    throughputMBps: { direct: Math.round(directMBs), throughNat: Math.round(proxiedMBs) },
  };
}

export async function qemuBench() {
  const have = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
  const proxy = await proxyCost();
  if (!have("qemu-system-x86_64") || !have("busybox") || !have("cpio")) return { skipped: "needs qemu-system-x86_64, busybox and cpio", proxy };
  ensureBuild();
  const server = new VmServer();
  server.buildImage();
  await server.start({ STRATUS_LOG_LEVEL: "warn" });
  const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${URL}/api/aws`, credentials: KEY, maxAttempts: 1 });
  try {
    // One boot first: on a host whose /dev/kvm opens but can't run guests, it
    // finds that out (5 s) and later boots go straight to software emulation.
    const firstBootSeconds = (await bootTimes(ec2, 1)).times[0];
    const singles: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await bootTimes(ec2, 1);
      singles.push(...r.times);
      rss.push(...r.rssMb);
    }
    const three = await bootTimes(ec2, 3);
    return {
      accel: fs.existsSync(`${server.dir}/vms/kvm-broken`) || !fs.existsSync("/dev/kvm") ? "tcg (software emulation)" : "kvm",
      firstBootSeconds,
      launchToRunningSeconds: { one: seconds(singles), threeConcurrent: seconds(three.times) },
      qemuRssMbPerVm: { one: seconds(rss), threeConcurrent: seconds(three.rssMb) },
      proxy,
    };
  } finally {
    await server.stop();
    server.killVms();
    fs.rmSync(server.dir, { recursive: true, force: true });
  }
}
