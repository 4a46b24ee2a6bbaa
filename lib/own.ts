// Lookup tables keyed by what a user sent. A plain object literal answers
// `valueOf`, `constructor` or `__proto__` with what it inherits from
// Object.prototype; these answer only with their own entries.

/** A frozen table with no prototype: `t["valueOf"]` is undefined. */
export function table<T>(entries: { [key: string]: T }): Readonly<{ [key: string]: T | undefined }> {
  return Object.freeze(Object.assign(Object.create(null) as { [key: string]: T }, entries));
}

/** The table's own entry for `key`, or undefined (never an inherited member). */
export function own<T>(t: { readonly [key: string]: T }, key: string): T | undefined {
  return Object.hasOwn(t, key) ? t[key] : undefined;
}

/** An empty object with no prototype, for maps built from user keys. */
export function bare<T>(): { [key: string]: T } {
  return Object.create(null) as { [key: string]: T };
}
