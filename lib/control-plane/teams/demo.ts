// Demo data for a fresh install: a few instances of the 2008 catalog, launched
// through the same verb as everyone else.
import type { Db } from "../../db";
import type { Clock } from "../../clock";
import { systemCtx } from "../system";
import { launchInstances } from "../instances/launch";
import { createSecurityGroup, authorizeIngress } from "../groups/groups";
import { logger } from "../../log";

export async function seedDemo(db: Db, clock: Clock, team: { id: string; name: string }): Promise<void> {
  const ctx = systemCtx(db, clock, team, "demo");
  try {
    // The seed article's firewall: ec2-authorize webserver -P tcp -p 22, 80, 443.
    await createSecurityGroup({ ctx, input: { name: "webserver", description: "Web servers: SSH, HTTP and HTTPS from anywhere" } });
    await authorizeIngress({ ctx, input: { groupName: "webserver", rules: [22, 80, 443].map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, cidr: "0.0.0.0/0" })) } });
    await launchInstances({ ctx, input: { imageId: "ami-2b5fba42", instanceType: "m1.small", minCount: 2, securityGroups: ["webserver", "default"], tags: [{ key: "Name", value: "rails-web" }, { key: "env", value: "demo" }] } });
    await launchInstances({ ctx, input: { imageId: "ami-f51aff9c", instanceType: "m1.large", tags: [{ key: "Name", value: "database" }, { key: "env", value: "demo" }] } });
    await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", tags: [{ key: "Name", value: "batch-worker" }, { key: "env", value: "demo" }] } });
  } catch (e) {
    logger.warn({ err: e }, "demo data was not created");
  }
}
