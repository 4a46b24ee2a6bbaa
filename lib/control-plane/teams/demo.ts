// Demo data for a fresh install: a few instances of the 2008 catalog, launched
// through the same verb as everyone else.
import type { Db } from "../../db";
import type { Clock } from "../../clock";
import { systemCtx } from "../system";
import { launchInstances } from "../instances/launch";
import { logger } from "../../log";

export async function seedDemo(db: Db, clock: Clock, team: { id: string; name: string }): Promise<void> {
  const ctx = systemCtx(db, clock, team, "demo");
  try {
    await launchInstances({ ctx, input: { imageId: "ami-2b5fba42", instanceType: "m1.small", minCount: 2, tags: [{ key: "Name", value: "rails-web" }, { key: "env", value: "demo" }] } });
    await launchInstances({ ctx, input: { imageId: "ami-f51aff9c", instanceType: "m1.large", tags: [{ key: "Name", value: "database" }, { key: "env", value: "demo" }] } });
    await launchInstances({ ctx, input: { imageId: "ami-a6c13bcf", instanceType: "m1.large", tags: [{ key: "Name", value: "batch-worker" }, { key: "env", value: "demo" }] } });
  } catch (e) {
    logger.warn({ err: e }, "demo data was not created");
  }
}
