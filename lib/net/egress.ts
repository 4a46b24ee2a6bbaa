// Outbound rules on the sending side: an instance reaches another only when
// one of its own groups' outbound rules allows the traffic to the target's
// private address (or to a group the target is in). Pure, like rules.ts.
import { cidrContains } from "./cidr";
import { describePorts, type Answer, type Query, type Rule } from "./rules";

/** An outbound rule; sourceGroupId holds its destination group, when it names one. */
export interface EgressRule extends Rule {
  id: string;
  groupId: string;
}

function portMatches(r: Rule, q: Query): boolean {
  if (r.protocol === "all") return true;
  if (r.protocol !== q.protocol) return false;
  if (r.protocol === "icmp") return (r.fromPort === -1 || r.fromPort === q.port) && (r.toPort === -1 || q.code === undefined || r.toPort === q.code);
  return r.fromPort <= q.port && q.port <= r.toPort;
}

/** null when the source's outbound rules let the traffic out; otherwise why not. */
export function explainEgress(
  source: { id: string },
  target: { id: string; privateIp: string | null; groupIds: string[] },
  q: Query,
  rules: EgressRule[],
  groupName: (id: string) => string = (id) => id,
): Extract<Answer, { reachable: false }> | null {
  const allowed = rules.find((r) => portMatches(r, q) && (r.sourceGroupId ? target.groupIds.includes(r.sourceGroupId) : target.privateIp !== null && cidrContains(r.cidr!, target.privateIp)));
  if (allowed) return null;
  const what = q.protocol === "icmp" ? `icmp type ${q.port}` : `${q.protocol} port ${q.port}`;
  const open = [...new Set(rules.map((r) => `${describePorts(r)} to ${r.cidr ?? `group ${groupName(r.sourceGroupId!)}`}`))];
  return {
    reachable: false,
    reason: "egress",
    summary: `No: ${source.id}'s outbound rules don't let ${what} out to ${target.id} (${target.privateIp ?? "no address"}). ${open.length ? `They allow ${open.join(", ")}.` : "Its groups allow nothing out."}`,
  };
}
