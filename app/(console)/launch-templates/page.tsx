import { requireCtx } from "@/lib/auth/request";
import { describeLaunchTemplates, describeLaunchTemplateVersions } from "@/lib/control-plane/launch-templates/templates";
import { launchOptions } from "@/lib/control-plane/instances/launch-options";
import { TemplatesView } from "@/components/instance-groups/templates-view";

export const metadata = { title: "Launch templates" };

export default async function LaunchTemplatesPage() {
  const ctx = await requireCtx();
  const [templates, options] = await Promise.all([describeLaunchTemplates({ ctx, input: {} }), launchOptions(ctx)]);
  const versions = await Promise.all(templates.map((t) => describeLaunchTemplateVersions({ ctx, input: { templateId: t.id, versions: ["$Default"] } })));
  return <TemplatesView templates={templates.map((t, i) => ({ ...t, current: versions[i][0] ?? null }))} options={options} role={ctx.role} />;
}
