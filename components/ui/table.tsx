import type { ReactNode, ThHTMLAttributes, TdHTMLAttributes } from "react";

/** A table that scrolls sideways inside its own box when it is wider than the page, never the page itself
 * (relative: visually hidden labels inside are clipped by the box too, not laid out against the page). */
export function Table({ children, label, className = "" }: { children: ReactNode; label: string; className?: string }) {
  return (
    <div className={`relative max-w-full overflow-x-auto rounded-lg bg-white shadow-xs ring-1 ring-zinc-200 ${className}`}>
      <table aria-label={label} className="min-w-full divide-y divide-zinc-200 text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({ className = "", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={`whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 ${className}`} {...rest} />;
}

export function Td({ className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  // No wrapping unless the cell asks for it (two whitespace utilities would be decided by stylesheet order, not by this list).
  const wrap = /(^|\s)whitespace-/.test(className) ? "" : "whitespace-nowrap";
  return <td className={`${wrap} px-3 py-2 ${className}`} {...rest} />;
}

// The actions column sticks to the right edge of the table's box, so its
// buttons stay visible however the table scrolls.
const STICKY_RIGHT = "sticky right-0 z-[1] bg-white shadow-[-8px_0_8px_-8px_rgb(0_0_0/0.15)]";

export function ActionsTh({ label = "Actions" }: { label?: string }) {
  return (
    <th scope="col" className={`${STICKY_RIGHT} bg-zinc-50 px-3 py-2`}>
      <span className="sr-only">{label}</span>
    </th>
  );
}

export function ActionsTd({ className = "", children }: { className?: string; children: ReactNode }) {
  return (
    <td className={`${STICKY_RIGHT} px-3 py-2 text-right whitespace-nowrap ${className}`}>
      <div className="inline-flex items-center justify-end gap-1">{children}</div>
    </td>
  );
}

export function Empty({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-8 text-sm text-zinc-500">
        {/* In view even when the table is wider than its box. */}
        <div className="sticky left-3 max-w-[calc(100vw-5rem)] text-center whitespace-normal sm:max-w-none">{children}</div>
      </td>
    </tr>
  );
}

/** A box that lets any wide content (a plain table, a long path) scroll inside it instead of widening the page. */
export function ScrollBox({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <div className={`relative max-w-full overflow-x-auto ${className}`}>{children}</div>;
}
