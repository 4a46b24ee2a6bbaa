// The DNS server's settings: off unless STRATUS_DNS_PORT names a port.
export function dnsSettings(): { port: number | null; bind: string } {
  const raw = process.env.STRATUS_DNS_PORT ?? "";
  const port = raw === "" || raw === "0" ? null : Number(raw);
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new Error(`STRATUS_DNS_PORT must be a port number (1-65535), got "${raw}"`);
  return { port, bind: process.env.STRATUS_DNS_BIND || "127.0.0.1" };
}
