/** The TPC-H part of `bench network`'s summary: per engine and query, each path beside direct. */
import type { EngineName } from '../src/plan/types';
import { geometricMean, median } from './summary';

export const enginePaths = ['direct', 'punched', 'relayed'] as const;
export type EnginePath = (typeof enginePaths)[number];

export interface EngineNetworkRun {
  engine: EngineName;
  query: string;
  path: EnginePath;
  repeat: number;
  ok: boolean;
  error?: string;
  queryId: string;
  totalMs?: number;
  startMs?: number;
  queryMs?: number;
}

export interface EngineNetworkResults {
  sf: string;
  workers: number;
  repeat: number;
  runs: EngineNetworkRun[];
}

type Phase = 'queryMs' | 'totalMs';

/** Per engine, query and path: the medians of the right runs' query phase and whole run. */
export function engineNetworkRows(results: EngineNetworkResults) {
  const keys = [...new Set(results.runs.map((run) => `${run.engine} ${run.query}`))];
  return keys.map((key) => {
    const runs = results.runs.filter((run) => `${run.engine} ${run.query}` === key);
    const paths = Object.fromEntries(
      enginePaths.map((path) => {
        const right = runs.filter((run) => run.path === path && run.ok);
        const of = (phase: Phase) => (right.length ? median(right.map((run) => run[phase] ?? 0)) : undefined);
        return [
          path,
          {
            right: right.length,
            of: runs.filter((run) => run.path === path).length,
            queryMs: of('queryMs'),
            totalMs: of('totalMs'),
          },
        ];
      }),
    ) as Record<EnginePath, { right: number; of: number; queryMs?: number; totalMs?: number }>;
    return { engine: runs[0].engine, query: runs[0].query, paths };
  });
}

const ratio = (value: number | undefined, base: number | undefined) =>
  value !== undefined && base ? value / base : undefined;

/** Per engine and path, the geometric mean over its queries of the path's phase over direct's. */
export function engineNetworkRatios(results: EngineNetworkResults, phase: Phase) {
  const rows = engineNetworkRows(results);
  const engines = [...new Set(rows.map((row) => row.engine))];
  return engines.map((engine) => ({
    engine,
    ratios: Object.fromEntries(
      enginePaths.map((path) => {
        const values = rows
          .filter((row) => row.engine === engine)
          .map((row) => ratio(row.paths[path][phase], row.paths.direct[phase]))
          .filter((value): value is number => value !== undefined);
        return [path, values.length ? geometricMean(values) : undefined];
      }),
    ) as Record<EnginePath, number | undefined>,
  }));
}

const s = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const x = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);

export function engineNetworkSummary(results: EngineNetworkResults): string {
  const rows = engineNetworkRows(results).map((row) => {
    const { direct, punched, relayed } = row.paths;
    const cells = [direct, punched, relayed].map(
      (cell) => `${s(cell.queryMs)} / ${s(cell.totalMs)} (${cell.right}/${cell.of})`,
    );
    return `| ${row.engine} | ${row.query} | ${cells.join(' | ')} | ${x(ratio(punched.queryMs, direct.queryMs))} | ${x(ratio(relayed.queryMs, direct.queryMs))} |`;
  });
  const query = engineNetworkRatios(results, 'queryMs');
  const total = engineNetworkRatios(results, 'totalMs');
  const failed = results.runs.filter((run) => !run.ok);
  return [
    `## TPC-H SF ${results.sf} on ${results.workers} workers: direct against isolated (${results.repeat} repeat${results.repeat === 1 ? '' : 's'}, paths interleaved)`,
    '',
    "Each cell: median query phase / whole run in seconds (right answers / runs). Direct: workers on the host's loopback. " +
      "Punched and relayed: each worker in its own namespace behind a NAT that drops inbound connections (METAQ_NETWORK=isolated), the engine's connections between workers through the overlay.",
    '',
    '| engine | query | direct | punched | relayed | query phase punched × direct | relayed × direct |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...query.map(
      (row, i) =>
        `- **${row.engine}**, geometric mean over the queries: query phase punched ${x(row.ratios.punched)}, relayed ${x(row.ratios.relayed)} direct's; whole run punched ${x(total[i].ratios.punched)}, relayed ${x(total[i].ratios.relayed)}.`,
    ),
    ...failed.map((run) => `- failed: ${run.engine} ${run.query} #${run.repeat} ${run.path}: ${run.error}`),
    '',
  ].join('\n');
}
