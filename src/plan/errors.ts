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
