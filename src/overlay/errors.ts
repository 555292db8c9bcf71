/** Errors of the overlay: their `name` is what callers match on and what the query's record shows. */

/** The peer broke the multiplexer's framing: the transport cannot be trusted any more. */
export class MuxProtocolError extends Error {
  override name = 'MuxProtocolError' as const;
}

/** The pair's transport connection ended, so every stream carried over it ended too. */
export class TransportClosed extends Error {
  override name = 'TransportClosed' as const;
}

/** The other end reset one stream (its connection to the engine failed or was aborted). */
export class StreamReset extends Error {
  override name = 'StreamReset' as const;
}

/** The reflector answered something other than its protocol, or not in time. */
export class ReflectorError extends Error {
  override name = 'ReflectorError' as const;
}

/** A pair of workers could not open a punched TCP connection before the deadline. */
export class PunchFailed extends Error {
  override name = 'PunchFailed' as const;
}

/** The reflector could not join a pair's relayed transport before the deadline. */
export class RelayFailed extends Error {
  override name = 'RelayFailed' as const;
}
