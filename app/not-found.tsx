import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600">There is nothing here, or it belongs to another team.</p>
      <Link href="/instances" className="mt-4 inline-block text-sm text-sky-800 underline">
        Back to instances
      </Link>
    </div>
  );
}
