// Before each pass a background loop asks whether this replica still leads
// (lib/cluster/lease.ts): a leader that lost the lease must not act beside
// the new one. A loop given no fence always runs (tests, scripts).
export type Fence = () => Promise<boolean>;

export interface LoopOptions {
  fence?: Fence;
}

export const mayRun = (o: LoopOptions): Promise<boolean> => (o.fence ? o.fence() : Promise.resolve(true));
