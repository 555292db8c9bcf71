/** Errors of the optimizer. `name` is what the state machine's Catch and the history record show. */
export class InvalidQueryInput extends Error {
  override name = 'InvalidQueryInput' as const;
  constructor(
    readonly field: string,
    problem: string,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(`${field}: ${problem}. ${fix}`, options);
  }
}

/**
 * The engine would not give the right answer to this query (its own arithmetic rounds, say): the
 * optimizer refuses it before anything is launched, rather than return a wrong result.
 */
export class UnsupportedByEngine extends Error {
  override name = 'UnsupportedByEngine' as const;
  constructor(
    readonly engine: string,
    readonly construct: string,
    problem: string,
    fix: string,
    options?: ErrorOptions,
  ) {
    super(`${engine} cannot run ${construct} correctly: ${problem}. ${fix}`, options);
  }
}
