"use client";
// The team's instance groups, and the form that creates one.
import Link from "next/link";
import { useState } from "react";
import { denial, type Role } from "@/lib/auth/roles";
import type { GroupView } from "@/lib/control-plane/instance-groups/views";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Button, buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { CreateGroupDialog } from "./create-group-dialog";
import { useAutoRefresh } from "./use-auto-refresh";

export interface TemplateChoice {
  id: string;
  name: string;
  latestVersion: number;
}

export function GroupsView({ groups, templates, zones, addresses, role }: { groups: GroupView[]; templates: TemplateChoice[]; zones: string[]; addresses: { id: string; publicIp: string }[]; role: Role }) {
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  useAutoRefresh(groups.some((g) => g.transitioning));
  const denied = denial(role, "fleets.write") ?? (templates.length ? null : "Create a launch template first.");
  return (
    <div>
      <PageHeader
        title="Instance groups"
        description="A group keeps a number of instances running from a launch template, spread over availability zones. A member that fails, is retired or terminated is replaced, and every replacement is in the group's activity history."
        actions={
          <>
            <Link href="/launch-templates" className={buttonClass("secondary")}>
              Launch templates
            </Link>
            <Button variant="primary" disabledReason={denied} onClick={() => setCreating(true)}>
              Create instance group
            </Button>
          </>
        }
      />
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <div className="mt-3">
        <Table label="Instance groups">
          <thead className="bg-zinc-50">
            <tr>
              <Th>Name</Th>
              <Th>Launch template</Th>
              <Th>In service / desired</Th>
              <Th>Min</Th>
              <Th>Max</Th>
              <Th>Zones</Th>
              <Th>Health check</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {groups.length === 0 ? <Empty colSpan={7}>No instance groups yet.</Empty> : null}
            {groups.map((g) => (
              <tr key={g.id}>
                <Td>
                  <Link href={`/instance-groups/${encodeURIComponent(g.name)}`} className="font-medium text-sky-800 hover:underline">
                    {g.name}
                  </Link>
                </Td>
                <Td>
                  {g.templateName} <span className="text-xs text-zinc-500">({g.templateVersion})</span>
                </Td>
                <Td>
                  <Badge tone={g.inService === g.desired ? "bg-emerald-100 text-emerald-900 ring-emerald-300" : "bg-amber-100 text-amber-900 ring-amber-300"}>
                    {g.inService} / {g.desired}
                  </Badge>
                </Td>
                <Td>{g.minSize}</Td>
                <Td>{g.maxSize}</Td>
                <Td className="text-xs">{g.zones.join(", ")}</Td>
                <Td className="text-xs">{g.healthCheckType === "EC2" ? "Instance state" : `${g.healthCheckType} port ${g.healthCheckPort}${g.healthCheckType === "HTTP" ? g.healthCheckPath : ""}`}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <CreateGroupDialog open={creating} onClose={() => setCreating(false)} onCreated={(m) => { setCreating(false); setNotice(m); }} templates={templates} zones={zones} addresses={addresses} />
    </div>
  );
}
