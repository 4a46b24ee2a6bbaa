// Everything but sign-in, invitations, health and the signed AWS/metadata APIs
// needs a session cookie, or (for /api/* routes) an access key in the
// Authorization header. This is only the fast path: every page, action and
// route handler checks the session or the key itself on the server.
import { NextResponse, type NextRequest } from "next/server";
import { keyScheme, SIGN_IN_OR_KEY } from "./lib/http/key-auth";

const PUBLIC = [/^\/sign-in/, /^\/invite\//, /^\/api\/health$/, /^\/api\/aws/, /^\/api\/metadata\//, /^\/_next\//, /^\/favicon/, /^\/icon\.svg$/];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((re) => re.test(pathname))) return NextResponse.next();
  if (request.cookies.has("stratus_session")) return NextResponse.next();
  if (pathname.startsWith("/api/") && keyScheme(request.headers.get("authorization"))) return NextResponse.next();
  if (pathname.startsWith("/api/"))
    return NextResponse.json({ error: { code: "AuthFailure", message: SIGN_IN_OR_KEY } }, { status: 401 });
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"] };
