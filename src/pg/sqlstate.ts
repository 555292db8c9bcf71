/**
 * The SQLSTATE of a failure, so that clients can tell a typo from a missing table from a
 * cancelled query. metaq's own errors map by name; an engine's error (QueryFailed) by the words
 * its message starts with, which differ per engine (DuckDB's, Spark's, Trino's are listed).
 */
import type { ErrorFields } from './messages';

export const SQLSTATE = {
  syntaxError: '42601',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
  undefinedFunction: '42883',
  undefinedObject: '42704',
  divisionByZero: '22012',
  invalidText: '22P02',
  outOfRange: '22003',
  invalidParameterValue: '22023',
  featureNotSupported: '0A000',
  queryCanceled: '57014',
  invalidPassword: '28P01',
  protocolViolation: '08P01',
  invalidStatementName: '26000',
  internalError: 'XX000',
} as const;

const byName: Record<string, string> = {
  ProtocolViolation: SQLSTATE.protocolViolation,
  AuthenticationFailed: SQLSTATE.invalidPassword,
  InvalidSetting: SQLSTATE.invalidParameterValue,
  InvalidParameter: SQLSTATE.invalidParameterValue,
  UnknownPrepared: SQLSTATE.invalidStatementName,
  UnknownParameter: SQLSTATE.undefinedObject,
  NotSupported: SQLSTATE.featureNotSupported,
  InvalidQueryInput: SQLSTATE.invalidParameterValue,
  UnsupportedByEngine: SQLSTATE.featureNotSupported,
  QueryRefused: SQLSTATE.featureNotSupported,
  // Stopped or out of time: PostgreSQL's statement_timeout answers 57014 too.
  ExecutionAborted: SQLSTATE.queryCanceled,
  QueryTimeout: SQLSTATE.queryCanceled,
  'States.Timeout': SQLSTATE.queryCanceled,
  OrchestratorLost: SQLSTATE.queryCanceled,
  ServeStopped: SQLSTATE.queryCanceled,
  Interrupted: SQLSTATE.queryCanceled,
  Cancelled: SQLSTATE.queryCanceled,
  ClientDisconnected: SQLSTATE.queryCanceled,
};

/** The optimizer refuses a table it cannot find as bad input; to a client it is a missing table. */
const optimizerMessages: [RegExp, string][] = [
  [/the query reads table ".*", which is neither in the catalog nor in "tables"/, SQLSTATE.undefinedTable],
];

const byMessage: [RegExp, string][] = [
  [/parser error|syntax error|parseexception|mismatched input|\bPARSE_SYNTAX_ERROR\b/i, SQLSTATE.syntaxError],
  [
    /catalog error: table|table with name .* does not exist|TABLE_OR_VIEW_NOT_FOUND|table .* does not exist|unknown table/i,
    SQLSTATE.undefinedTable,
  ],
  [
    /referenced column .* not found|UNRESOLVED_COLUMN|column .* (cannot be resolved|not found|does not exist)/i,
    SQLSTATE.undefinedColumn,
  ],
  [
    /function .* does not exist|UNRESOLVED_ROUTINE|scalar function with name .* does not exist/i,
    SQLSTATE.undefinedFunction,
  ],
  [/division by zero|divide by zero|DIVIDE_BY_ZERO/i, SQLSTATE.divisionByZero],
  [/conversion error|could not convert|CAST_INVALID_INPUT/i, SQLSTATE.invalidText],
  [/out of range error|out of range/i, SQLSTATE.outOfRange],
];

export function sqlstateOf(error: { name: string; message: string }): string {
  if (error.name === 'InvalidQueryInput')
    for (const [pattern, code] of optimizerMessages) if (pattern.test(error.message)) return code;
  const named = byName[error.name];
  if (named) return named;
  for (const [pattern, code] of byMessage) if (pattern.test(error.message)) return code;
  return SQLSTATE.internalError;
}

/** The ErrorResponse: the engine's message first, metaq's error name as the detail clients show. */
export function errorFields(
  error: { name: string; message: string },
  severity: 'ERROR' | 'FATAL' = 'ERROR',
): ErrorFields {
  return {
    severity,
    code: sqlstateOf(error),
    message: error.message,
    detail: `metaq error: ${error.name}`,
  };
}
