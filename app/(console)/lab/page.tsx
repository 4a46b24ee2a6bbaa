import { requireCtx } from "@/lib/auth/request";
import { describeLab } from "@/lib/control-plane/lab/setup";
import { LabView } from "@/components/lab/lab-view";

export const metadata = { title: "Failover lab" };

export default async function LabPage() {
  const ctx = await requireCtx();
  return <LabView setup={await describeLab({ ctx, input: {} })} />;
}
