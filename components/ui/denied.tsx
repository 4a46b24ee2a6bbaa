import { Alert } from "./alert";

/** What a page shows to a role that may not see it: the reason, not a blank. */
export function Denied({ title, reason }: { title: string; reason: string }) {
  return (
    <div className="max-w-xl">
      <h1 className="mb-3 text-xl font-semibold tracking-tight">{title}</h1>
      <Alert tone="info">{reason} Ask an admin of your team if you need it.</Alert>
    </div>
  );
}
