import { requireCtx } from "@/lib/auth/request";
import { listImages } from "@/lib/control-plane/catalog/images";
import { ImagesView } from "@/components/catalog/images-view";

export const metadata = { title: "Images" };

export default async function ImagesPage() {
  const ctx = await requireCtx();
  const images = await listImages({ ctx, input: {} });
  return <ImagesView images={images} role={ctx.role} />;
}
