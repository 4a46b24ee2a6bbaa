import { requireCtx } from "@/lib/auth/request";
import { denial } from "@/lib/auth/roles";
import { Denied } from "@/components/ui/denied";
import { describePriceBook } from "@/lib/control-plane/costs/price-book";
import { PriceBookView } from "@/components/costs/price-book-view";

export const metadata = { title: "Price book" };

export default async function PriceBookPage() {
  const ctx = await requireCtx();
  const reason = denial(ctx.role, "costs.read");
  if (reason) return <Denied title="Price book" reason={reason} />;
  const book = await describePriceBook({ ctx, input: {} });
  return <PriceBookView book={book} role={ctx.role} />;
}
