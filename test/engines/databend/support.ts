/** What the Databend end-to-end tests share: databend installed, and the engines' test tables. */
import { settings } from '../../../src/config';
import { engine } from '../../../src/engines/registry';
import type { Format } from '../../../src/plan/types';
import { prepareTables, type TestTables } from '../../support/engine-data';

export type { TestTables };

/** Installs databend when missing (a no-op when .ci/run already did) and uploads the tables. */
export async function prepare(scratch: string, inputs: Format[]): Promise<Record<string, TestTables>> {
  await engine('databend').install.install(settings().enginesDir, () => undefined);
  return prepareTables('databend', scratch, inputs);
}
