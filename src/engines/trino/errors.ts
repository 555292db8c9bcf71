/** Errors of the Trino engine: stable names, messages that say the fix. */

export class TrinoInstallFailed extends Error {
  override name = 'TrinoInstallFailed' as const;
}

/** Trino ran the statement and refused or failed it; the message is Trino's own. */
export class TrinoQueryFailed extends Error {
  override name = 'TrinoQueryFailed' as const;
  constructor(
    message: string,
    /** Trino's name for the error (`SYNTAX_ERROR`, `PERMISSION_DENIED`, ...), when it gave one. */
    readonly errorName?: string,
  ) {
    super(message);
  }
}

/** A table Trino cannot declare as given: a column type it has no match for, a file sharing its folder. */
export class InvalidTrinoTable extends Error {
  override name = 'InvalidTrinoTable' as const;
}
