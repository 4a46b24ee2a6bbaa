"use client";
// The instances table: URL-addressable filters, search, sorting, pages,
// multi-select with bulk Reboot / Terminate, and live rows.
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type RowSelectionState } from "@tanstack/react-table";
import { instanceListQuery } from "@/lib/queries/instances";
import { filtersFromParams, filtersToParams, type InstanceFilters, type SortKey } from "@/lib/queries/instance-filters";
import { STATES } from "@/lib/instance-state";
import type { InstanceView } from "@/lib/control-plane/instances/view";
import { denial, type Role } from "@/lib/auth/roles";
import { rebootAction, terminateAction } from "@/lib/actions/instances";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { formatUtc } from "@/components/ui/time";
import { StateBadge } from "./state-badge";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "./confirm-dialog";
import { LaunchDialog } from "./launch-dialog";
import { useInstanceAction } from "./use-instance-action";
import type { LaunchOptions } from "@/lib/control-plane/instances/launch-options";

const col = createColumnHelper<InstanceView>();

// The checkbox and the ID stay in view while a wide table scrolls in its box.
const STICKY: Record<string, string> = { select: "sticky left-0 z-[1] w-10", id: "sticky left-10 z-[1] shadow-[8px_0_8px_-8px_rgb(0_0_0/0.15)]" };

const SORT_LABEL: Record<SortKey, string> = {
  id: "Instance ID",
  name: "Name",
  imageId: "Image",
  instanceType: "Type",
  state: "State",
  publicIp: "Public IP",
  privateIp: "Private IP",
  launchedAt: "Launched",
  keyName: "Key pair",
};

