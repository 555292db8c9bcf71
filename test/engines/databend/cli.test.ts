/**
 * As a user runs it from a fresh folder: `metaq engines install databend`, `engines ls`, `metaq
 * tables add` of two CSV files, then a join with GROUP BY on Databend, whose rows equal DuckDB's.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../../support/runtime';

const metaq = path.resolve(__dirname, '../../../bin/metaq.js');
const run = promisify(execFile);

it('engines install databend, tables add, and a join + group by equals DuckDB’s', async () => {
  const home = tempDir('metaq-databend-cli-');
  const options = {
    cwd: home,
    env: { ...process.env, METAQ_HOME: path.join(home, '.metaq') },
    timeout: 400_000,
  };
  const metaqRun = (...args: string[]) => run(process.execPath, [metaq, ...args], options);
  await metaqRun('engines', 'install', 'databend');
  expect((await metaqRun('engines', 'ls')).stdout).toMatch(/│ databend\s+│ 1\.2\.453\s+│ yes /);
  writeFileSync(path.join(home, 'city.csv'), 'city_id,name,country\n1,Zurich,CH\n2,Geneva,CH\n3,Lyon,FR\n');
  writeFileSync(path.join(home, 'trip.csv'), 'city_id,km\n1,12.5\n1,3\n2,40\n3,7.25\n3,1\n3,2\n');
  await metaqRun('tables', 'add', 'city', path.join(home, 'city.csv'));
  await metaqRun('tables', 'add', 'trip', path.join(home, 'trip.csv'));
  const sql = `SELECT c.country, count(*) AS trips, sum(t.km) AS km
    FROM trip t JOIN city c ON c.city_id = t.city_id GROUP BY c.country ORDER BY c.country`;
  const answer = async (engine: string) =>
    JSON.parse((await metaqRun('query', sql, '--engine', engine, '--workers', '1', '--json')).stdout);
  const databend = await answer('databend');
  const duckdb = await answer('duckdb');
  expect(databend).toMatchObject({ status: 'SUCCEEDED', plan: { engine: 'databend', workers: 1 } });
  expect(databend.result.preview).toEqual(duckdb.result.preview);
  expect(databend.result.preview).toEqual([
    { country: 'CH', trips: 3, km: 55.5 },
    { country: 'FR', trips: 3, km: 10.25 },
  ]);
}, 600_000);
