// While npm start builds the console: the AWS API answers (the real handler,
// booted from the sources), pages and /api/health say the console is building,
// and SIGTERM ends it at once (npm start then starts server.mjs).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { EC2Client, DescribeInstancesCommand, DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import Database from "better-sqlite3";
import { answerWhileBuilding } from "./building-page.mjs";
import { ec2Body, signedHeaders } from "../lib/testing/aws";

const root = path.resolve(import.meta.dirname, "..");
const KEY = { accessKeyId: "AKIASTRATUSBUILDING1", secretAccessKey: "whileBuildingSecretKey/0123456789abcdefgh" };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe("the API while the console builds (scripts/while-building.ts)", () => {
  let child: ChildProcess;
  let base = "";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-building-"));

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["--import", "tsx", "scripts/while-building.ts"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOSTNAME_BIND: "127.0.0.1", STRATUS_DATA_DIR: dir, STRATUS_DEMO: "0", STRATUS_LOG_LEVEL: "warn", STRATUS_ADMIN_PASSWORD: "building-admin-1", STRATUS_ADMIN_ACCESS_KEY_ID: KEY.accessKeyId, STRATUS_ADMIN_SECRET_ACCESS_KEY: KEY.secretAccessKey },
    });
    await new Promise<void>((resolve, reject) => {
      child.on("message", (m: { stratus?: string }) => m?.stratus === "listening" && resolve());
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
  }, 60_000);

  afterAll(() => {
    child?.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers EC2 requests signed with a key", async () => {
    const ec2 = new EC2Client({ region: "us-east-1", endpoint: `${base}/api/aws`, credentials: KEY, maxAttempts: 1 });
    expect((await ec2.send(new DescribeRegionsCommand({}))).Regions?.length).toBeGreaterThan(0);
    expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
  });

  it("says the console is building: health, pages, other API routes", async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "building", console: "building", api: "ok" });
    const page = await fetch(`${base}/instances`);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    const html = await page.text();
    expect(html).toContain("<h1>Stratus is starting</h1>");
    expect(html).toContain('<meta http-equiv="refresh" content="5">');
    expect(html).toContain("Meanwhile the AWS API answers");
    const json = await fetch(`${base}/api/instances`);
    expect(json.status).toBe(503);
    expect((await json.json()).error.code).toBe("ServiceUnavailable");
  });

  it("records the peer's address, never one the client names (as server.mjs does)", async () => {
    const body = ec2Body({ Action: "CreateKeyPair", KeyName: "address-check", KeyType: "ed25519" });
    const headers = await signedHeaders(body, { key: { id: KEY.accessKeyId, secret: KEY.secretAccessKey }, host: new URL(base).host });
    const r = await fetch(`${base}/api/aws`, { method: "POST", headers: { ...headers, "x-stratus-client-ip": "203.0.113.66", "x-forwarded-for": "198.51.100.77" }, body });
    expect(r.status, await r.clone().text()).toBe(200);
    const file = new Database(path.join(dir, "stratus.db"), { readonly: true });
    const row = file.prepare(`SELECT "sourceIp" FROM "AuditEvent" WHERE "action" = 'CreateKeyPair'`).get() as { sourceIp: string };
    file.close();
    expect(row.sourceIp).toBe("127.0.0.1");
  });

  it("stops at once on SIGTERM, freeing the port", async () => {
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
  });
});

describe("npm start's socket handoff (STRATUS_HANDOFF=1)", () => {
  it("serves on the socket it is lent, gives it back on request and exits, the port never closing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stratus-handoff-"));
    const socket = net.createServer();
    socket.on("connection", (c) => c.end("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 4\r\n\r\nhere"));
    await new Promise<void>((r) => socket.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(socket.address() as net.AddressInfo).port}`;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/while-building.ts"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      env: { ...process.env, NODE_ENV: "production", STRATUS_HANDOFF: "1", STRATUS_DATA_DIR: dir, STRATUS_DEMO: "0", STRATUS_LOG_LEVEL: "warn", STRATUS_ADMIN_PASSWORD: "building-admin-1" },
    });
    const next = (want: string) => new Promise<[unknown, net.Server | undefined]>((r) => child.on("message", (m: { stratus?: string }, h?: net.Server) => m?.stratus === want && r([m, h])));
    try {
      await next("started");
      const listening = next("listening");
      child.send({ stratus: "serve" }, socket);
      await listening;
      socket.close(); // as npm start does: only the child accepts now
      const building = await fetch(`${base}/api/health`, { headers: { connection: "close" } });
      expect(await building.json()).toMatchObject({ status: "building", api: "ok" });

      const back = next("socket");
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.send({ stratus: "handback" });
      const [, handle] = await back;
      expect(handle?.listening).toBe(true);
      handle!.on("connection", (c) => c.end("HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 4\r\n\r\nback"));
      expect(await exited).toBe(0);
      expect(await (await fetch(`${base}/`, { headers: { connection: "close" } })).text()).toBe("back");
      handle!.close();
    } finally {
      child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the building answers without the API (npm start holding the port)", () => {
  it("gives /api/aws a 503 ServiceUnavailable that clients retry", async () => {
    const server = http.createServer((req, res) => answerWhileBuilding(req, res, { apiServed: false }));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      const aws = await fetch(`${base}/api/aws`, { method: "POST", body: "Action=DescribeInstances" });
      expect(aws.status).toBe(503);
      expect(await aws.text()).toContain("<Code>ServiceUnavailable</Code>");
      expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: "building", api: "starting" });
      expect(await (await fetch(`${base}/`)).text()).toContain("The API answers as soon as the server is up.");
    } finally {
      server.close();
    }
  });
});
