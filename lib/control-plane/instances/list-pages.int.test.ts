// Pages of the instances list, read page by page, are the whole list in order
// (ties and rows without the sort key included), each row with its own view.
import { afterAll, beforeAll, expect, it } from "vitest";
import { testWorld, type TestWorld } from "../../testing/db";
import { launchInstances } from "./launch";
import { listInstances, type ListInput } from "./list";

let w: TestWorld;
beforeAll(async () => {
  w = await testWorld();
  await w.db.team.update({ where: { id: w.team.id }, data: { instanceLimit: 100 } });
  const launch = async (count: number, tags: { key: string; value: string }[]) => {
    await launchInstances({ ctx: w.ctx(), input: { imageId: "ami-f937d290", minCount: count, tags } });
    w.clock.advance(1);
  };
  await launch(5, [{ key: "Name", value: "web" }]);
  await launch(4, [{ key: "role", value: "unnamed" }]);
  await launch(3, [{ key: "Name", value: "db" }]);
});
afterAll(() => w.close());

const list = (input: ListInput) => listInstances({ ctx: w.ctx("viewer"), input });

it.each([
  ["name", "asc"],
  ["name", "desc"],
  ["launchedAt", "desc"],
  ["id", "asc"],
] as const)("pages by %s %s make up the whole list", async (sort, dir) => {
  const whole = (await list({ sort, dir, pageSize: 100 })).items;
  expect(whole).toHaveLength(12);
  const paged = [];
  for (let page = 1; page <= 3; page++) paged.push(...(await list({ sort, dir, pageSize: 5, page })).items);
  expect(paged.map((i) => i.id)).toEqual(whole.map((i) => i.id));
  // Each view is its own row's: a Name tag is the name, the unnamed ones have theirs.
  for (const i of paged) expect(i.name).toBe(i.tags.Name ?? "");
  expect(paged.filter((i) => i.tags.role === "unnamed")).toHaveLength(4);
});

it("orders ties by launch index", async () => {
  const webs = (await list({ sort: "name", dir: "asc", pageSize: 100 })).items.filter((i) => i.name === "web");
  expect(webs.map((i) => i.launchIndex)).toEqual([0, 1, 2, 3, 4]);
});
