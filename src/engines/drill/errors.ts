/** Errors of the Drill engine: stable names, messages that say the fix. */

/** A table, a name or an output folder that Drill cannot address as given. */
export class InvalidDrillTarget extends Error {
  override name = 'InvalidDrillTarget' as const;
}

/** Drill ran the statement and refused or failed it; the message is Drill's own. */
export class DrillQueryFailed extends Error {
  override name = 'DrillQueryFailed' as const;
}
