// Structured logging (pino). Secrets never go through here.
import pino from "pino";

const g = globalThis as unknown as { __stratusLog?: pino.Logger };
export const logger: pino.Logger = (g.__stratusLog ??= pino({
  level: process.env.STRATUS_LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: undefined,
  redact: ["password", "secret", "*.password", "*.secret", "*.secretAccessKey", "*.passwordHash"],
}));
