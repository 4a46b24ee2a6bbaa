import { requireCtx } from "@/lib/auth/request";
import { describeAddresses } from "@/lib/control-plane/addresses/elastic-ips";
import { listInstances } from "@/lib/control-plane/instances/list";
import { AddressesView } from "@/components/network/addresses-view";

export const metadata = { title: "Elastic IPs" };

export default async function AddressesPage() {
  const ctx = await requireCtx();
  const [addresses, running] = await Promise.all([
    describeAddresses({ ctx, input: {} }),
    listInstances({ ctx, input: { states: ["running"], pageSize: 1000, sort: "name", dir: "asc" } }),
  ]);
  return <AddressesView addresses={addresses} instances={running.items.map((i) => ({ id: i.id, name: i.name, publicIp: i.publicIp }))} role={ctx.role} />;
}
