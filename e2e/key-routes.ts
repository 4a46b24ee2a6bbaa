// The console's JSON and CSV routes that also take an access key (HTTP Basic
// or SigV4), with what proves an answer is the key's team's data. The
// access-key spec requests each one three ways; lib/http/key-routes.test.ts
// checks this list against the route files and the README.
export interface KeyRoute {
  /** the route file's path under app/, as in the README's list */
  route: string;
  /** the URL to request for an instance of the key's team */
  url: (instanceId: string) => string;
  /** true: another team's key gets 404; false: a team-wide view, which must not hold the instance */
  perInstance: boolean;
  /** whether this answer is the instance's team's data */
  proves: (body: string, instanceId: string) => boolean;
}

// The e2e server's simulated clock runs ahead of real time: a wide period.
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const period = `from=${day(-30)}&to=${day(5)}`;

export const KEY_ROUTES: KeyRoute[] = [
  { route: "/api/instances", url: () => "/api/instances", perInstance: false, proves: (b, id) => b.includes(id) },
  { route: "/api/instances/[id]", url: (id) => `/api/instances/${id}`, perInstance: true, proves: (b, id) => JSON.parse(b).id === id },
  { route: "/api/instances/[id]/ports", url: (id) => `/api/instances/${id}/ports`, perInstance: true, proves: (b, id) => JSON.parse(b).instanceId === id && Array.isArray(JSON.parse(b).ports) },
  { route: "/api/instances/[id]/metadata", url: (id) => `/api/instances/${id}/metadata`, perInstance: true, proves: (b, id) => b.includes(id) },
  { route: "/api/instances/[id]/cost", url: (id) => `/api/instances/${id}/cost`, perInstance: true, proves: (b) => JSON.parse(b).hourlyRate === "0.10" },
  { route: "/api/instances/[id]/console", url: (id) => `/api/instances/${id}/console?format=text`, perInstance: true, proves: (b, id) => b.includes(id) },
  { route: "/api/metadata/[id]/[[...path]]", url: (id) => `/api/metadata/${id}/latest/meta-data/instance-id`, perInstance: true, proves: (b, id) => b.trim() === id },
  { route: "/api/costs", url: () => `/api/costs?${period}&groupBy=instance`, perInstance: false, proves: (b, id) => b.includes(id) },
  { route: "/api/costs/export", url: () => `/api/costs/export?${period}&groupBy=instance`, perInstance: false, proves: (b, id) => b.startsWith("group,day,") && b.includes(id) },
  { route: "/api/audit/export", url: (id) => `/api/audit/export?target=${id}`, perInstance: false, proves: (b, id) => b.startsWith("time_utc,") && b.includes(id) },
];