export function InstancesView({ role, options }: { role: Role; options: LaunchOptions }) {
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(params.toString())), [params]);
  const { data, isFetching, error } = useQuery(instanceListQuery(filters));
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [confirm, setConfirm] = useState<"reboot" | "terminate" | null>(null);
  const [launching, setLaunching] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [search, setSearch] = useState(filters.q);
  const action = useInstanceAction();
  // Back and Forward change the filters under the search box: follow them.
  useEffect(() => setSearch(filters.q), [filters.q]);

  function navigate(next: Partial<InstanceFilters>) {
    const f = { ...filters, page: 1, ...next };
    const qs = filtersToParams(f).toString();
    // A new history entry per view: Back returns to the previous filters, Reload keeps these.
    // (Next.js keeps useSearchParams in step with pushState, with no server round trip.)
    if ((qs ? `?${qs}` : "") !== window.location.search) window.history.pushState(null, "", qs ? `?${qs}` : window.location.pathname);
    setSelection({});
  }

  function sortBy(key: SortKey) {
    navigate({ sort: key, dir: filters.sort === key && filters.dir === "desc" ? "asc" : "desc" });
  }

  const items = data?.items ?? [];
  const columns = useMemo(
    () => [
      col.display({
        id: "select",
        header: ({ table }) => (
          <input
            type="checkbox"
            aria-label="Select all instances on this page"
            checked={table.getIsAllRowsSelected()}
            ref={(el) => {
              if (el) el.indeterminate = table.getIsSomeRowsSelected();
            }}
            onChange={table.getToggleAllRowsSelectedHandler()}
          />
        ),
        cell: ({ row }) => (
          <input type="checkbox" aria-label={`Select ${row.original.id}`} checked={row.getIsSelected()} disabled={!row.getCanSelect()} onChange={row.getToggleSelectedHandler()} />
        ),
      }),
      col.accessor("id", {
        header: SORT_LABEL.id,
        cell: (c) => (
          <Link href={`/instances/${c.getValue()}`} className="font-mono text-sky-800 hover:underline">
            {c.getValue()}
          </Link>
        ),
      }),
      col.accessor("name", { header: SORT_LABEL.name, cell: (c) => c.getValue() || <span className="text-zinc-400">—</span> }),
      col.accessor("imageId", {
        header: SORT_LABEL.imageId,
        cell: (c) => (
          <span title={c.row.original.imageName} className="font-mono text-xs">
            {c.getValue()}
          </span>
        ),
      }),
      col.accessor("instanceType", { header: SORT_LABEL.instanceType }),
      col.accessor("state", {
        header: SORT_LABEL.state,
        cell: (c) => (
          <span className="inline-flex items-center gap-1">
            <StateBadge state={c.getValue()} />
            {c.row.original.events.length ? (
              <Badge tone="bg-amber-50 text-amber-900 ring-amber-300">
                <span title={c.row.original.events.map((e) => `${e.code} not before ${e.notBefore}`).join("; ")}>scheduled {c.row.original.events[0].code}</span>
              </Badge>
            ) : null}
          </span>
        ),
      }),
      col.accessor("publicIp", { header: SORT_LABEL.publicIp, cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span> }),
      col.accessor("privateIp", { header: SORT_LABEL.privateIp, cell: (c) => <span className="font-mono text-xs">{c.getValue() ?? "—"}</span> }),
      col.accessor("launchedAt", {
        header: SORT_LABEL.launchedAt,
        // Date over time: a narrower column, so more of the table fits.
        cell: (c) => (
          <time dateTime={c.getValue()} className="text-xs">
            {formatUtc(c.getValue()).slice(0, 10)}
            <br />
            {formatUtc(c.getValue()).slice(11)}
          </time>
        ),
      }),
      col.accessor("keyName", { header: SORT_LABEL.keyName, cell: (c) => c.getValue() ?? <span className="text-zinc-400">—</span> }),
    ],
    [],
  );

  const table = useReactTable({
    data: items,
    columns,
    getRowId: (r) => r.id,
    state: { rowSelection: selection },
    onRowSelectionChange: setSelection,
    enableRowSelection: (r) => r.original.state !== "terminated",
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
  });

  const selected = Object.keys(selection).filter((id) => selection[id] && items.some((i) => i.id === id));
  const rebootDenied = denial(role, "instances.reboot");
  const terminateDenied = denial(role, "instances.terminate");
  const launchDenied = denial(role, "instances.launch");
  const none = selected.length === 0 ? "Select instances first." : null;
  const total = data?.total ?? 0;
  const first = total === 0 ? 0 : (filters.page - 1) * 50 + 1;
  const last = Math.min(filters.page * 50, total);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Instances</h1>
          <p className="mt-1 text-sm text-zinc-600">Virtual machines of your team, launched from images.</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button disabledReason={rebootDenied ?? none} onClick={() => setConfirm("reboot")}>
            Reboot
          </Button>
          <Button variant="danger" disabledReason={terminateDenied ?? none} onClick={() => setConfirm("terminate")}>
            Terminate
          </Button>
          <Button variant="primary" disabledReason={launchDenied} onClick={() => { setNotice(null); setLaunching(true); }}>
            Launch instances
          </Button>
        </div>
      </div>

      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {action.message ? <Alert tone={action.message.tone}>{action.message.text}</Alert> : null}
      {error ? <Alert tone="error">{error.message}</Alert> : null}

      <form
        role="search"
        aria-label="Filter instances"
        className="flex flex-wrap items-end gap-2 rounded-lg bg-white p-3 ring-1 ring-zinc-200"
        onSubmit={(e) => {
          e.preventDefault();
          navigate({ q: search.trim() });
        }}
      >
        <div className="min-w-0 flex-1 basis-56">
          <label htmlFor="instance-search" className="block text-xs font-medium text-zinc-600">
            Search
          </label>
          <Input
            id="instance-search"
            type="search"
            placeholder="ID, name, IP, image, key…"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              // Emptying the box (typing or its ✕) drops the search at once.
              if (e.target.value.trim() === "" && filters.q) navigate({ q: "" });
            }}
          />
        </div>
        <FilterSelect id="filter-state" label="State" value={filters.states[0] ?? ""} onChange={(v) => navigate({ states: v ? [v as (typeof STATES)[number]] : [] })} options={STATES.map((s) => ({ value: s, label: s }))} all="All states" />
        <FilterSelect id="filter-type" label="Instance type" value={filters.types[0] ?? ""} onChange={(v) => navigate({ types: v ? [v] : [] })} options={options.types.map((t) => ({ value: t.name, label: t.name }))} all="All types" />
        <FilterSelect id="filter-image" label="Image" value={filters.imageIds[0] ?? ""} onChange={(v) => navigate({ imageIds: v ? [v] : [] })} options={options.images.map((i) => ({ value: i.id, label: `${i.name} (${i.id})` }))} all="All images" />
        <TagFilter value={filters.tags[0] ?? ""} keys={options.tagKeys} onApply={(v) => navigate({ tags: v ? [v] : [] })} />
        <Button type="submit">Search</Button>
        {filtersToParams({ ...filters, sort: "launchedAt", dir: "desc", page: 1 }).toString() ? (
          <Button
            variant="ghost"
            onClick={() => {
              setSearch("");
              navigate({ states: [], types: [], imageIds: [], tags: [], q: "" });
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </form>

      <div className="relative max-w-full overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-zinc-200">
        <table aria-label="Instances" aria-busy={isFetching} className="min-w-full divide-y divide-zinc-200 text-sm">
          <thead className="bg-zinc-50">
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const key = h.column.id as SortKey;
                  const sortable = key in SORT_LABEL;
                  const active = filters.sort === key;
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      aria-sort={active ? (filters.dir === "asc" ? "ascending" : "descending") : undefined}
                      className={`whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 ${STICKY[h.column.id] ?? ""} ${h.column.id in STICKY ? "bg-zinc-50" : ""}`}
                    >
                      {sortable ? (
                        <button type="button" onClick={() => sortBy(key)} className="inline-flex items-center gap-1 uppercase hover:text-zinc-900">
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span aria-hidden className={active ? "" : "text-zinc-300"}>
                            {active && filters.dir === "asc" ? "▲" : "▼"}
                          </span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className={row.original.state === "terminated" ? "text-zinc-400" : row.getIsSelected() ? "bg-sky-50" : "hover:bg-zinc-50"}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`whitespace-nowrap px-3 py-2 ${STICKY[cell.column.id] ? `${STICKY[cell.column.id]} ${row.getIsSelected() ? "bg-sky-50" : "bg-white"}` : ""}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {items.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-3 py-10 text-center text-sm text-zinc-500">
                  {data ? "No instances match. Launch one, or clear the filters." : "Loading…"}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600">
        <p aria-live="polite">
          {total === 0 ? "No instances" : `Showing ${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`}
          {selected.length ? ` · ${selected.length} selected` : ""}
        </p>
        <div className="flex gap-2">
          <Button size="sm" disabled={filters.page <= 1} onClick={() => navigate({ page: filters.page - 1 })}>
            Previous page
          </Button>
          <Button size="sm" disabled={last >= total} onClick={() => navigate({ page: filters.page + 1 })}>
            Next page
          </Button>
        </div>
      </nav>

      <ConfirmDialog
        open={confirm === "reboot"}
        title="Reboot instances"
        verb="Reboot"
        ids={selected}
        pending={action.pending}
        warning="A reboot keeps the instance's addresses and instance storage."
        onClose={() => setConfirm(null)}
        onConfirm={() =>
          action.run(() => rebootAction(selected), (d) => `Rebooting ${d.length} instance${d.length === 1 ? "" : "s"}.`, () => {
            setConfirm(null);
            setSelection({});
          })
        }
      />
      <ConfirmDialog
        open={confirm === "terminate"}
        title="Terminate instances"
        verb="Terminate"
        danger
        ids={selected}
        pending={action.pending}
        warning="Terminating destroys the instance and its instance storage. This can't be undone."
        onClose={() => setConfirm(null)}
        onConfirm={() =>
          action.run(() => terminateAction(selected), (d) => `Terminating ${d.length} instance${d.length === 1 ? "" : "s"}.`, () => {
            setConfirm(null);
            setSelection({});
          })
        }
      />
      <LaunchDialog
        open={launching}
        onClose={() => setLaunching(false)}
        onLaunched={(m) => {
          action.clear();
          setNotice(m);
        }}
        options={options}
      />
    </div>
  );
}

function FilterSelect({ id, label, value, onChange, options, all }: { id: string; label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; all: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600">
        {label}
      </label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="max-w-56">
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

function TagFilter({ value, keys, onApply }: { value: string; keys: string[]; onApply: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <div>
      <label htmlFor="filter-tag" className="block text-xs font-medium text-zinc-600">
        Tag (key or key=value)
      </label>
      <Input
        id="filter-tag"
        list="tag-keys"
        value={text}
        placeholder="env=prod"
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "" && value) onApply("");
        }}
        onBlur={() => text.trim() !== value && onApply(text.trim())}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onApply(text.trim());
          }
        }}
        className="w-40"
      />
      <datalist id="tag-keys">
        {keys.map((k) => (
          <option key={k} value={k} />
        ))}
      </datalist>
    </div>
  );
}
