/**
 * How long a pair punches after the start command (then it is relayed), and how long the relay may
 * take: parts of the query's rendezvous limit, since joining the overlay is the rest of finding each
 * other. The default 60 s gives 10 s and 15 s. A punch that works connects within a few SYN
 * retransmissions (1 s, 3 s); waiting longer only delays the relay of a pair that cannot punch.
 */
export function overlayWindows(rendezvousSeconds: number): { punchMs: number; relayMs: number } {
  return {
    punchMs: Math.max(1000, Math.round((rendezvousSeconds * 1000) / 6)),
    relayMs: Math.max(2000, Math.round((rendezvousSeconds * 1000) / 4)),
  };
}
