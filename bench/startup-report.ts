/**
 * The startup bench's outputs: `summary.md` (per engine and variant, the median startup, the cold
 * query against the warm one, and the median timeline) and `startup.svg`/`.png`, one bar per engine
 * and variant cut at its milestones, drawn by startup_figure.py with the bench's matplotlib.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { plottingPython } from './install';
import { table } from './report';
import type { StartupResults, StartupRun } from './startup';
import { type Milestone, medianTimeline } from './startup-timeline';
import { median } from './summary';

const seconds = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`;

interface Group {
  engine: string;
  variant: string;
  workers: number;
  runs: StartupRun[];
  right: StartupRun[];
}

function groups(results: StartupResults): Group[] {
  const byKey = new Map<string, Group>();
  for (const run of results.runs) {
    const key = `${run.engine} ${run.variant}`;
    const group = byKey.get(key) ?? {
      engine: run.engine,
      variant: run.variant,
      workers: run.workers,
      runs: [],
      right: [],
    };
    group.runs.push(run);
    if (run.ok) group.right.push(run);
    byKey.set(key, group);
  }
  return [...byKey.values()];
}

/** The row of one engine and variant; timings from the runs whose answers were right. */
function row(group: Group): string[] {
  const startup = median(group.right.map((run) => run.startupMs));
  const cold = median(group.right.flatMap((run) => run.coldQueryMs ?? []));
  const warm = median(group.right.flatMap((run) => run.warmMs ?? []));
  const ratio = cold / warm;
  return [
    group.engine,
    group.variant,
    String(group.workers),
    `${group.right.length} / ${group.runs.length}`,
    seconds(startup),
    seconds(cold),
    seconds(warm),
    Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '—',
  ];
}

function timelineText(timeline: Milestone[]): string {
  return timeline.map(({ label, ms }) => `${seconds(ms)} ${label}`).join(' · ');
}

export function startupMarkdown(results: StartupResults): string {
  const { machine } = results;
  const variants = results.variants
    .map(
      (variant) =>
        `\`${variant.name}\`${
          Object.keys(variant.env).length
            ? ` (${Object.entries(variant.env)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')})`
            : ''
        }`,
    )
    .join(', ');
  const all = groups(results);
  return [
    `### ${results.date.slice(0, 10)} · startup · SF ${results.sf} · ${results.query} · ${results.repeat} repeat(s)`,
    '',
    `Variants: ${variants}. Machine: ${machine.cpus} CPUs, ${machine.memoryGb} GB, Node ${machine.node}; 1-minute load ${machine.loadBefore.toFixed(2)} → ${machine.loadAfter?.toFixed(2) ?? '?'}. ` +
      'Startup: Provision to the engine ready on every member. Cold query: the query phase of a new engine; warm: the same query on an engine started before, under the same settings.',
    '',
    table(
      ['engine', 'variant', 'workers', 'right', 'startup median', 'cold query', 'warm query', 'cold / warm'],
      all.map(row),
    ),
    '',
    '#### Median timelines (seconds since Provision started)',
    '',
    ...all.map(
      (group) =>
        `- **${group.engine} ${group.variant}**: ${timelineText(medianTimeline(group.right.map((run) => run.timeline)))}`,
    ),
    '',
    ...(results.notes.length ? ['Notes:', '', ...results.notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
}

export function publishStartup(results: StartupResults, folder: string, enginesDir: string): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  const summary = startupMarkdown(results);
  writeFileSync(path.join(folder, 'summary.md'), `${summary}\n`);
  const bars = groups(results).map((group) => ({
    label: `${group.engine} ${group.variant}`,
    milestones: medianTimeline(group.right.map((run) => run.timeline)),
  }));
  writeFileSync(
    path.join(folder, 'startup-figure.json'),
    `${JSON.stringify({ title: `startup · SF ${results.sf} · ${results.query} · ${results.date.slice(0, 10)}`, bars }, null, 1)}\n`,
  );
  execFileSync(plottingPython(enginesDir), [path.join(__dirname, 'startup_figure.py'), folder], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return summary;
}
