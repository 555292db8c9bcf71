/**
 * `npm run bench -- cli`: what the command line itself costs, as a user pays it: whole `node
 * bin/metaq.js` processes, each command run in turn by every checkout compared (this one, and
 * `--checkout name=folder`, e.g. a `git worktree` of an earlier commit with node_modules), interleaved,
 * each checkout in a metaq home of its own. Wall time is the bench's; CPU is /usr/bin/time's user +
 * system of the process and the children it waited for (its workers). A warm-up round of each
 * checkout first, so no sample pays for a build or a first install.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const benchCommands: Record<string, string[]> = {
  help: ['--help'],
  'engines-ls': ['engines', 'ls'],
  history: ['history'],
  'query-select-42': ['query', 'select 42', '--json'],
};

export interface CliSample {
  checkout: string;
  command: string;
  wallMs: number;
  /** User + system CPU seconds of the process and its waited-for children, when /usr/bin/time exists. */
  cpuS?: number;
  /** For a query: the execution's own total, from its output. */
  executionMs?: number;
}

export interface CliBenchOptions {
  checkouts: { name: string; folder: string }[];
  repeat: number;
  folder: string;
  log: (line: string) => void;
}

const TIME = '/usr/bin/time';

export async function runCommandLineBench(options: CliBenchOptions): Promise<CliSample[]> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'metaq-bench-cli-'));
  const homes = new Map(options.checkouts.map(({ name }) => [name, path.join(scratch, name)]));
  const samples: CliSample[] = [];
  try {
    for (let round = -1; round < options.repeat; round++) {
      for (const [command, args] of Object.entries(benchCommands)) {
        for (const { name, folder } of options.checkouts) {
          const sample = await timed(name, folder, homes.get(name) as string, command, args, scratch);
          if (round >= 0) samples.push(sample);
        }
      }
      const last = samples.slice(-options.checkouts.length * Object.keys(benchCommands).length);
      if (round >= 0) options.log(`round ${round + 1}/${options.repeat}: ${line(last)}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  mkdirSync(options.folder, { recursive: true });
  writeFileSync(
    path.join(options.folder, 'results.json'),
    `${JSON.stringify({ repeat: options.repeat, checkouts: options.checkouts, commands: benchCommands, samples }, null, 1)}\n`,
  );
  writeFileSync(path.join(options.folder, 'summary.md'), cliSummary(samples, options));
  options.log(`results in ${options.folder}`);
  return samples;
}

function line(samples: CliSample[]): string {
  return samples.map((s) => `${s.checkout} ${s.command} ${s.wallMs} ms`).join(', ');
}

async function timed(
  checkout: string,
  folder: string,
  home: string,
  command: string,
  args: string[],
  scratch: string,
): Promise<CliSample> {
  const bin = path.join(folder, 'bin/metaq.js');
  const times = path.join(scratch, `time-${checkout}.txt`);
  const withTime = existsSync(TIME);
  const [file, argv] = withTime
    ? [TIME, ['-f', '%U %S', '-o', times, process.execPath, bin, ...args]]
    : [process.execPath, [bin, ...args]];
  const start = performance.now();
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      file,
      argv,
      { cwd: folder, env: { ...process.env, METAQ_HOME: home }, maxBuffer: 64 << 20 },
      (error, out, stderr) =>
        error ? reject(new Error(`${checkout}: metaq ${args.join(' ')} failed: ${stderr}`)) : resolve(out),
    ),
  );
  const sample: CliSample = { checkout, command, wallMs: Math.round(performance.now() - start) };
  if (withTime) {
    const [user, system] =
      readFileSync(times, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
    sample.cpuS = Math.round((user + system) * 100) / 100;
  }
  if (command.startsWith('query'))
    sample.executionMs = (JSON.parse(stdout) as { timings?: { totalMs?: number } }).timings?.totalMs;
  return sample;
}

export function cliSummary(
  samples: CliSample[],
  options: Pick<CliBenchOptions, 'checkouts' | 'repeat'>,
): string {
  const rows = Object.entries(benchCommands).flatMap(([command, args]) =>
    options.checkouts.map(({ name }) => {
      const of = samples.filter((sample) => sample.checkout === name && sample.command === command);
      const executions = of.flatMap((sample) =>
        sample.executionMs === undefined ? [] : [sample.executionMs],
      );
      const cpu = of.flatMap((sample) => (sample.cpuS === undefined ? [] : [sample.cpuS]));
      return `| \`metaq ${args.join(' ')}\` | ${name} | ${median(of.map((s) => s.wallMs))} | ${median(cpu, 2)} | ${median(executions)} |`;
    }),
  );
  return [
    `# The command line itself: whole processes, ${options.repeat} runs of each, interleaved`,
    '',
    `Checkouts: ${options.checkouts.map(({ name, folder }) => `${name} (${folder})`).join(', ')}. Medians; wall in ms, CPU in s (user + system, with the workers the command waited for); "execution": the state machine's own total.`,
    '',
    '| command | checkout | wall | CPU | execution |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function median(values: number[], digits = 0): number | string {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return Number(value.toFixed(digits));
}
