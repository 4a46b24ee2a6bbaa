"use client";
// The Metadata tab: what the instance sees at 169.254.169.254, and the curl
// commands to ask for it — from the instance, and from here for the sim.
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { instanceKeys } from "@/lib/queries/instances";
import { Alert } from "@/components/ui/alert";
import { ScrollBox } from "@/components/ui/table";

interface Meta {
  values: { path: string; value: string }[];
  document: Record<string, unknown>;
  hasUserData: boolean;
  tokensRequired: boolean;
}

export function MetadataView({ instanceId }: { instanceId: string }) {
  const { data, error } = useQuery({ queryKey: [...instanceKeys.detail(instanceId), "metadata"], queryFn: () => fetchJson<Meta>(`/api/instances/${instanceId}/metadata`) });
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  if (error) return <Alert tone="error">{error.message}</Alert>;
  if (!data) return <p>Loading…</p>;
  return (
    <section aria-label="Metadata" className="space-y-4">
      <p className="text-sm text-zinc-700">What the instance can learn about itself from the metadata service at <code>http://169.254.169.254</code>. These values follow the instance: a new public address after a stop and start shows here too.</p>
      <ScrollBox><table aria-label="Instance metadata" className="min-w-full rounded-lg bg-white text-sm ring-1 ring-zinc-200">
        <thead>
          <tr className="text-left text-xs uppercase text-zinc-500">
            <th scope="col" className="px-3 py-2">Path</th>
            <th scope="col" className="px-3 py-2">Value</th>
          </tr>
        </thead>
        <tbody>
          {data.values.map((v) => (
            <tr key={v.path} className="border-t border-zinc-100 align-top">
              <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left font-mono text-xs font-normal text-zinc-600">{v.path}</th>
              <td className="break-all px-3 py-1.5 font-mono text-xs whitespace-pre-wrap">{v.value}</td>
            </tr>
          ))}
          <tr className="border-t border-zinc-100 align-top">
            <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-normal text-zinc-600">/latest/user-data</th>
            <td className="px-3 py-1.5 text-xs">{data.hasUserData ? "present (see Details)" : "none (404)"}</td>
          </tr>
        </tbody>
      </table></ScrollBox>
      <div className="space-y-2 text-sm">
        <h3 className="font-semibold">From the instance itself</h3>
        <pre className="overflow-x-auto rounded bg-zinc-900 p-3 text-xs text-zinc-100">{`curl http://169.254.169.254/latest/meta-data/public-ipv4
# IMDSv2${data.tokensRequired ? " (required for this instance)" : ""}:
TOKEN=$(curl -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
curl -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id`}</pre>
        <h3 className="font-semibold">From here (the simulated cloud serves it per instance)</h3>
        <pre className="overflow-x-auto rounded bg-zinc-900 p-3 text-xs text-zinc-100">{`curl -u ACCESS_KEY_ID:SECRET_ACCESS_KEY ${origin}/api/metadata/${instanceId}/latest/meta-data/public-ipv4
curl -u ACCESS_KEY_ID:SECRET_ACCESS_KEY ${origin}/api/metadata/${instanceId}/latest/dynamic/instance-identity/document`}</pre>
        <p className="text-xs text-zinc-500">Create an access key under Your account.</p>
      </div>
    </section>
  );
}
