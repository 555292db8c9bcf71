/** Errors of the Flink engine: stable names, messages that say the fix. */

export class FlinkInstallFailed extends Error {
  override name = 'FlinkInstallFailed' as const;
}

/** Flink ran the statement and refused or failed it; the message is Flink's own. */
export class FlinkQueryFailed extends Error {
  override name = 'FlinkQueryFailed' as const;
}

/** A table Flink cannot declare as given: a column type it has no match for, no known columns. */
export class InvalidFlinkTable extends Error {
  override name = 'InvalidFlinkTable' as const;
}
