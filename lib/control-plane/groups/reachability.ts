// "Can SOURCE reach this instance on PROTOCOL/PORT?" — answered from the
// instance's effective rules, with the rule that allows it or why not.
import { z } from "zod";
import ipaddr from "ipaddr.js";
import { defineVerb } from "../verb";
import { ServiceError } from "../../errors";
import { explainReachability, type Source } from "../../net/rules";
import { effectiveRules } from "./groups";
import { egressRules } from "./egress";
import { explainEgress } from "../../net/egress";
import { instanceIdSchema } from "../instances/schemas";

export const reachabilitySchema = z.object({
  instanceId: instanceIdSchema,
  source: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("internet") }),
    z.object({ kind: z.literal("ip"), ip: z.string().trim().refine((ip) => ipaddr.isValid(ip), "Enter an IPv4 or IPv6 address, such as 198.51.100.7.") }),
    z.object({ kind: z.literal("instance"), instanceId: instanceIdSchema }),
  ]),
  protocol: z.enum(["tcp", "udp", "icmp"], { message: "Protocol must be tcp, udp or icmp." }),
  port: z.coerce.number({ message: "The port must be a number." }).int("The port must be a whole number.").min(0, "Ports are 0 to 65535.").max(65535, "Ports are 0 to 65535."),
  code: z.coerce.number().int().min(0).max(255).optional(),
});

export const checkReachability = defineVerb({
  kind: "read",
  name: "ExplainReachability",
  permission: "groups.read",
  input: reachabilitySchema,
  async run({ ctx, input }) {
    const ids = [input.instanceId, ...(input.source.kind === "instance" ? [input.source.instanceId] : [])];
    const rows = await ctx.db.instance.findMany({ where: { teamId: ctx.team.id, id: { in: ids } } });
    const target = rows.find((r) => r.id === input.instanceId);
    if (!target) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${input.instanceId}' does not exist`, "instanceId");
    let source: Source = input.source.kind === "internet" ? { kind: "internet" } : { kind: "ip", ip: input.source.kind === "ip" ? input.source.ip : "" };
    if (input.source.kind === "instance") {
      const srcId = input.source.instanceId;
      const src = rows.find((r) => r.id === srcId);
      if (!src) throw new ServiceError("InvalidInstanceID.NotFound", `The instance ID '${srcId}' does not exist`, "source");
      const links = await ctx.db.instanceGroup.findMany({ where: { instanceId: src.id } });
      source = { kind: "instance", id: src.id, state: src.state, privateIp: src.privateIp, publicIp: src.publicIp, groupIds: links.map((l) => l.groupId) };
    }
    const rules = (await effectiveRules(ctx, [target.id])).get(target.id) ?? [];
    const names = new Map((await ctx.db.securityGroup.findMany({ where: { teamId: ctx.team.id }, select: { id: true, name: true } })).map((g) => [g.id, g.name]));
    const q = { protocol: input.protocol, port: input.port, code: input.code };
    const inbound = explainReachability(target, source, q, rules, (id) => names.get(id) ?? id);
    // Between instances the sender's outbound rules must let it out too.
    if (inbound.reachable && source.kind === "instance") {
      const targetGroups = (await ctx.db.instanceGroup.findMany({ where: { instanceId: target.id } })).map((l) => l.groupId);
      const out = explainEgress(source, { id: target.id, privateIp: target.privateIp, groupIds: targetGroups }, q, await egressRules(ctx, source.groupIds), (id) => names.get(id) ?? id);
      if (out) return out;
    }
    return inbound;
  },
});
