/** What the Spark end-to-end tests share: Spark installed, and the engines' test tables and queries. */
import { settings } from '../../../src/config';
import { installSpark } from '../../../src/engines/spark/install';
import type { Format } from '../../../src/plan/types';
import { prepareTables, type TestTables } from '../../support/engine-data';

export { engineQueries as sparkQueries, expectSameRows, type TestTables } from '../../support/engine-data';

/** Installs Spark when missing (a no-op when .ci/run already did) and uploads the tables. */
export async function prepare(scratch: string, inputs: Format[]): Promise<Record<string, TestTables>> {
  installSpark(settings().enginesDir, () => undefined);
  return prepareTables('spark', scratch, inputs);
}
