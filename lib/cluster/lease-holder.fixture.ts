// A replica in a child process that does nothing but hold the lease (the
// kill -9 test in lease.int.test.ts): prints "leader <epoch>" once it leads.
import { PgLease } from "./lease";

const lease = new PgLease({ url: process.argv[2], holder: `child pid ${process.pid}`, name: process.argv[3] ?? "leader", pollMs: 100 });
lease.onChange((leader) => {
  if (leader) process.stdout.write(`leader ${lease.epoch}\n`);
});
await lease.start();
setInterval(() => {}, 60_000);
