// Whether the console needs building: .next is missing, or the sources it was
// built from changed. `npm start` records a fingerprint of those sources (their
// paths and contents) after building, so a checkout, a touch or a reinstall
// that changes no file's content builds nothing; a build made otherwise
// (next build by hand, npm test) is judged by modification times.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const DIRS = ["app", "components", "lib", "public"];
const FILES = ["next.config.ts", "package.json", "package-lock.json", "proxy.ts", "instrumentation.ts", "postcss.config.mjs", "tsconfig.json", "prisma/schema.prisma"];
const FINGERPRINT = "stratus-sources.sha256";

/** The source files a build depends on (tests and the generated Prisma client excluded; the schema stands for it). */
export function sourceFiles(root) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (e.name === "generated" || e.name.startsWith(".")) continue;
      const p = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(e.name)) out.push(p);
    }
  };
  for (const d of DIRS) if (fs.existsSync(path.join(root, d))) walk(d);
  for (const f of FILES) if (fs.existsSync(path.join(root, f))) out.push(f);
  return out.sort();
}

export function fingerprint(root) {
  const h = crypto.createHash("sha256");
  for (const f of sourceFiles(root)) h.update(`${f}\0`).update(fs.readFileSync(path.join(root, f))).update("\0");
  return h.digest("hex");
}

/** Called after a successful build, so the next start can compare contents. */
export function recordBuild(root) {
  fs.writeFileSync(path.join(root, ".next", FINGERPRINT), fingerprint(root) + "\n");
}

export function needsBuild(root) {
  const id = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(id)) return true;
  const recorded = path.join(root, ".next", FINGERPRINT);
  if (fs.existsSync(recorded) && fs.statSync(recorded).mtimeMs >= fs.statSync(id).mtimeMs) return fs.readFileSync(recorded, "utf8").trim() !== fingerprint(root);
  const built = fs.statSync(id).mtimeMs;
  return Math.max(...sourceFiles(root).map((f) => fs.statSync(path.join(root, f)).mtimeMs)) > built;
}
