// The browser for the Playwright suites: Playwright's own when one is
// installed, else the system Chromium (CHROMIUM_PATH points elsewhere).
import fs from "node:fs";
import { chromium } from "@playwright/test";

export function chromiumExecutable(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return undefined;
  } catch {
    /* not installed */
  }
  return "/usr/bin/chromium";
}
