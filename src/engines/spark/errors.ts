/** Errors of the Spark engine: stable names, messages that say the fix. */

export class SparkInstallFailed extends Error {
  override name = 'SparkInstallFailed' as const;
}

/** The driver could not take its executors or open the query's tables while the engine started. */
export class SparkStartFailed extends Error {
  override name = 'SparkStartFailed' as const;
}

/** The driver ran the query and Spark refused or failed it (bad SQL, unreadable table, ...). */
export class SparkQueryFailed extends Error {
  override name = 'SparkQueryFailed' as const;
}

/** A Spark process (master, worker, driver) ended while the engine still needed it. */
export class SparkProcessLost extends Error {
  override name = 'SparkProcessLost' as const;
}
