// Whether .next is missing or older than the sources it was built from
// (used by npm start and the benchmarks, so neither serves a stale build).
import fs from "node:fs";
import path from "node:path";

function newestMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === "generated" || e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

export function needsBuild(root) {
  const id = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(id)) return true;
  const built = fs.statSync(id).mtimeMs;
  const sources = Math.max(
    ...["app", "components", "lib", "public"].map((d) => newestMtime(path.join(root, d))),
    ...["next.config.ts", "package.json", "proxy.ts", "instrumentation.ts", "postcss.config.mjs", "server.mjs"].map((f) => (fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0)),
  );
  return sources > built;
}
