/** The load run's summary.md: latency by burst against a single query's, from results.json. */
import type { LoadResults, LoadSample } from './load';

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}

const seconds = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(2)} s`);

export function loadSummary(results: LoadResults): string {
  const bursts = [...new Set(results.samples.map((sample) => sample.burst))];
  const single = median(latencies(results.samples.filter((sample) => sample.concurrency === 1)));
  const rows = bursts.map((burst) => {
    const of = results.samples.filter((sample) => sample.burst === burst);
    const ok = of.filter((sample) => sample.status === 'SUCCEEDED');
    const middle = median(latencies(ok));
    const waited = of.filter((sample) => (sample.waitMs ?? 0) > 0);
    const errors = [...new Set(of.flatMap((sample) => (sample.error ? [sample.error.split(':')[0]] : [])))];
    const ratio = middle !== undefined && single ? `${(middle / single).toFixed(1)}×` : '–';
    return (
      `| ${burst} | ${ok.length} / ${of.length} | ${seconds(middle)} | ${seconds(Math.max(...latencies(ok)))} | ` +
      `${of[0].engine === 'duckdb' ? ratio : '–'} | ${results.peakWorkers[burst] ?? '–'} | ` +
      `${waited.length} (${seconds(median(waited.map((sample) => sample.waitMs ?? 0)))}) | ${errors.join(', ') || '–'} |`
    );
  });
  const { machine, options } = results;
  const settings = [
    ...Object.entries(options.env).map(([key, value]) => `${key}=${value}`),
    ...(options.spares === undefined ? [] : [`${options.spares} spare(s) per query`]),
  ].join(' ');
  return [
    `### ${results.date.slice(0, 10)} · load: ${options.levels.join(', ')} concurrent DuckDB queries${options.distributed ? ` + ${options.distributed.queries} ${options.distributed.engine}` : ''}`,
    '',
    `One \`metaq serve\`, ${options.rounds} round(s) of each burst in turn; \`select N\`, each answer checked. ` +
      `Machine: ${machine.cpus} CPUs, ${machine.memoryGb} GB, Node ${machine.node}${settings ? `; ${settings}` : ''}. ` +
      `Latency: the execution's own (DescribeExecution stopDate − startDate), waiting for capacity included.`,
    '',
    '| burst | succeeded | latency median | max | × single | worker processes at most | waited (median wait) | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    sparesLine(results.samples),
    '',
    `Processes of the run's sessions left after the server stopped: **${results.leftWorkers}**. Whole run ${seconds(results.wallMs)}.`,
    '',
  ].join('\n');
}

/** Whether the spares launched bought anything: how much sooner the engine could start. */
function sparesLine(samples: LoadSample[]): string {
  const withSpares = samples.filter((sample) => sample.spareGainMs !== undefined);
  if (withSpares.length === 0) return 'No query launched a spare.';
  const gains = withSpares.map((sample) => sample.spareGainMs ?? 0).filter((gain) => gain > 0);
  return (
    `Spares: ${withSpares.length} queries launched spares; in ${gains.length} the engine could start sooner thanks to one` +
    (gains.length ? `, by ${median(gains)} ms (median), ${Math.max(...gains)} ms at most.` : '.')
  );
}

function latencies(samples: LoadSample[]): number[] {
  return samples.map((sample) => sample.latencyMs);
}
