/** What the ClickHouse end-to-end tests share: chdb installed, and the engines' test tables. */
import { settings } from '../../../src/config';
import { engine } from '../../../src/engines/registry';
import type { Format } from '../../../src/plan/types';
import { prepareTables, type TestTables } from '../../support/engine-data';

export type { TestTables };

/** Installs chdb when missing (a no-op when .ci/run already did) and uploads the tables. */
export async function prepare(scratch: string, inputs: Format[]): Promise<Record<string, TestTables>> {
  await engine('clickhouse').install.install(settings().enginesDir, () => undefined);
  return prepareTables('clickhouse', scratch, inputs);
}
