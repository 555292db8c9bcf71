/**
 * As a user runs it from a fresh folder: `metaq engines install flink`, `metaq tables add` of two
 * CSV files, then a join with GROUP BY on three Flink workers, whose rows equal DuckDB's.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../../support/runtime';

const metaq = path.resolve(__dirname, '../../../bin/metaq.js');
const run = promisify(execFile);

it('engines install flink, tables add, and a join + group by on three workers equals DuckDB’s', async () => {
  const home = tempDir('metaq-flink-cli-');
  const options = {
    cwd: home,
    env: { ...process.env, METAQ_HOME: path.join(home, '.metaq') },
    timeout: 400_000,
  };
  const metaqRun = (...args: string[]) => run(process.execPath, [metaq, ...args], options);
  await metaqRun('engines', 'install', 'flink');
  writeFileSync(path.join(home, 'city.csv'), 'city_id,name,country\n1,Zurich,CH\n2,Geneva,CH\n3,Lyon,FR\n');
  writeFileSync(path.join(home, 'trip.csv'), 'city_id,km\n1,12.5\n1,3\n2,40\n3,7.25\n3,1\n3,2\n');
  await metaqRun('tables', 'add', 'city', path.join(home, 'city.csv'));
  await metaqRun('tables', 'add', 'trip', path.join(home, 'trip.csv'));
  const sql = `SELECT c.country, count(*) AS trips, sum(t.km) AS km
    FROM trip t JOIN city c ON c.city_id = t.city_id GROUP BY c.country ORDER BY c.country`;
  const answer = async (engine: string, workers: string) =>
    JSON.parse((await metaqRun('query', sql, '--engine', engine, '--workers', workers, '--json')).stdout);
  const flink = await answer('flink', '3');
  const duckdb = await answer('duckdb', '1');
  expect(flink).toMatchObject({ status: 'SUCCEEDED', plan: { engine: 'flink', workers: 3 } });
  expect(flink.result.preview).toEqual(duckdb.result.preview);
  expect(flink.result.preview).toEqual([
    { country: 'CH', trips: 3, km: 55.5 },
    { country: 'FR', trips: 3, km: 10.25 },
  ]);
}, 600_000);
