// The server's place among replicas. On PostgreSQL: the event fan-out first
// (so nothing published after start is lost), this replica's console viewers
// and clock following the others, then the lease, whose holder runs the
// background loops. On SQLite: one process, the loops start at once.
import type { Db } from "../db";
import type { Clock } from "../clock";
import { isWarpClock } from "../clock";
import type { ComputeProvider } from "../providers/types";
import type { QemuProvider } from "../providers/qemu/provider";
import type { Reconciler } from "../reconciler/reconciler";
import { bus } from "../events";
import { followConsoles } from "../console/follow";
import { Fanout } from "./fanout";
import { PgLease, SoloLease, type Lease } from "./lease";
import { Leadership } from "./leadership";
import { backgroundLoops } from "./background-loops";
import { holderLabel, replicaId } from "./replica";
import { isPostgresUrl } from "../sql/dialect";

export interface Cluster {
  replicaId: string;
  lease: Lease;
  leadership: Leadership;
  /** Null on SQLite. */
  fanout: Fanout | null;
  reconciler: Reconciler;
  stop(): Promise<void>;
}

export interface ClusterDeps {
  url: string;
  db: Db;
  clock: Clock;
  providers: Map<string, ComputeProvider>;
  qemu: QemuProvider;
  persistClock: () => Promise<void>;
}

export async function startCluster(d: ClusterDeps): Promise<Cluster> {
  const id = replicaId();
  const offs: (() => void)[] = [];
  let fanout: Fanout | null = null;
  let lease: Lease;
  if (isPostgresUrl(d.url)) {
    fanout = new Fanout({ url: d.url, bus, replicaId: id });
    await fanout.start();
    offs.push(followConsoles(d.db, bus));
    const clock = d.clock;
    // Time warp on another replica: this one's clock follows (its console shows it, its API stamps with it).
    if (isWarpClock(clock)) offs.push(bus.on("clock", (c, from) => from !== null && clock.follow(c.simMs, c.speed)));
    lease = new PgLease({ url: d.url, holder: holderLabel(id) });
  } else lease = new SoloLease();
  const { loops, reconciler } = backgroundLoops({ ...d, fence: () => lease.fence() });
  const leadership = new Leadership(lease, loops);
  await leadership.start();
  return {
    replicaId: id,
    lease,
    leadership,
    fanout,
    reconciler,
    async stop() {
      await leadership.stop();
      for (const off of offs) off();
      await fanout?.stop();
    },
  };
}
