// EC2 Query XML: responses in the EC2 namespace with a requestId, lists as
// <item> elements, errors as <Response><Errors><Error>… — built with
// fast-xml-parser.
import { XMLBuilder } from "fast-xml-parser";

export const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", suppressEmptyNode: false, processEntities: true, format: false });

/** A list as EC2 writes it: { item: [...] }, or an empty element. */
export const items = <T>(xs: T[]) => (xs.length ? { item: xs } : "");

/** Drops undefined fields so they are left out rather than written empty. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null).map(([k, x]) => [k, clean(x)]));
  return v;
}

export function ec2Response(action: string, requestId: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [`${action}Response`]: { "@_xmlns": EC2_NS, requestId, ...(clean(body) as object) } })}`;
}

export function ec2Error(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ Response: { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId } })}`;
}
