// The process's providers, for verbs that ask one something live (a real
// VM's port mappings). The runtime registers them at boot; shared through
// globalThis because Next bundles modules more than once.
import type { ComputeProvider } from "./types";

const g = globalThis as unknown as { __stratusProviders?: Map<string, ComputeProvider> };

export function registerProviders(providers: Map<string, ComputeProvider>): void {
  g.__stratusProviders = providers;
}

export function providerNamed(name: string): ComputeProvider | undefined {
  return g.__stratusProviders?.get(name);
}
