// server-only is a bundler marker; tests run outside the bundler.
export {};
