// Times are UTC everywhere; shown in one format (lib/time.ts).
import { formatUtc } from "@/lib/time";

export { formatUtc };

export function Time({ iso, seconds }: { iso: string; seconds?: boolean }) {
  return <time dateTime={iso}>{formatUtc(iso, { seconds })}</time>;
}
