// Times are UTC everywhere; shown in one format.
export function formatUtc(iso: string | Date, seconds = false): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  const s = d.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, seconds ? 19 : 16)} UTC`;
}

export function Time({ iso, seconds }: { iso: string; seconds?: boolean }) {
  return <time dateTime={iso}>{formatUtc(iso, seconds)}</time>;
}
