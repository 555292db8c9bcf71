/** `metaq query --engine drill --workers 3 --json` on the embedded default, as a user runs it. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { settings } from '../../../src/config';
import { installDrill } from '../../../src/engines/drill/install';
import { tempDir } from '../../support/runtime';

const metaq = path.resolve(__dirname, '../../../bin/metaq.js');

it('a query on three drillbits from the command line', async () => {
  const home = tempDir('metaq-drill-cli-');
  const { enginesDir } = settings();
  installDrill(enginesDir, () => undefined);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      metaq,
      'query',
      'SELECT x, x * x AS square FROM (VALUES (1), (2), (3)) t(x) ORDER BY x',
      '--engine',
      'drill',
      '--workers',
      '3',
      '--json',
    ],
    {
      cwd: home,
      env: { ...process.env, METAQ_HOME: path.join(home, '.metaq'), METAQ_ENGINES_DIR: enginesDir },
      timeout: 300_000,
    },
  );
  const report = JSON.parse(stdout);
  expect(report).toMatchObject({ status: 'SUCCEEDED', plan: { engine: 'drill', workers: 3 } });
  expect(report.result.preview).toEqual([
    { x: 1, square: 1 },
    { x: 2, square: 4 },
    { x: 3, square: 9 },
  ]);
  expect(report.result.files[0]).toMatch(/^s3:\/\/metaq-results\/results\/.*\/0_0_0\.parquet$/);
}, 300_000);
