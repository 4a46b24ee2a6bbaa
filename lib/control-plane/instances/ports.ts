// A real VM's public side: the host ports its security groups open, each
// with who may connect and the command to reach it.
import { z } from "zod";
import { defineVerb } from "../verb";
import { requireInstances } from "./describe";
import { instanceIdSchema } from "./schemas";
import { providerNamed } from "../../providers/registry";

export interface PortView {
  protocol: "tcp" | "udp";
  guestPort: number;
  hostAddress: string;
  hostPort: number;
  /** "22/tcp → 127.0.0.1:41022" */
  label: string;
  sources: string[];
  /** How to reach it: ssh for port 22, curl for 80, nc otherwise. */
  command: string;
}

export const describeInstancePorts = defineVerb({
  kind: "read",
  name: "DescribeInstancePorts",
  permission: "instances.read",
  input: z.object({ instanceId: instanceIdSchema }),
  async run({ ctx, input }) {
    const [row] = await requireInstances(ctx, [input.instanceId]);
    const mappings = row.state === "running" ? (providerNamed(row.provider)?.ports?.(row.id) ?? []) : [];
    const ports: PortView[] = mappings.map((m) => ({
      ...m,
      label: `${m.guestPort}/${m.protocol} → ${m.hostAddress}:${m.hostPort}`,
      sources: m.cidrs,
      command:
        m.protocol === "tcp" && m.guestPort === 22
          ? `ssh -i ${row.keyName ?? "your-key"}.pem -p ${m.hostPort} root@${m.hostAddress}`
          : m.protocol === "tcp" && m.guestPort === 80
            ? `curl http://${m.hostAddress}:${m.hostPort}/`
            : `nc ${m.protocol === "udp" ? "-u " : ""}${m.hostAddress} ${m.hostPort}`,
    }));
    return { instanceId: row.id, provider: row.provider, real: row.provider === "qemu", ports };
  },
});
