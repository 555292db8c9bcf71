/** Failures to SQLSTATEs: metaq's errors by name, engines' errors by their words. */
import { errorFields, SQLSTATE, sqlstateOf } from '../../src/pg/sqlstate';

describe('sqlstateOf', () => {
  it.each([
    ['QueryFailed', 'Parser Error: syntax error at or near "SELEC"', SQLSTATE.syntaxError],
    ['QueryFailed', 'Catalog Error: Table with name nope does not exist!', SQLSTATE.undefinedTable],
    [
      'SparkQueryFailed',
      '[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.',
      SQLSTATE.undefinedTable,
    ],
    [
      'QueryFailed',
      'Binder Error: Referenced column "x" not found in FROM clause!',
      SQLSTATE.undefinedColumn,
    ],
    ['QueryFailed', 'Out of Range Error: Overflow in multiplication', SQLSTATE.outOfRange],
    [
      'InvalidQueryInput',
      'sql: the query reads table "nope", which is neither in the catalog nor in "tables". Register it',
      SQLSTATE.undefinedTable,
    ],
    ['InvalidQueryInput', 'workers: Too big', SQLSTATE.invalidParameterValue],
    ['ExecutionAborted', 'the execution was stopped', SQLSTATE.queryCanceled],
    ['QueryTimeout', 'the query ran past 1 s', SQLSTATE.queryCanceled],
    ['InvalidSetting', 'invalid value for metaq.engine', SQLSTATE.invalidParameterValue],
    ['WorkerLost', 'worker 0 stopped answering', SQLSTATE.internalError],
  ])('%s: %s → %s', (name, message, code) => {
    expect(sqlstateOf({ name, message })).toBe(code);
  });

  it('the ErrorResponse carries the engine message and metaq error name', () => {
    expect(errorFields({ name: 'QueryFailed', message: 'Parser Error: x' })).toEqual({
      severity: 'ERROR',
      code: '42601',
      message: 'Parser Error: x',
      detail: 'metaq error: QueryFailed',
    });
  });
});
