import { runtime } from "@/lib/runtime";
import { describeInvitation } from "@/lib/control-plane/teams/invitations";
import { isServiceError } from "@/lib/errors";
import { AcceptForm } from "@/components/team/accept-form";
import { Alert } from "@/components/ui/alert";

export const metadata = { title: "Join a team" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db } = await runtime();
  let body;
  try {
    const { invitation, teamName, hasAccount } = await describeInvitation(db, token);
    body = (
      <>
        <h1 className="text-lg font-semibold">Join {teamName}</h1>
        <p className="mb-4 mt-1 text-sm text-zinc-600">
          You are invited as <strong>{invitation.role}</strong>, with the email {invitation.email}.
        </p>
        <AcceptForm token={token} email={invitation.email} hasAccount={hasAccount} />
      </>
    );
  } catch (e) {
    if (!isServiceError(e)) throw e;
    body = (
      <>
        <h1 className="mb-3 text-lg font-semibold">This invitation can't be used</h1>
        <Alert tone="error">{e.message}</Alert>
        <a href="/sign-in" className="mt-4 inline-block text-sm text-sky-800 underline">
          Go to sign in
        </a>
      </>
    );
  }
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow-sm ring-1 ring-zinc-200">
        <p className="mb-4 text-xl font-semibold tracking-tight">☁ Stratus</p>
        {body}
      </div>
    </main>
  );
}
