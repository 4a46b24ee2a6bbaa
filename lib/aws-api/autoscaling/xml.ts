// The Auto Scaling Query protocol's XML (awsquery): results in
// <ActionResponse><ActionResult>, lists as <member> elements, errors as
// <ErrorResponse><Error><Type/><Code/><Message/></Error>. Written with the
// EC2 API's serializer, so stored values are escaped the same way.
import { toXml } from "../xml";

export const AUTOSCALING_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

/** A list as awsquery writes it: { member: [...] }, or an empty element. */
export const members = <T>(xs: T[]) => (xs.length ? { member: xs } : "");

export function asResponse(action: string, requestId: string, result: Record<string, unknown> | null): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml({
    [`${action}Response`]: { "@_xmlns": AUTOSCALING_NS, ...(result ? { [`${action}Result`]: result } : {}), ResponseMetadata: { RequestId: requestId } },
  })}`;
}

export function asError(code: string, message: string, requestId: string, type: "Sender" | "Receiver" = "Sender"): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml({ ErrorResponse: { "@_xmlns": AUTOSCALING_NS, Error: { Type: type, Code: code, Message: message }, RequestId: requestId } })}`;
}

/** The Auto Scaling error code and HTTP status for a service error code. */
export function asErrorCode(code: string): { code: string; status: number; type: "Sender" | "Receiver" } {
  switch (code) {
    case "ValidationError":
    case "AlreadyExists":
    case "ResourceInUse":
    case "LimitExceeded":
    case "InvalidAction":
    case "MissingAction":
    case "InvalidNextToken":
      return { code, status: 400, type: "Sender" };
    case "AuthFailure":
    case "MissingAuthenticationToken":
      return { code: "InvalidClientTokenId", status: 403, type: "Sender" };
    case "SignatureDoesNotMatch":
    case "IncompleteSignature":
    case "RequestExpired":
      return { code, status: 403, type: "Sender" };
    case "UnauthorizedOperation":
      return { code: "AccessDenied", status: 403, type: "Sender" };
    case "RequestEntityTooLarge":
      return { code, status: 413, type: "Sender" };
    case "InternalError":
      return { code: "InternalFailure", status: 500, type: "Receiver" };
    default:
      // What the EC2 side of a launch refuses (a template, a key pair) is a validation error here.
      return { code: "ValidationError", status: 400, type: "Sender" };
  }
}
