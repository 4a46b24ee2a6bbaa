// EC2 Query XML: responses in the EC2 namespace with a requestId, lists as
// <item> elements, errors as <Response><Errors><Error>…
//
// Written by a small serializer rather than a general XML builder: the shapes
// are plain objects (fields, arrays as repeated elements, "@_" attributes) and
// a 1,000-instance DescribeInstances is 1.3 MB that fast-xml-parser took 30 ms
// to build. xml.test.ts checks the output against fast-xml-parser's.

export const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
// Whatever a stored value holds, the document stays well-formed XML 1.0 and
// safe to print: characters XML forbids (most C0 controls, unpaired
// surrogates, U+FFFE/U+FFFF) and terminal controls (DEL, C1) become U+FFFD.
// (Tab, line feed and carriage return are kept.)
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex
const REPLACE = /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escape = (s: string) => (SPECIAL.test(s) ? s.replace(REPLACE, (c) => (Object.hasOwn(ESCAPES, c) ? ESCAPES[c] : "\uFFFD")) : s);

function element(name: string, v: unknown): string {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) {
    let out = "";
    for (const x of v) out += element(name, x);
    return out;
  }
  if (typeof v !== "object") return `<${name}>${typeof v === "string" ? escape(v) : String(v)}</${name}>`;
  let attrs = "";
  let body = "";
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || x === null) continue;
    if (k.charCodeAt(0) === 64 /* @ */ && k.startsWith("@_")) attrs += ` ${k.slice(2)}="${escape(String(x))}"`;
    else body += element(k, x);
  }
  return `<${name}${attrs}>${body}</${name}>`;
}

/** XML for a plain object: { tag: value }, arrays repeat the element, "@_name" keys are attributes, undefined and null fields are left out. */
export function toXml(root: Record<string, unknown>): string {
  let out = "";
  for (const k in root) out += element(k, root[k]);
  return out;
}

/** A list as EC2 writes it: { item: [...] }, or an empty element. */
export const items = <T>(xs: T[]) => (xs.length ? { item: xs } : "");

export function ec2Response(action: string, requestId: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml({ [`${action}Response`]: { "@_xmlns": EC2_NS, requestId, ...body } })}`;
}

export function ec2Error(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml({ Response: { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId } })}`;
}
