/** What the Flink end-to-end tests share: Flink installed, and the engines' test tables and queries. */
import { settings } from '../../../src/config';
import { engine } from '../../../src/engines/registry';
import type { Format } from '../../../src/plan/types';
import { prepareTables, type TestTables } from '../../support/engine-data';

/** Installs Flink when missing (a no-op when .ci/run already did) and uploads the tables. */
export async function prepare(scratch: string, inputs: Format[]): Promise<Record<string, TestTables>> {
  await engine('flink').install.install(settings().enginesDir, () => undefined);
  return prepareTables('flink', scratch, inputs);
}
