// The README's runnable shell snippets, for the documentation test
// (e2e/readme.spec.ts). A fenced block is runnable when its info string says
// so (```sh runnable) or when the line before it is <!-- runnable -->; other
// blocks are prose. Placeholders a reader replaces are replaced by the test
// with its own server's values (see substitute).
export interface Snippet {
  /** 1-based line of the opening fence */
  line: number;
  code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/;

export function runnableSnippets(markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j].trim();
      if (close.startsWith(fence[0].repeat(fence.length)) && close.replace(/[`~]/g, "") === "") break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    const words = info.trim().split(/\s+/);
    const marked = words.slice(1).includes("runnable") || /^\s*<!--\s*runnable\s*-->\s*$/.test(lines[i - 1] ?? "");
    if (marked) out.push({ line: i + 1, code: body.join("\n") });
    i = j;
  }
  return out;
}

export interface Values {
  /** the test server's base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The README's placeholders: http://localhost:3000, ACCESS_KEY_ID, SECRET_ACCESS_KEY. */
export function substitute(code: string, v: Values): string {
  return code
    .replace(/http:\/\/localhost:3000/g, v.url)
    .replace(/\bACCESS_KEY_ID\b/g, v.accessKeyId)
    .replace(/\bSECRET_ACCESS_KEY\b/g, v.secretAccessKey);
}

/** curl commands in runnable snippets must fail on an HTTP error (-f / --fail), or they could never fail the test. */
export function curlWithoutFail(code: string): string[] {
  return code
    .split("\n")
    .filter((l) => /(^|[|;&(]\s*|\$\()curl\s/.test(l.trim()) || l.trim().startsWith("curl "))
    .filter((l) => !/\s(--fail(-with-body)?|-[a-zA-Z]*f[a-zA-Z]*)(\s|$)/.test(l));
}

/** aws commands that don't name the endpoint: an AWS CLI older than 2.13 ignores a profile's endpoint_url and would call AWS itself. */
export function awsWithoutEndpoint(code: string): string[] {
  return code
    .split("\n")
    .filter((l) => /(^|\$\(|[|;&]\s*)aws\s/.test(l.trim()))
    .filter((l) => !/\baws\s+configure\b/.test(l) && !/--endpoint-url[=\s]http:\/\/localhost:3000\//.test(l));
}
