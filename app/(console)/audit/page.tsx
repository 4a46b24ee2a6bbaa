import Link from "next/link";
import { requireCtx } from "@/lib/auth/request";
import { denial } from "@/lib/auth/roles";
import { listAudit } from "@/lib/control-plane/audit/audit";
import { isServiceError } from "@/lib/errors";
import { Denied } from "@/components/ui/denied";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Th, Td, Empty } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { Select } from "@/components/ui/field";
import { FilterInput } from "@/components/ui/filter-input";
import { formatUtc } from "@/components/ui/time";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Audit log" };

const KEYS = ["actor", "action", "target", "result", "from", "to"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireCtx();
  const reason = denial(ctx.role, "audit.read");
  if (reason) return <Denied title="Audit log" reason={reason} />;
  const sp = await searchParams;
  const filters = Object.fromEntries(KEYS.map((k) => [k, sp[k] ?? ""])) as Record<(typeof KEYS)[number], string>;
  const page = Math.max(1, Number(sp.page ?? 1) || 1);
  let data;
  let error: string | null = null;
  try {
    data = await listAudit({ ctx, input: { ...filters, result: (["success", "failure"].includes(filters.result) ? filters.result : "") as "", page } });
  } catch (e) {
    if (!isServiceError(e)) throw e;
    error = e.message;
  }
  const qs = (extra: Record<string, string>) => new URLSearchParams(Object.entries({ ...filters, ...extra }).filter(([, v]) => v)).toString();
  return (
    <div className="space-y-3">
      <PageHeader
        title="Audit log"
        description="Every change in this team: who, what, to which resources, from where, and whether it worked."
        actions={
          <a href={`/api/audit/export?${qs({})}`} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <form method="get" role="search" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-zinc-200">
        <Filter id="actor" label="Actor" value={filters.actor} placeholder="email, cli…" />
        <div>
          <label htmlFor="action" className="block text-xs font-medium text-zinc-600">Action</label>
          <Select id="action" name="action" defaultValue={filters.action} className="w-56 max-w-full">
            <option value="">All actions</option>
            {(data?.actions ?? []).map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </Select>
        </div>
        <Filter id="target" label="Target" value={filters.target} placeholder="i-…, sg-…" />
        <div>
          <label htmlFor="result" className="block text-xs font-medium text-zinc-600">Result</label>
          <Select id="result" name="result" defaultValue={filters.result} className="w-32">
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Refused or failed</option>
          </Select>
        </div>
        <Filter id="from" label="From (UTC)" value={filters.from} placeholder="2026-11-01" type="date" />
        <Filter id="to" label="To (UTC)" value={filters.to} placeholder="2026-11-30" type="date" />
        <button type="submit" className={buttonClass("primary")}>Filter</button>
        <Link href="/audit" className={buttonClass("ghost")}>Clear</Link>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Table label="Audit events">
        <thead className="bg-zinc-50">
          <tr>
            <Th>Time</Th>
            <Th>Actor and source</Th>
            <Th>Action</Th>
            <Th>Result</Th>
            <Th>Targets</Th>
            <Th>Details</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {data && data.items.length === 0 ? <Empty colSpan={6}>No audit events match.</Empty> : null}
          {data?.items.map((e) => (
            <tr key={e.id}>
              {/* Date over time, actor over address, wrapping targets and details: the row fits a 1400 px screen. */}
              <Td className="text-xs">
                <time dateTime={e.at}>
                  {formatUtc(e.at, { seconds: true }).slice(0, 10)}
                  <br />
                  {formatUtc(e.at, { seconds: true }).slice(11)}
                </time>
              </Td>
              <Td className="min-w-32 break-all whitespace-normal">
                {e.actor}
                <span className="block font-mono text-xs text-zinc-500">{e.sourceIp || "—"}</span>
              </Td>
              <Td className="font-medium">{e.action}</Td>
              <Td className={e.result === "success" ? "text-emerald-800" : "font-medium text-red-800"}>{e.result}</Td>
              <Td className="min-w-40 font-mono text-xs break-all whitespace-normal">{e.targets || "—"}</Td>
              <Td className="min-w-48 text-xs whitespace-normal wrap-anywhere text-zinc-600">{e.details}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {data ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600">
          <p>{data.total.toLocaleString("en-US")} events</p>
          <div className="flex gap-2">
            {page > 1 ? <Link className={buttonClass("secondary", "sm")} href={`/audit?${qs({ page: String(page - 1) })}`}>Previous page</Link> : null}
            {page * data.pageSize < data.total ? <Link className={buttonClass("secondary", "sm")} href={`/audit?${qs({ page: String(page + 1) })}`}>Next page</Link> : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}

function Filter({ id, label, value, placeholder, type = "text" }: { id: string; label: string; value: string; placeholder?: string; type?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600">{label}</label>
      <FilterInput id={id} name={id} type={type} defaultValue={value} placeholder={placeholder} className="w-44 max-w-full" />
    </div>
  );
}
