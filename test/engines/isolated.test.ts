/**
 * Distributed engines on three isolated workers (METAQ_NETWORK=isolated; root, `ip` and `nft`): each
 * worker in a network namespace of its own behind a NAT that drops inbound connections, as on
 * Lambda, the engine's members joined only by the overlay. The answer equals DuckDB's through punched
 * transports and through the relay; afterwards no process, namespace or gateway of it is left.
 * Trino, Drill (with its ZooKeeper) and Spark (its executors' block managers on declared ports);
 * Drill again behind NATs that defeat punching (the default overlay then relays every pair); and a
 * worker lost mid-query is WorkerLost with nothing left.
 */
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { printRecord } from '../../src/cli/history';
import { settings } from '../../src/config';
import { engine } from '../../src/engines/registry';
import { getRecord } from '../../src/history/store';
import { runLocalQuery } from '../../src/local/run-query';
import type { LocalRuntime } from '../../src/local/runtime';
import type { EngineName } from '../../src/plan/types';
import { namespacesUnder, requireIsolationTools } from '../../src/platforms/isolated-network';
import { NAMESPACE_TAG } from '../../src/platforms/isolated-session';
import { engineQueries, prepareTables, type TestTables } from '../support/engine-data';
import { queryProcesses, startTestRuntime, tempDir } from '../support/runtime';
import { expectSameAsDuckdb } from '../support/same-as-duckdb';

let runtime: LocalRuntime;
const scratch = tempDir('metaq-trino-isolated-');
// The runtime runs in this process, so the platform's namespaces carry this process's id.
const prefix = `${NAMESPACE_TAG}${process.pid}`;
const gateways = () => readdirSync(os.tmpdir()).filter((entry) => entry.startsWith(`${prefix}-`));

beforeAll(async () => {
  requireIsolationTools();
  runtime = await startTestRuntime();
  process.env.METAQ_NETWORK = 'isolated';
}, 600_000);

afterAll(async () => {
  delete process.env.METAQ_NETWORK;
  delete process.env.METAQ_OVERLAY;
  await runtime?.stop();
});

const everyPair = ['0-1', '0-2', '1-2'];

/**
 * Drill plans a query over this little data as one fragment on its foreman unless told to slice it
 * finer: then drillbits exchange rows over their data ports, which must cross the overlay too (the
 * data port is the control port + 1; TPC-H Q1 at SF 1 hung until it was a declared port).
 */
const spread: Partial<Record<EngineName, Record<string, number>>> = {
  drill: { 'drill.planner.slice_target': 1 },
};

/** Every pair is in the record and in `metaq show`, the relayed ones apart; nothing of the network is left. */
async function expectPairs(queryId: string, expected: { punched: string[]; relayed: string[] }) {
  const record = await getRecord(queryId);
  expect({
    punched: [...(record?.overlay?.punched ?? [])].sort(),
    relayed: [...(record?.overlay?.relayed ?? [])].sort(),
  }).toEqual(expected);
  const shown = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  printRecord(queryId, record, {}, '');
  const text = shown.mock.calls.map(([chunk]) => String(chunk)).join('');
  shown.mockRestore();
  const list = (pairs: string[]) => pairs.join(' ') || 'none';
  expect(text).toContain(`overlay: punched ${list(expected.punched)}, relayed ${list(expected.relayed)}`);
  // Workers, their engines and the reflector are gone (expectSameAsDuckdb); so are the tunnels.
  expect(namespacesUnder(prefix)).toEqual([]);
  expect(gateways()).toEqual([]);
  expect(existsSync(`/run/netns/${prefix}-1-pub`)).toBe(false);
}

/** The first engine query on 3 isolated workers, the same as DuckDB's answer; its times printed. */
async function onThreeIsolated(name: EngineName, data: Record<string, TestTables>, what: string) {
  const started = Date.now();
  const report = await expectSameAsDuckdb({
    engine: name,
    sql: engineQueries[0].sql,
    input: 'parquet',
    output: 'parquet',
    workers: 3,
    data,
    scratch,
    config: spread[name],
    limits: { timeoutSeconds: 180 },
  });
  console.info(`${what}: ${Date.now() - started} ms, timings ${JSON.stringify(report.timings)}`);
  return report;
}

describe.each(['trino', 'drill', 'spark'] as EngineName[])('%s on isolated workers', (name) => {
  let data: Record<string, TestTables>;
  beforeAll(async () => {
    await engine(name).install.install(settings().enginesDir, () => undefined);
    data = await prepareTables(name, scratch, ['parquet']);
  }, 600_000);

  it.each([
    { overlay: 'punched', expected: { punched: everyPair, relayed: [] } },
    { overlay: 'relayed', expected: { punched: [], relayed: everyPair } },
  ])(
    'METAQ_OVERLAY=$overlay: three workers answer as DuckDB does, and nothing is left',
    async ({ overlay, expected }) => {
      process.env.METAQ_OVERLAY = overlay;
      const report = await onThreeIsolated(name, data, `${name} ${overlay}`);
      await expectPairs(report.queryId, expected);
    },
    400_000,
  );
});

it('behind NATs where punching fails (METAQ_ISOLATED_NAT=symmetric), the default punched overlay falls back to the relay for every pair, counted', async () => {
  const data = await prepareTables('drill', scratch, ['parquet']);
  delete process.env.METAQ_OVERLAY;
  // A symmetric NAT gives the punch a port other than the one the reflector saw: no SYN can meet.
  process.env.METAQ_ISOLATED_NAT = 'symmetric';
  try {
    const report = await onThreeIsolated('drill', data, 'drill symmetric NAT');
    await expectPairs(report.queryId, { punched: [], relayed: everyPair });
  } finally {
    delete process.env.METAQ_ISOLATED_NAT;
  }
}, 400_000);

it('an isolated worker crashing mid-query: WorkerLost, and no process, namespace or gateway is left', async () => {
  const data = await prepareTables('drill', scratch, ['parquet']);
  delete process.env.METAQ_OVERLAY;
  // The head is the first worker ready: the delay makes worker 1 a member that is not the head.
  process.env.METAQ_CHAOS = '1:delay-ready=2000,1:crash-on-run';
  try {
    const report = await runLocalQuery({
      sql: 'SELECT count(*) AS n FROM orders',
      engine: 'drill',
      workers: 3,
      spares: 0,
      tables: data.parquet.tables,
    });
    expect(report.error?.name).toBe('WorkerLost');
    expect(report.workers).toMatchObject({ launched: 3, admitted: 3, failed: 1 });
    expect(queryProcesses(report.queryId)).toEqual([]);
    expect(namespacesUnder(prefix)).toEqual([]);
    expect(gateways()).toEqual([]);
  } finally {
    delete process.env.METAQ_CHAOS;
  }
}, 400_000);
