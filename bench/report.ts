/** The summary of a run as Markdown: for `summary.md` beside the results and for bench/README.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BenchResults } from './results';
import { rankings, summarise, summariseStragglers } from './summary';

const s = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`;
const x = (ratio: number | undefined) =>
  ratio === undefined || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(1)}×`;

// GitHub Markdown tables are simple enough that a library would add more than it saves.
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The winner, and with three engines or more the order of the others after it. */
function ranked(labels: string[] | undefined): string {
  const [first, ...rest] = labels ?? [];
  if (!first) return '—';
  return rest.length > 1 ? `${first} (then ${rest.join(', ')})` : first;
}

export function summaryMarkdown(results: BenchResults, figuresFolder?: string): string {
  const { machine } = results;
  const summaries = summarise(results);
  const ranking = rankings(summaries, results.queries);
  const warmRanking = rankings(summaries, results.queries, 'warm');
  const several = summaries.length > 1;
  const load = `${machine.loadBefore.toFixed(2)} → ${machine.loadAfter?.toFixed(2) ?? '?'}`;
  const warmStart = (engine: string, workers: number) =>
    results.warmStarts?.find((start) => start.engine === engine && start.workers === workers)?.ms;
  const parts = [
    `### ${results.date.slice(0, 10)} · SF ${results.sf} · ${summaries.map(({ label }) => label).join(', ')}`,
    `TPC-H SF ${results.sf}, ${results.date.slice(0, 10)}, ${results.repeat} repeat(s), ${results.memoryMb} MB per worker. ` +
      `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}; ` +
      `1-minute load average ${load}.`,
    table(
      [
        'engine',
        'correct runs',
        'ephemeral / warm (geometric mean)',
        'startup median',
        'startup max',
        'warm engine start (once)',
      ],
      summaries.map((summary) => [
        summary.label,
        `${summary.correct} / ${summary.runs}`,
        x(summary.geomeanRatio),
        s(summary.medianStartupMs),
        s(summary.maxStartupMs),
        s(warmStart(summary.engine, summary.workers)),
      ]),
    ),
    'Medians per query: end to end through metaq (cold), of which startup (Provision to engine ready) and ' +
      'query (Submit); warm is the same query on an engine started once before the run. ' +
      'Winner: the shortest median end to end through metaq' +
      (several ? '; winner warm: the shortest median warm time' : '') +
      (summaries.length > 2 ? '; the other engines follow in brackets, fastest first.' : '.'),
    table(
      [
        'query',
        ...summaries.flatMap(({ label }) => [`${label} end to end`, 'startup', 'query', 'warm', 'ratio']),
        'winner',
        ...(several ? ['winner warm'] : []),
      ],
      results.queries.map((query) => [
        query,
        ...summaries.flatMap((summary) => {
          const figures = summary.queries.find((item) => item.query === query);
          return [
            s(figures?.coldMs),
            s(figures?.startupMs),
            s(figures?.queryMs),
            s(figures?.warmMs),
            x(figures?.ratio),
          ];
        }),
        ranked(ranking.get(query)),
        ...(several ? [ranked(warmRanking.get(query))] : []),
      ]),
    ),
  ];
  const stragglers = summariseStragglers(results.straggler);
  if (stragglers.length) {
    const first = results.straggler[0];
    parts.push(
      `Stragglers: each launched worker delayed by ${s(first.delayMs)} with a fixed seeded chance; ` +
        'the same workers are delayed in trial t whatever the number of spares.',
      table(
        [
          'engine',
          'spares',
          'trials',
          'with a straggler',
          'waited for a straggler',
          'median ready',
          'max ready',
        ],
        stragglers.map((row) => [
          row.label,
          String(row.spares),
          String(row.trials),
          String(row.delayedTrials),
          String(row.waitedTrials),
          s(row.medianReadyMs),
          s(row.maxReadyMs),
        ]),
      ),
    );
  }
  const failed = [
    ...results.runs,
    ...results.straggler.map((trial) => ({ ...trial, query: 'straggler' })),
  ].filter((run) => !run.ok);
  if (failed.length) {
    parts.push(
      `Failures (not timed):\n\n${failed.map((run) => `- ${run.engine} ${run.query}: ${run.error}`).join('\n')}`,
    );
  }
  if (results.notes.length) parts.push(results.notes.map((note) => `Note: ${note}`).join('\n\n'));
  if (figuresFolder) {
    parts.push(
      ['end-to-end', 'startup-cdf', 'ratio', ...(stragglers.length ? ['straggler'] : [])]
        .map((name) => `![${name}](${figuresFolder}/${name}.svg)`)
        .join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}

const START = '<!-- summary:start -->';
const END = '<!-- summary:end -->';

const runStart = (run: string) => `<!-- run:${run} -->`;
const RUN_END = '<!-- run:end -->';

/**
 * Puts a run's summary into bench/README.md's summary section (between its two markers): it
 * replaces that run's earlier summary, or comes first, before the summaries of other runs, which
 * stay (each is labelled with its date, scale factor and engines).
 */
export function updateReadme(readme: string, markdown: string, run: string): void {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readme} has no ${START} … ${END} section`);
  const section = text.slice(start + START.length, end);
  const block = `${runStart(run)}\n${markdown}${RUN_END}\n`;
  const mine = section.indexOf(runStart(run));
  const updated =
    mine >= 0
      ? section.slice(0, mine) + block + section.slice(section.indexOf(RUN_END, mine) + RUN_END.length + 1)
      : `\n${block}${section.replace(/^\n/, '')}`;
  writeFileSync(readme, `${text.slice(0, start + START.length)}${updated}${text.slice(end)}`);
}
