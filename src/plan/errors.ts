/** Errors of the optimizer. `name` is what the state machine's Catch and the history record show. */
export class InvalidQueryInput extends Error {
  override name = 'InvalidQueryInput' as const;
  constructor(
    readonly field: string,
    problem: string,
    fix: string,
  ) {
    super(`${field}: ${problem}. ${fix}`);
  }
}

export function isInvalidQueryInput(error: unknown): error is InvalidQueryInput {
  return error instanceof Error && error.name === 'InvalidQueryInput';
}
