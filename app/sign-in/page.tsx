import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/request";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await getSession()) redirect("/instances");
  const { next } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-semibold tracking-tight">☁ Stratus</p>
          <h1 className="mt-1 text-sm text-zinc-600">Sign in to your cloud console</h1>
        </div>
        <SignInForm next={next ?? ""} />
      </div>
    </main>
  );
}
