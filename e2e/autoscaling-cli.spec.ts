// The Auto Scaling subset with Debian's AWS CLI v2 against the running
// server: a launch template over EC2, a group over Auto Scaling; a member
// terminated behind the group's back is replaced and the activity history
// says so; capacity, schedules and deletion as EC2 Auto Scaling answers them.
import { test, expect } from "@playwright/test";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const run = promisify(execFile);
const AWS = process.env.AWS_CLI ?? "/usr/bin/aws";
const endpoint = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}/api/aws`;
const home = fs.mkdtempSync(path.join(os.tmpdir(), "aws-cli-asg-"));
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "AKIASTRATUSE2ETEST01",
  AWS_SECRET_ACCESS_KEY: "e2eSecretKeyForTheBootstrapAdmin/0123456",
  AWS_DEFAULT_REGION: "us-east-1",
  AWS_CONFIG_FILE: path.join(home, "config"),
  AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
  AWS_PAGER: "",
  AWS_MAX_ATTEMPTS: "1",
};

async function aws(...args: string[]): Promise<any> {
  const { stdout } = await run(AWS, [...args, "--endpoint-url", endpoint, "--output", "json"], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim() ? JSON.parse(stdout) : null;
}
async function refused(...args: string[]): Promise<string> {
  try {
    await aws(...args);
  } catch (e) {
    return (e as { stderr: string }).stderr;
  }
  throw new Error(`expected ${args.join(" ")} to fail`);
}
const group = async () => (await aws("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "cli-site")).AutoScalingGroups[0];
async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, seconds = 30): Promise<T> {
  let v = await what();
  for (let i = 0; i < seconds * 4 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 250));
    v = await what();
  }
  return v;
}

async function cleanUp() {
  await aws("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "cli-site", "--force-delete").catch(() => {});
  await aws("ec2", "delete-launch-template", "--launch-template-name", "web-cli").catch(() => {});
}

test.describe("EC2 Auto Scaling with the AWS CLI", () => {
  test.afterAll(cleanUp);

  test("create-auto-scaling-group, a member dies, the group replaces it; capacity, schedules, delete", async () => {
    test.setTimeout(120_000);
    const lt = await aws("ec2", "create-launch-template", "--launch-template-name", "web-cli", "--version-description", "first", "--launch-template-data", JSON.stringify({ ImageId: "ami-f937d290", InstanceType: "m1.small", TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "Name", Value: "cli-web" }] }] }));
    expect(lt.LaunchTemplate).toMatchObject({ LaunchTemplateName: "web-cli", DefaultVersionNumber: 1, LatestVersionNumber: 1 });
    const described = await aws("ec2", "describe-launch-templates", "--launch-template-names", "web-cli");
    expect(described.LaunchTemplates.map((t: { LaunchTemplateId: string }) => t.LaunchTemplateId)).toEqual([lt.LaunchTemplate.LaunchTemplateId]);

    await aws("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "cli-site", "--launch-template", "LaunchTemplateName=web-cli,Version=$Latest", "--min-size", "1", "--max-size", "4", "--desired-capacity", "2", "--availability-zones", "us-east-1a", "us-east-1b", "--tags", "Key=team,Value=web,PropagateAtLaunch=true");
    expect(await refused("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "cli-site", "--launch-template", "LaunchTemplateName=web-cli", "--min-size", "1", "--max-size", "1", "--availability-zones", "us-east-1a")).toContain("AlreadyExists");

    let g = await until(group, (x) => x.Instances.length === 2 && x.Instances.every((i: { LifecycleState: string }) => i.LifecycleState === "InService"));
    expect(g).toMatchObject({ AutoScalingGroupName: "cli-site", MinSize: 1, MaxSize: 4, DesiredCapacity: 2, HealthCheckType: "EC2", AvailabilityZones: ["us-east-1a", "us-east-1b"] });
    expect(g.Instances.map((i: { AvailabilityZone: string }) => i.AvailabilityZone).sort()).toEqual(["us-east-1a", "us-east-1b"]);
    const members = await aws("ec2", "describe-instances", "--filters", "Name=tag:aws:autoscaling:groupName,Values=cli-site", "Name=instance-state-name,Values=running");
    expect(members.Reservations.flatMap((r: { Instances: unknown[] }) => r.Instances)).toHaveLength(2);

    // Terminated behind the group's back: replaced, and the history says why.
    const victim = g.Instances[0].InstanceId;
    await aws("ec2", "terminate-instances", "--instance-ids", victim);
    g = await until(group, (x) => x.Instances.length === 2 && !x.Instances.some((i: { InstanceId: string }) => i.InstanceId === victim) && x.Instances.every((i: { LifecycleState: string }) => i.LifecycleState === "InService"));
    const acts = (await aws("autoscaling", "describe-scaling-activities", "--auto-scaling-group-name", "cli-site")).Activities;
    const out = acts.find((a: { Description: string }) => a.Description === `Terminating EC2 instance: ${victim}`);
    expect(out.Cause).toContain("taken out of service in response to an EC2 health check indicating it has been terminated");
    const replacement = g.Instances.find((i: { InstanceId: string }) => !members.Reservations.flatMap((r: { Instances: { InstanceId: string }[] }) => r.Instances.map((x) => x.InstanceId)).includes(i.InstanceId)).InstanceId;
    const launch = acts.find((a: { Description: string }) => a.Description === `Launching a new EC2 instance: ${replacement}`);
    expect(launch.Cause).toContain(`It replaces ${victim}.`);
    expect(launch.StatusCode).toMatch(/Successful|InProgress/);

    await aws("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "cli-site", "--desired-capacity", "3");
    g = await until(group, (x) => x.Instances.length === 3);
    expect(g.DesiredCapacity).toBe(3);
    expect(await refused("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "cli-site", "--desired-capacity", "9")).toContain("New SetDesiredCapacity value 9 is above max value 4 for the AutoScalingGroup.");
    expect(await refused("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "nope", "--desired-capacity", "1")).toContain("AutoScalingGroup name not found");

    await aws("autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name", "cli-site", "--max-size", "5", "--min-size", "2");
    expect(await group()).toMatchObject({ MinSize: 2, MaxSize: 5 });

    await aws("autoscaling", "put-scheduled-update-group-action", "--auto-scaling-group-name", "cli-site", "--scheduled-action-name", "nightly", "--recurrence", "0 2 * * *", "--desired-capacity", "2");
    const scheduled = (await aws("autoscaling", "describe-scheduled-actions", "--auto-scaling-group-name", "cli-site")).ScheduledUpdateGroupActions;
    expect(scheduled).toMatchObject([{ ScheduledActionName: "nightly", Recurrence: "0 2 * * *", DesiredCapacity: 2 }]);
    await aws("autoscaling", "delete-scheduled-action", "--auto-scaling-group-name", "cli-site", "--scheduled-action-name", "nightly");

    expect(await refused("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "cli-site")).toContain("ResourceInUse");
    expect(await refused("ec2", "delete-launch-template", "--launch-template-name", "web-cli")).toContain("ResourceInUse");
    const ids = (await group()).Instances.map((i: { InstanceId: string }) => i.InstanceId);
    await aws("autoscaling", "delete-auto-scaling-group", "--auto-scaling-group-name", "cli-site", "--force-delete");
    expect((await aws("autoscaling", "describe-auto-scaling-groups")).AutoScalingGroups.map((x: { AutoScalingGroupName: string }) => x.AutoScalingGroupName)).not.toContain("cli-site");
    const states = await aws("ec2", "describe-instances", "--instance-ids", ...ids);
    expect(states.Reservations.flatMap((r: { Instances: { State: { Name: string } }[] }) => r.Instances.map((i) => i.State.Name)).every((s: string) => s === "shutting-down" || s === "terminated")).toBe(true);
    await aws("ec2", "delete-launch-template", "--launch-template-name", "web-cli");
  });
});
