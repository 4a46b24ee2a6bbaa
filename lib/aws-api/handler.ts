// The AWS-compatible endpoint: verifies SigV4 with the team's access keys,
// routes by the signed service (ec2: Query protocol, XML; ce: JSON 1.1), calls
// the same service verbs as the console, and answers errors as AWS does.
import crypto from "node:crypto";
import { runtime } from "../runtime";
import { isServiceError, ServiceError } from "../errors";
import { isRole } from "../auth/roles";
import { logger } from "../log";
import type { Ctx } from "../control-plane/context";
import { parseAuthorization, verifySignature, type AuthProblem } from "./sigv4";
import { credentialsFor } from "./credentials";
import { recordKeyUse } from "../control-plane/identity/access-keys";
import { parseParams, str, type Params } from "./query";
import { ec2Error, ec2Response } from "./xml";
import { EC2_ACTIONS } from "./ec2/actions";
import { CE_TARGETS } from "../control-plane/costs/cost-explorer";
import { AUTOSCALING_ACTIONS } from "./autoscaling/actions";
import { asError, asErrorCode, asResponse } from "./autoscaling/xml";
import { own } from "../own";
import { yieldToIo } from "../yield";

export const MAX_BODY_BYTES = 1024 * 1024;
const BIG_BODY_BYTES = 64 * 1024;

export interface AwsRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string;
}

export interface AwsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** HTTP status of an EC2 error code. */
export function ec2Status(code: string): number {
  if (code === "AuthFailure" || code === "MissingAuthenticationToken") return 401;
  if (code === "UnauthorizedOperation" || code === "SignatureDoesNotMatch") return 403;
  if (code === "InsufficientInstanceCapacity" || code === "InsufficientAddressCapacity" || code === "InternalError") return 500;
  if (code === "RequestEntityTooLarge") return 413;
  return 400;
}

const JSON_ERRORS: Record<string, [string, number]> = {
  AuthFailure: ["UnrecognizedClientException", 400],
  MissingAuthenticationToken: ["MissingAuthenticationTokenException", 400],
  IncompleteSignature: ["IncompleteSignatureException", 400],
  SignatureDoesNotMatch: ["InvalidSignatureException", 400],
  RequestExpired: ["InvalidSignatureException", 400],
  UnauthorizedOperation: ["AccessDeniedException", 400],
  RequestEntityTooLarge: ["RequestEntityTooLargeException", 413],
  InternalError: ["InternalServerException", 500],
};

function xmlError(code: string, message: string, requestId: string, status = ec2Status(code)): AwsResponse {
  return { status, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, body: ec2Error(code, message, requestId) };
}

function jsonError(code: string, message: string, requestId: string): AwsResponse {
  const [type, status] = JSON_ERRORS[code] ?? ["ValidationException", 400];
  return { status, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId, "x-amzn-errortype": type }, body: JSON.stringify({ __type: type, message }) };
}

const isJson = (h: Record<string, string>) => Boolean(h["x-amz-target"]) || (h["content-type"] ?? "").includes("amz-json");

export async function handleAws(req: AwsRequest): Promise<AwsResponse> {
  const requestId = crypto.randomUUID();
  const json = isJson(req.headers);
  let service = "";
  const fail = (code: string, message: string, status?: number) =>
    json ? jsonError(code, message, requestId) : service === "autoscaling" ? autoscalingError(code, message, requestId) : xmlError(code, message, requestId, status);
  try {
    if (req.body.length > MAX_BODY_BYTES) return fail("RequestEntityTooLarge", `The request body is over ${MAX_BODY_BYTES} bytes.`);
    const auth = parseAuthorization(req.headers);
    if ("code" in auth) return fail(auth.code, auth.message, auth.status);
    service = auth.service;
    const { db, clock } = await runtime();
    const key = await credentialsFor(db, auth.accessKeyId);
    if (!key) return fail("AuthFailure", "AWS was not able to validate the provided access credentials.", 401);
    if (!key.active || !key.secret || !isRole(key.role)) return fail("AuthFailure", "The access key is inactive, or its user is no longer a member of the team.", 401);
    const problem: AuthProblem | null = await verifySignature(req, auth, key.secret);
    if (problem) return fail(problem.code, problem.message, problem.status);
    // A large request takes turns: other requests are answered between its steps.
    if (req.body.length > BIG_BODY_BYTES) await yieldToIo();
    void recordKeyUse(db, key.key).catch((err) => logger.warn({ err }, "could not record an access key's last use"));
    const ctx: Ctx = { actor: { kind: "user", id: key.user.id, email: key.user.email }, team: key.team, role: key.role, db, clock, sourceIp: req.sourceIp, via: "api" };

    if (auth.service === "ce") return await costExplorer(ctx, req, requestId);
    if (auth.service === "autoscaling") return await autoscaling(ctx, req, requestId);
    if (auth.service !== "ec2") return fail("InvalidAction", `The service '${auth.service}' is not offered here: Stratus speaks ec2, autoscaling and ce.`);
    return await ec2(ctx, req, requestId);
  } catch (e) {
    if (isServiceError(e)) return fail(e.code, e.message);
    logger.error({ err: e, requestId }, "aws api request failed");
    return fail("InternalError", `An internal error occurred (request ${requestId}).`, 500);
  }
}

