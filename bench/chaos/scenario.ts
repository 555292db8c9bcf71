/**
 * One run of the campaign, drawn from the campaign's seed and the run's number alone, so that any
 * run can be replayed by itself (`--from <run> --runs 1`): an engine, its workers and spares, one
 * fault, and when and where the fault strikes.
 */
import { type EngineName, engineTraits } from '../../src/engines/registry';
import { mulberry32 } from '../straggler';
import { badQueries, checkQuery, slowQuery } from './sql';

/** When a kill or a stop strikes: the phase it waits for (then a random delay into it). */
export const moments = ['provision', 'rendezvous', 'start', 'run', 'collect'] as const;
export type Moment = (typeof moments)[number];

export const faultKinds = [
  // METAQ_CHAOS, injected by the workers themselves (src/session/chaos.ts)
  'delay-ready',
  'crash-on-start',
  'crash-on-run',
  'hang-on-run',
  // SIGKILL from outside, at a moment
  'kill-worker',
  'kill-head',
  'kill-engine',
  // in the input
  'bad-sql',
  'timeout',
  // StopExecution through metaq serve's Step Functions API
  'stop',
  // the orchestrating process itself, then metaq started again in the same home
  'kill-query-process',
  'kill-serve-process',
] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface Scenario {
  run: number;
  seed: number;
  engine: EngineName;
  workers: number;
  spares: number;
  fault: FaultKind;
  /** How the query is started: `metaq query`, or StartExecution on `metaq serve`. */
  door: 'query' | 'serve';
  sql: string;
  /** The count a successful run must return (the check query's). */
  answer?: number;
  timeoutSeconds?: number;
  /** METAQ_CHAOS for the workers. */
  chaos?: string;
  moment?: Moment;
  /** How far into the moment the fault strikes. */
  delayMs?: number;
  /** The launch index a METAQ_CHAOS fault or a worker kill is for. */
  index?: number;
  /** Where the choice among the engine's processes falls, in [0, 1). */
  pick?: number;
  /** How long after the orchestrator's death metaq is started again in the same home. */
  restartDelayMs?: number;
}

type Draw = () => number;
const oneOf = <T>(random: Draw, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Draw, low: number, high: number) => Math.round(low + random() * (high - low));

/** DuckDB runs inside the worker's process; every other engine starts processes of its own. */
const hasEngineProcesses = (engine: EngineName) => engine !== 'duckdb';

/** The moments a fault can strike at: a head and engine processes exist from the engine's start on. */
function momentsOf(fault: FaultKind): readonly Moment[] {
  if (fault === 'kill-head' || fault === 'kill-engine') return ['start', 'run', 'collect'];
  if (['kill-worker', 'stop', 'kill-query-process', 'kill-serve-process'].includes(fault)) return moments;
  return [];
}

/** How far into a moment a fault may strike: a JVM engine's start takes seconds, DuckDB's a fraction. */
function delayRange(moment: Moment, engine: EngineName): number {
  const jvm = engineTraits(engine).java !== undefined;
  return { provision: 200, rendezvous: 800, start: jvm ? 15_000 : 400, run: jvm ? 4000 : 300, collect: 0 }[
    moment
  ];
}

const mix = (seed: number, value: number) => (seed ^ Math.imul(value + 1, 0x9e3779b1)) >>> 0;

/**
 * The fault of a run: each block of as many runs as there are faults has every fault once, in an
 * order shuffled by the seed, so that a short campaign covers them all and a long one evenly.
 */
export function faultOf(seed: number, run: number, engines: EngineName[]): FaultKind {
  const faults = faultKinds.filter((fault) => fault !== 'kill-engine' || engines.some(hasEngineProcesses));
  const random = mulberry32(mix(seed, -1 - Math.floor(run / faults.length)));
  const order = faults.map((fault) => ({ fault, key: random() })).sort((a, b) => a.key - b.key);
  return order[run % faults.length].fault;
}

export function drawScenario(seed: number, run: number, engines: EngineName[]): Scenario {
  const random = mulberry32(mix(seed, run));
  const fault = faultOf(seed, run, engines);
  const engine = oneOf(random, fault === 'kill-engine' ? engines.filter(hasEngineProcesses) : engines);
  const workers = engineTraits(engine).distributed ? oneOf(random, [1, 2]) : 1;
  const spares = oneOf(random, [0, 1]);
  const scenario: Scenario = {
    run,
    seed,
    engine,
    workers,
    spares,
    fault,
    door: fault === 'stop' || fault === 'kill-serve-process' ? 'serve' : 'query',
    sql: checkQuery.sql,
    answer: checkQuery.answer,
  };
  const index = between(random, 0, workers + spares - 1);
  const moment = momentsOf(fault).length > 0 ? oneOf(random, momentsOf(fault)) : undefined;
  if (moment) Object.assign(scenario, { moment, delayMs: between(random, 0, delayRange(moment, engine)) });
  if (fault === 'kill-worker') scenario.index = index;
  if (fault === 'kill-engine') scenario.pick = random();
  if (fault === 'kill-query-process' || fault === 'kill-serve-process')
    scenario.restartDelayMs = between(random, 0, 3000);
  if (fault === 'delay-ready')
    Object.assign(scenario, { index, chaos: `${index}:delay-ready=${between(random, 500, 4000)}` });
  if (fault === 'crash-on-start' || fault === 'crash-on-run' || fault === 'hang-on-run')
    Object.assign(scenario, { index, chaos: `${index}:${fault}` });
  // A hung head answers never: the time limit ends it (20 s: a JVM engine's check query takes a few).
  if (fault === 'hang-on-run') scenario.timeoutSeconds = 20;
  if (fault === 'bad-sql') Object.assign(scenario, { sql: oneOf(random, badQueries), answer: undefined });
  if (fault === 'timeout')
    Object.assign(scenario, { sql: slowQuery, answer: undefined, timeoutSeconds: between(random, 2, 6) });
  return scenario;
}

/** One line per run, for the log and the summary's list of findings. */
export function describeScenario(scenario: Scenario): string {
  const where = [
    scenario.moment && `at ${scenario.moment}+${scenario.delayMs} ms`,
    scenario.index !== undefined && `worker ${scenario.index}`,
    scenario.chaos && `METAQ_CHAOS=${scenario.chaos}`,
    scenario.timeoutSeconds && `timeout ${scenario.timeoutSeconds} s`,
  ].filter(Boolean);
  return `${scenario.engine} ×${scenario.workers}+${scenario.spares} ${scenario.fault}${where.length ? ` (${where.join(', ')})` : ''}`;
}
