// GET a console JSON route; a failure carries the route's error code and message.
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new RequestError(body?.error?.code ?? "RequestFailed", body?.error?.message ?? `Request failed (${res.status})`, res.status);
  return body as T;
}
