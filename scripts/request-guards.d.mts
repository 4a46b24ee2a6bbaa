import type { IncomingMessage, ServerResponse } from "node:http";
export const ACTION_BODY_LIMIT: number;
export function guardServerAction(req: IncomingMessage, res: ServerResponse, limit?: number): boolean;
