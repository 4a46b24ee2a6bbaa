// Roles and the permission matrix (issue: teams and roles). Pure data so the UI
// can disable what a role can't do, with the same words the server refuses with.
export const ROLES = ["admin", "operator", "billing", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Each permission: who holds it, and the phrase for "<Role>s can't …". */
export const PERMISSIONS = {
  "instances.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view instances" },
  "instances.launch": { roles: ["admin", "operator"], phrase: "launch instances" },
  "instances.reboot": { roles: ["admin", "operator"], phrase: "reboot instances" },
  "instances.stop": { roles: ["admin", "operator"], phrase: "stop instances" },
  "instances.start": { roles: ["admin", "operator"], phrase: "start instances" },
  "instances.terminate": { roles: ["admin", "operator"], phrase: "terminate instances" },
  "instances.tag": { roles: ["admin", "operator"], phrase: "edit tags" },
  "instances.modify": { roles: ["admin", "operator"], phrase: "change instance attributes" },
  "instances.fail": { roles: ["admin"], phrase: "simulate hardware failures" },
  "instances.schedule": { roles: ["admin"], phrase: "schedule instance events" },
  "images.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view images" },
  "images.write": { roles: ["admin", "operator"], phrase: "register or deregister images" },
  "types.write": { roles: ["admin"], phrase: "add instance types" },
  "groups.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view security groups" },
  "groups.write": { roles: ["admin", "operator"], phrase: "change security groups" },
  "keys.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view key pairs" },
  "keys.write": { roles: ["admin", "operator"], phrase: "change key pairs" },
  "addresses.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view addresses" },
  "addresses.write": { roles: ["admin", "operator"], phrase: "change Elastic IPs" },
  "fleets.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view instance groups and launch templates" },
  "fleets.write": { roles: ["admin", "operator"], phrase: "change instance groups and launch templates" },
  "zones.outage": { roles: ["admin"], phrase: "simulate availability-zone outages" },
  "dns.read": { roles: ["admin", "operator", "billing", "viewer"], phrase: "view DNS zones" },
  "dns.write": { roles: ["admin", "operator"], phrase: "change DNS zones and records" },
  "costs.read": { roles: ["admin", "operator", "billing"], phrase: "see costs" },
  "costs.export": { roles: ["admin", "billing"], phrase: "export costs" },
  "budgets.write": { roles: ["admin", "billing"], phrase: "edit budgets" },
  "pricebook.write": { roles: ["admin"], phrase: "edit the price book" },
  "members.read": { roles: ["admin"], phrase: "view members" },
  "members.write": { roles: ["admin"], phrase: "manage members" },
  "settings.write": { roles: ["admin"], phrase: "change team settings" },
  "audit.read": { roles: ["admin"], phrase: "read the audit log" },
  "teams.create": { roles: ["admin"], phrase: "create teams" },
  "clock.warp": { roles: ["admin"], phrase: "warp the simulated clock" },
  "self.manage": { roles: ["admin", "operator", "billing", "viewer"], phrase: "manage their own account" },
} as const satisfies Record<string, { roles: readonly Role[]; phrase: string }>;

export type Permission = keyof typeof PERMISSIONS;

const PLURAL: Record<Role, string> = { admin: "Admins", operator: "Operators", billing: "Billing members", viewer: "Viewers" };

export function allows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission].roles as readonly Role[]).includes(role);
}

/** null when allowed, else the sentence shown on a disabled control and in the refusal. */
export function denial(role: Role, permission: Permission): string | null {
  return allows(role, permission) ? null : `${PLURAL[role]} can't ${PERMISSIONS[permission].phrase}.`;
}