function autoscalingError(code: string, message: string, requestId: string): AwsResponse {
  const e = asErrorCode(code);
  return { status: e.status, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, body: asError(e.code, message, requestId, e.type) };
}

/** The Query protocol's parameters: a form-encoded POST body, or a GET's query string. */
async function queryParams(req: AwsRequest, what: string): Promise<Params> {
  let form: URLSearchParams;
  if (req.method === "POST") {
    const type = req.headers["content-type"] ?? "";
    if (!type.startsWith("application/x-www-form-urlencoded")) throw new ServiceError("InvalidParameterValue", `${what} requests are form-encoded (Content-Type: application/x-www-form-urlencoded).`);
    const text = req.body.toString("utf8");
    if (text.includes("\uFFFD")) throw new ServiceError("InvalidParameterValue", "The request body is not valid UTF-8.");
    form = new URLSearchParams(text);
  } else if (req.method === "GET") form = new URLSearchParams(req.query);
  else throw new ServiceError("InvalidParameterValue", `The method ${req.method} is not supported: use POST.`);
  const params = parseParams(form);
  // A large request takes turns: other requests are answered between its steps.
  if (req.body.length > BIG_BODY_BYTES) await yieldToIo();
  return params;
}

async function autoscaling(ctx: Ctx, req: AwsRequest, requestId: string): Promise<AwsResponse> {
  const params = await queryParams(req, "Auto Scaling");
  const action = str(params, "Action");
  if (!action) throw new ServiceError("MissingAction", "The request must contain the parameter Action");
  const handler = own(AUTOSCALING_ACTIONS, action);
  if (!handler) throw new ServiceError("InvalidAction", `The action ${action} is not valid for this web service.`);
  const result = await handler(ctx, params);
  return { status: 200, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, body: asResponse(action, requestId, result) };
}

async function ec2(ctx: Ctx, req: AwsRequest, requestId: string): Promise<AwsResponse> {
  const params = await queryParams(req, "EC2");
  const action = str(params, "Action");
  if (!action) throw new ServiceError("MissingAction", "The request must contain the parameter Action");
  if (!str(params, "Version")) throw new ServiceError("MissingParameter", "The request must contain the parameter Version");
  const handler = own(EC2_ACTIONS, action);
  if (!handler) throw new ServiceError("InvalidAction", `The action ${action} is not valid for this web service.`);
  const body = await handler(ctx, params);
  return { status: 200, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId }, body: ec2Response(action, requestId, body) };
}

async function costExplorer(ctx: Ctx, req: AwsRequest, requestId: string): Promise<AwsResponse> {
  const target = req.headers["x-amz-target"] ?? "";
  const verb = own(CE_TARGETS, target);
  if (!verb) throw new ServiceError("InvalidAction", `The operation '${target.split(".").pop() || "(none)"}' is not offered here: Stratus speaks GetCostAndUsage and GetCostForecast.`);
  let input: unknown;
  try {
    input = JSON.parse(req.body.toString("utf8") || "{}");
  } catch {
    throw new ServiceError("ValidationError", "The request body is not valid JSON.");
  }
  const out = await verb({ ctx, input: input as never });
  return { status: 200, headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId }, body: JSON.stringify(out) };
}
