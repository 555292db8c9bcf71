/** Errors of the embedded engines (ClickHouse through chdb, Databend): stable names, the engine's words. */

/** The engine could not open the query's tables, or its host could not start. */
export class EmbeddedStartFailed extends Error {
  override name = 'EmbeddedStartFailed' as const;
}

/** The engine ran the query and failed it: the message is the engine's own. */
export class EmbeddedQueryFailed extends Error {
  override name = 'EmbeddedQueryFailed' as const;
}

/** The engine's host process ended while the query still needed it (killed, out of memory). */
export class EmbeddedEngineLost extends Error {
  override name = 'EmbeddedEngineLost' as const;
}
