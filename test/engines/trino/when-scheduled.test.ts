/**
 * A statement Trino could not schedule (NO_NODES_AVAILABLE) is run again, but only while it wrote
 * nothing; every other failure, and one after files were written, is the query's failure.
 */
import { whenScheduled } from '../../../src/engines/trino/client';
import { TrinoQueryFailed } from '../../../src/engines/trino/errors';

const noNodes = () =>
  new TrinoQueryFailed('NO_NODES_AVAILABLE: No nodes available to run query', 'NO_NODES_AVAILABLE');

function failingTimes(times: number, error: () => Error) {
  let calls = 0;
  const run = async () => {
    calls += 1;
    if (calls <= times) throw error();
    return calls;
  };
  return { run, calls: () => calls };
}

it('runs again after NO_NODES_AVAILABLE while nothing was written', async () => {
  const statement = failingTimes(2, noNodes);
  await expect(whenScheduled(statement.run, async () => true)).resolves.toBe(3);
});

it('fails at once when the failed statement had written files', async () => {
  const statement = failingTimes(1, noNodes);
  await expect(whenScheduled(statement.run, async () => false)).rejects.toThrow('NO_NODES_AVAILABLE');
  expect(statement.calls()).toBe(1);
});

it('fails at once on any other error', async () => {
  const statement = failingTimes(1, () => new TrinoQueryFailed('SYNTAX_ERROR: no', 'SYNTAX_ERROR'));
  await expect(whenScheduled(statement.run, async () => true)).rejects.toThrow('SYNTAX_ERROR');
  expect(statement.calls()).toBe(1);
});

it('gives up past its limit', async () => {
  const statement = failingTimes(100, noNodes);
  await expect(whenScheduled(statement.run, async () => true, 0)).rejects.toThrow('NO_NODES_AVAILABLE');
  expect(statement.calls()).toBe(1);
});
