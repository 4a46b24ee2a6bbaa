// Plain SQL through better-sqlite3 is synchronous, so a background pass that
// awaits only such calls never lets the event loop read a socket. Background
// loops call this between batches so API requests are not held behind them.
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
