import type { NextConfig } from "next";

const config: NextConfig = {
  // Native and Node-only packages stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@node-rs/argon2", "pino"],
  poweredByHeader: false,
  // npm start builds to run, not to check: it skips the type check, which is
  // half of the build (npm test's build and npm run typecheck still do it).
  typescript: { ignoreBuildErrors: process.env.STRATUS_BUILD_TYPECHECK === "0" },
  typedRoutes: false,
  // STRATUS_PROFILE_BUILD=1 keeps server function names readable in CPU profiles.
  experimental: { serverMinification: process.env.STRATUS_PROFILE_BUILD !== "1" },
};

export default config;
