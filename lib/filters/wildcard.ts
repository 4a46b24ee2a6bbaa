// EC2 filter values: `*` matches any run of characters, `?` exactly one, and
// `\` escapes the next character (`\*`, `\?`, `\\`). Matching never
// backtracks: the pattern is split at its stars into segments, the first
// anchored at the start, the last at the end, and each middle segment taken at
// its leftmost fit (which is always safe for star-separated segments), so a
// value costs at most |value| × |pattern| steps whatever the pattern holds.
// No regular expression is ever built from a user's value.

type Segment = (string | null)[]; // characters; null = `?`

export interface Wildcard {
  /** The value itself when the pattern has no wildcard (for an exact SQL match). */
  exact: string | null;
  test(value: string): boolean;
}

function parse(pattern: string): { segments: Segment[]; starred: boolean } {
  const segments: Segment[] = [[]];
  let starred = false;
  const chars = Array.from(pattern); // by code point, as EC2 counts characters
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === "\\" && i + 1 < chars.length) segments[segments.length - 1].push(chars[++i]);
    else if (c === "*") {
      starred = true;
      if (segments[segments.length - 1].length || segments.length === 1) segments.push([]);
    } else segments[segments.length - 1].push(c === "?" ? null : c);
  }
  return { segments, starred };
}

function fitsAt(value: string[], at: number, seg: Segment): boolean {
  if (at + seg.length > value.length) return false;
  for (let j = 0; j < seg.length; j++) if (seg[j] !== null && seg[j] !== value[at + j]) return false;
  return true;
}

function find(value: string[], from: number, seg: Segment): number {
  for (let at = from; at + seg.length <= value.length; at++) if (fitsAt(value, at, seg)) return at;
  return -1;
}

export function wildcard(pattern: string): Wildcard {
  const { segments, starred } = parse(pattern);
  const literal = !starred && segments[0].every((c) => c !== null);
  if (literal) {
    const exact = (segments[0] as string[]).join("");
    return { exact, test: (v) => v === exact };
  }
  return {
    exact: null,
    test(raw: string): boolean {
      const value = Array.from(raw);
      if (!starred) return value.length === segments[0].length && fitsAt(value, 0, segments[0]);
      const first = segments[0];
      const last = segments[segments.length - 1];
      if (!fitsAt(value, 0, first)) return false;
      let pos = first.length;
      for (let s = 1; s < segments.length - 1; s++) {
        const at = find(value, pos, segments[s]);
        if (at < 0) return false;
        pos = at + segments[s].length;
      }
      // The last segment sits at the very end, after everything matched so far.
      const end = value.length - last.length;
      return end >= pos && fitsAt(value, end, last);
    },
  };
}

/** True when any of the filter's values matches (EC2 ORs a filter's values). */
export function anyWildcard(patterns: string[]): (value: string) => boolean {
  const compiled = patterns.map(wildcard);
  return (value) => compiled.some((w) => w.test(value));
}
