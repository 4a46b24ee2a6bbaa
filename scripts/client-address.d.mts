import type { IncomingMessage } from "node:http";
export const CLIENT_IP_HEADER: "x-stratus-client-ip";
export function trustedProxies(raw?: string): (addr: string, i: number) => boolean;
export function clientAddress(req: IncomingMessage, trust: (addr: string, i: number) => boolean): string;
export function stampClientAddress(req: IncomingMessage, trust: (addr: string, i: number) => boolean): string;
