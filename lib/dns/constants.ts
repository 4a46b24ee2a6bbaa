// Timers of Stratus's zones, shared by the DNS server and the failover lab.
/** The SOA's TTL. */
export const SOA_TTL = 900;
/** The SOA's minimum: how long a resolver remembers that a name has no answer (RFC 2308). */
export const NEGATIVE_TTL = 60;
