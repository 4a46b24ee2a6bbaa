// npm run bench: every benchmark, JSON on stdout. `npm run bench -- foundation`
// runs one section; `npm run bench -- install` times a clean install and first start.
process.env.STRATUS_PUBLIC_POOL ??= "198.18.0.0/15"; // RFC 2544's benchmarking range: room for 10,000 instances
process.env.STRATUS_LOG_LEVEL ??= "silent";
(process.env as Record<string, string>).NODE_ENV ??= "production";
// Every bench database and replica directory is removed on exit: more than 10 listeners is expected.
process.setMaxListeners(100);

const sections: Record<string, () => Promise<unknown>> = {
  foundation: async () => (await import("./foundation")).foundationBench(),
  network: async () => (await import("./network")).networkBench(),
  console: async () => (await import("./console")).consoleBench(),
  costs: async () => (await import("./costs")).costsBench(),
  api: async () => (await import("./api")).apiBench(),
  qemu: async () => (await import("./qemu")).qemuBench(),
  install: async () => (await import("./install")).installBench(),
  groups: async () => (await import("./groups")).groupsBench(),
  dns: async () => (await import("./dns")).dnsBench(),
  bulk: async () => (await import("./bulk")).bulkBench(),
  replicas: async () => (await import("./replicas")).replicasBench(),
};
// Run only when named (npm run bench -- install): it installs a clone, minutes.
const ON_REQUEST = new Set(["install"]);

const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const out: Record<string, unknown> = { machine: { node: process.version, cpus: (await import("node:os")).cpus().length }, at: new Date().toISOString() };
for (const [name, run] of Object.entries(sections)) {
  if (only.length ? !only.includes(name) : ON_REQUEST.has(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  try {
    out[name] = await run();
  } catch (e) {
    out[name] = { error: String((e as Error)?.stack ?? e) };
  }
}
console.log(JSON.stringify(out, null, 2));
process.exit(0);

export {};
