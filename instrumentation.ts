// Boots the control plane once per server process, before requests are served:
// migrations, catalog, first-start admin, reconciler.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { bootServer } = await import("./lib/runtime");
    await bootServer();
  }
}
