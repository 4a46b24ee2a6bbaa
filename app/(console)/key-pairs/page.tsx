import { requireCtx } from "@/lib/auth/request";
import { describeKeyPairs } from "@/lib/control-plane/keys/keys";
import { KeyPairsView } from "@/components/network/key-pairs-view";

export const metadata = { title: "Key pairs" };

export default async function KeyPairsPage() {
  const ctx = await requireCtx();
  const keys = await describeKeyPairs({ ctx, input: {} });
  return <KeyPairsView keys={keys} role={ctx.role} />;
}
