/**
 * The errors of the Step Functions API, named as AWS names them: the SDKs and the AWS CLI turn the
 * `__type` of a 400 answer into an exception of that name, so callers catch them as they would on AWS.
 */
export class SfnError extends Error {
  /** HTTP status of the answer; AWS answers client errors with 400. */
  readonly status: number = 400;
}

export class ExecutionAlreadyExists extends SfnError {
  override name = 'ExecutionAlreadyExists' as const;
}

export class ExecutionDoesNotExist extends SfnError {
  override name = 'ExecutionDoesNotExist' as const;
}

export class StateMachineDoesNotExist extends SfnError {
  override name = 'StateMachineDoesNotExist' as const;
}

export class InvalidArn extends SfnError {
  override name = 'InvalidArn' as const;
}

export class InvalidName extends SfnError {
  override name = 'InvalidName' as const;
}

export class InvalidToken extends SfnError {
  override name = 'InvalidToken' as const;
}

export class InvalidExecutionInput extends SfnError {
  override name = 'InvalidExecutionInput' as const;
}

export class ValidationException extends SfnError {
  override name = 'ValidationException' as const;
}

export class SerializationException extends SfnError {
  override name = 'SerializationException' as const;
}

export class UnknownOperationException extends SfnError {
  override name = 'UnknownOperationException' as const;
}

/** No token (401), or the wrong one (403), on a server started with `--token`; or a foreign Host. */
export class AccessDenied extends SfnError {
  override name = 'AccessDeniedException' as const;
  constructor(
    message: string,
    override readonly status: 401 | 403 = 403,
  ) {
    super(message);
  }
}

export function isSfnError(error: unknown): error is SfnError {
  return error instanceof SfnError;
}
