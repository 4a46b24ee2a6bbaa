// Boots the control plane once per server process, before requests are served:
// migrations, catalog, first-start admin, reconciler. It also hands the AWS API
// handler to server.mjs, which answers /api/aws on Node's http directly.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootServer } = await import("./lib/runtime");
    await bootServer();
    const { handleAwsNode } = await import("./lib/aws-api/node-handler");
    (globalThis as unknown as { __stratusAwsNode?: unknown }).__stratusAwsNode = handleAwsNode;
  }
}
