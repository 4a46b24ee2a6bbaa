// Node flags for the console server: a smaller young generation and a capped
// old space keep RSS well under 300 MB with 10,000 instances (measured in
// bench/foundation.ts); STRATUS_MAX_HEAP_MB raises the cap for big installs.
export function serverNodeFlags(env = process.env) {
  return ["--max-semi-space-size=4", `--max-old-space-size=${env.STRATUS_MAX_HEAP_MB ?? 256}`];
}
