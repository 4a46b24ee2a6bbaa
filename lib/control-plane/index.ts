// Every service verb, by module: importing this registers them all (the
// role-coverage test and the API adapters rely on it).
export * from "./catalog/images";
export * from "./catalog/types";
export * from "./instances/launch";
export * from "./instances/actions";
export * from "./instances/list";
export * from "./tags/tags";
export * from "./teams/settings";
export * from "./teams/teams";
export * from "./teams/members";
export * from "./teams/invitations";
export * from "./identity/access-keys";
export * from "./identity/password";
export * from "./audit/audit";
export * from "./groups/list";
export * from "./keys/list";
export { registry } from "./verb";
export * from "./groups/groups";
export * from "./groups/reachability";
export * from "./keys/keys";
export * from "./addresses/elastic-ips";
export * from "./instances/metadata";
export * from "./instances/events";
export * from "./costs/report";
export * from "./costs/budgets";
export * from "./costs/price-book";
export * from "./costs/export";
export * from "./costs/instance-cost";
