import { requireCtx } from "@/lib/auth/request";
import { launchOptions } from "@/lib/control-plane/instances/launch-options";
import { listImages } from "@/lib/control-plane/catalog/images";
import { ImagesView } from "@/components/catalog/images-view";

export const metadata = { title: "Images" };

export default async function ImagesPage() {
  const ctx = await requireCtx();
  const [images, options] = await Promise.all([listImages({ ctx, input: {} }), launchOptions(ctx)]);
  return <ImagesView images={images} role={ctx.role} options={options} />;
}
