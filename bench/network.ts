// Issue 4 target: the reachability answer for an instance in 20 groups of 100
// rules each < 5 ms (the verb, with its database reads).
import { benchWorld, ms, now, stats } from "./world";
import { createSecurityGroup, authorizeIngress } from "../lib/control-plane/groups/groups";
import { checkReachability } from "../lib/control-plane/groups/reachability";
import { launchInstances } from "../lib/control-plane/instances/launch";
import { Reconciler } from "../lib/reconciler/reconciler";
import { SimProvider } from "../lib/providers/sim";
import { explainReachability } from "../lib/net/rules";
import { effectiveRules } from "../lib/control-plane/groups/groups";

export async function networkBench() {
  const w = await benchWorld();
  const names: string[] = [];
  for (let g = 0; g < 20; g++) {
    const name = `g${g}`;
    names.push(name);
    await createSecurityGroup({ ctx: w.ctx, input: { name, description: name } });
    // 100 distinct rules: ports and source networks vary, none opens 3306 to the Internet
    const rules = Array.from({ length: 100 }, (_, i) => ({ protocol: i % 3 === 0 ? "udp" : "tcp", fromPort: 1000 + g * 100 + i, toPort: 1000 + g * 100 + i, cidr: `10.${g}.${i}.0/24` }));
    await authorizeIngress({ ctx: w.ctx, input: { groupName: name, rules } });
  }
  const r = await launchInstances({ ctx: w.ctx, input: { imageId: "ami-f937d290", securityGroups: names, minCount: 2 } });
  w.clock.advance(90);
  await new Reconciler(w.db, w.clock, new Map([["sim", new SimProvider()]])).tick();
  const [a, b] = r.instances.map((i) => i.id);
  const queries = [
    { source: { kind: "internet" as const }, protocol: "tcp" as const, port: 3306 },
    { source: { kind: "ip" as const, ip: "10.19.99.7" }, protocol: "tcp" as const, port: 2999 },
    { source: { kind: "instance" as const, instanceId: b }, protocol: "udp" as const, port: 1003 },
  ];
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const q = queries[i % queries.length];
    const t = now();
    await checkReachability({ ctx: w.ctx, input: { instanceId: a, ...q } });
    samples.push(ms(t));
  }
  const rules = (await effectiveRules(w.ctx, [a])).get(a)!;
  const pure: number[] = [];
  const target = { id: a, state: "running", privateIp: "10.0.0.1", publicIp: "203.0.113.1" };
  for (let i = 0; i < 2000; i++) {
    const t = now();
    explainReachability(target, { kind: "ip", ip: "198.51.100.1" }, { protocol: "tcp", port: 65000 }, rules);
    pure.push(ms(t));
  }
  await w.db.$disconnect();
  return { groups: 20, rulesPerGroup: 100, effectiveRules: rules.length, reachabilityVerbMs: stats(samples.slice(30)), pureEvaluationMs: stats(pure.slice(100)), target: "< 5 ms" };
}
