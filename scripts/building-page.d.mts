import type { IncomingMessage, ServerResponse } from "node:http";
export function answerWhileBuilding(req: IncomingMessage, res: ServerResponse, state: { apiServed: boolean }): void;
