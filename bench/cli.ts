/**
 * `npm run bench -- tpch --sf 1 --engines duckdb --workers 1 --repeat 5`: the benchmark's command
 * line. `install` fetches what it needs; `figures <folder>` redraws a run from its results.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { settings } from '../src/config';
import { engineNames } from '../src/plan/types';
import { count, counts } from './cli-args';
import { networkCommand } from './cli-network';
import { cliSummary, runCommandLineBench } from './command-line';
import { pickEngines } from './engines';
import { drawFigures } from './figures';
import { installBench } from './install';
import { runLoadBench } from './load';
import { loadSummary } from './load-summary';
import { runPgBench } from './pg';
import { summaryMarkdown, updateReadme } from './report';
import type { BenchResults } from './results';
import { parseVariant, runStartup, type Variant } from './startup';
import { publishStartup } from './startup-report';
import { runTpch } from './tpch';
import { pickQueries } from './tpch/queries';
import { type ScaleFactor, scaleFactors } from './tpch/reference';
import { stopWarmClusters } from './warm';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A metaq home of the benchmark's own (its history fills up); engines are the user's (config.ts).
process.env.METAQ_HOME ??= path.resolve('.metaq/bench');

const log = (line: string) => process.stderr.write(`${line}\n`);
const program = new Command('bench').description(
  'metaq benchmarks: TPC-H through metaq, side by side with warm engines',
);

program
  .command('install')
  .description("DuckDB's tpch extension and matplotlib, into the engines folder")
  .action(() => installBench(settings().enginesDir, log));

program
  .command('tpch')
  .description('the 22 TPC-H queries cold through metaq and on warm engines, answers checked, and stragglers')
  .addOption(new Option('--sf <scale>', 'scale factor').choices(scaleFactors).default('1'))
  .option('--engines <list>', 'engines to compare', 'duckdb')
  .option('--workers <list>', 'worker counts (single-process engines use 1)', counts, [1])
  .option('--repeat <n>', 'runs of each query, cold and warm', count, 5)
  .option('--spares <n>', "spare workers per query (default: metaq's choice)", count)
  .option('--memory <mb>', 'memory per worker, cold and warm', count, 4096)
  .option('--queries <list>', 'query numbers (default: all 22)')
  .option('--straggler-trials <n>', 'trials per spare count (0: no straggler experiment)', count, 20)
  .option('--straggler-spares <list>', 'spare counts to compare', counts, [0, 1, 2])
  .option('--straggler-delay <ms>', 'how late a straggler registers', count, 10000)
  .option('--straggler-share <p>', 'chance that a launched worker straggles', Number, 0.2)
  .option('--straggler-query <n>', 'the query of the straggler trials', '6')
  .option('--seed <n>', 'seed of the straggler draws', count, 1)
  .option(
    '--out <folder>',
    'where results.json, summary.md and the figures go (default bench/results/<date>-sf<sf>)',
  )
  .option('--no-readme', 'leave bench/README.md as it is')
  .action(async (options) => {
    const { enginesDir } = settings();
    installBench(enginesDir, log);
    const folder = path.resolve(
      options.out ??
        path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-sf${options.sf}`),
    );
    const results = await runTpch({
      sf: options.sf as ScaleFactor,
      engines: pickEngines(options.engines),
      workers: options.workers,
      repeat: options.repeat,
      spares: options.spares,
      memoryMb: options.memory,
      queries: pickQueries(options.queries),
      straggler:
        options.stragglerTrials > 0
          ? {
              query: pickQueries(options.stragglerQuery)[0],
              spares: options.stragglerSpares,
              trials: options.stragglerTrials,
              delayMs: options.stragglerDelay,
              share: options.stragglerShare,
              seed: options.seed,
            }
          : undefined,
      log,
      checkpoint: (partial) => {
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(partial, null, 1)}\n`);
      },
    });
    publish(results, folder, enginesDir, options.readme);
    process.exitCode = [...results.runs, ...results.straggler].every((run) => run.ok) ? 0 : 1;
  });

program
  .command('pg')
  .description(
    'SELECT 42 through the PostgreSQL protocol (node-postgres, psql) and through `metaq query --json`',
  )
  .option('--repeat <n>', 'runs of each, interleaved', count, 10)
  .option('--out <folder>', 'where results.json and summary.md go (default bench/results/<date>-pg)')
  .action(async (options: { repeat: number; out?: string }) => {
    const folder = path.resolve(
      options.out ?? path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-pg`),
    );
    await runPgBench(options.repeat, folder, log);
  });

program
  .command('load')
  .description(
    '1, 5 and 20 concurrent DuckDB queries against a single one, and concurrent distributed queries, on one metaq serve',
  )
  .option('--levels <list>', 'concurrent DuckDB queries per burst', counts, [1, 5, 20])
  .option('--rounds <n>', 'rounds of every burst, interleaved', count, 3)
  .option('--distributed <engine>', 'the distributed engine (spark or drill; none: skip)', 'spark')
  .option('--distributed-queries <n>', 'concurrent distributed queries', count, 4)
  .option('--spares <n>', "spares of every query (default: metaq's choice)", count)
  .option('--set <setting...>', 'settings for the server, e.g. METAQ_LOCAL_MAX_WORKERS=8')
  .option('--out <folder>', 'where results.json and summary.md go (default bench/results/<date>-load)')
  .action(async (options) => {
    const folder = path.resolve(
      options.out ?? path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-load`),
    );
    const env = Object.fromEntries(
      ((options.set as string[] | undefined) ?? []).map((setting) => setting.split(/=(.*)/s).slice(0, 2)),
    );
    const results = await runLoadBench(
      {
        levels: options.levels,
        rounds: options.rounds,
        distributed:
          options.distributed === 'none'
            ? undefined
            : { engine: options.distributed, queries: options.distributedQueries, workers: 2 },
        spares: options.spares,
        env,
        log,
      },
      folder,
    );
    process.stdout.write(loadSummary(results));
    // A failure is acceptable only with a named error; a wrong answer or a process left never is.
    const bad = results.samples.filter(
      (sample) =>
        sample.status === 'WRONG' ||
        (sample.status !== 'SUCCEEDED' && !/^[A-Z][\w.]*:/.test(sample.error ?? '')),
    );
    process.exitCode = results.leftWorkers === 0 && bad.length === 0 ? 0 : 1;
  });

program.addCommand(networkCommand(log));

program
  .command('cli')
  .description(
    'the command line itself: metaq --help, engines ls, history and query "select 42" as whole processes, against an earlier checkout',
  )
  .option('--repeat <n>', 'runs of each command and checkout, interleaved', count, 5)
  .option(
    '--checkout <name=folder>',
    'another checkout to compare, with its node_modules, e.g. before=<git worktree of an earlier commit> (repeatable)',
    (text: string, list: { name: string; folder: string }[]) => {
      const [name, folder] = text.split(/=(.*)/s);
      if (!name || !folder) throw new InvalidArgumentError('expected name=folder');
      return [...list, { name, folder: path.resolve(folder) }];
    },
    [] as { name: string; folder: string }[],
  )
  .option('--out <folder>', 'where results.json and summary.md go (default bench/results/<date>-cli)')
  .action(async (options: { repeat: number; checkout: { name: string; folder: string }[]; out?: string }) => {
    const folder = path.resolve(
      options.out ?? path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-cli`),
    );
    const checkouts = [...options.checkout, { name: 'now', folder: path.resolve(__dirname, '..') }];
    const samples = await runCommandLineBench({ checkouts, repeat: options.repeat, folder, log });
    process.stdout.write(cliSummary(samples, { checkouts, repeat: options.repeat }));
  });

program
  .command('startup')
  .description(
    "where each engine's startup goes (a timeline per engine), and the cold query against the warm one, with and without each lever",
  )
  .addOption(new Option('--sf <scale>', 'scale factor').choices(scaleFactors).default('1'))
  .option('--engines <list>', 'engines to measure', engineNames.join(','))
  .option('--workers <n>', 'workers of a distributed engine (single-process engines use 1)', count, 2)
  .option('--query <n>', 'the TPC-H query', '6')
  .option('--repeat <n>', 'cold and warm runs of each engine and variant', count, 3)
  .option('--memory <mb>', 'memory per worker, cold and warm', count, 4096)
  .option(
    '--variant <name:KEY=VALUE,...>',
    'a lever to compare, e.g. full-jit:METAQ_JVM_QUICK_START=0 (repeatable; baseline always runs first)',
    (text: string, list: Variant[]) => [...list, parseVariant(text)],
    [] as Variant[],
  )
  .option(
    '--out <folder>',
    'where results.json, summary.md and the figure go (default bench/results/<date>-startup)',
  )
  .action(async (options) => {
    const { enginesDir } = settings();
    installBench(enginesDir, log);
    const folder = path.resolve(
      options.out ?? path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-startup`),
    );
    const results = await runStartup({
      sf: options.sf as ScaleFactor,
      engines: pickEngines(options.engines),
      variants: [{ name: 'baseline', env: {} }, ...options.variant],
      workers: options.workers,
      query: pickQueries(options.query)[0],
      repeat: options.repeat,
      memoryMb: options.memory,
      log,
      checkpoint: (partial) => {
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(partial, null, 1)}\n`);
      },
    });
    process.stdout.write(publishStartup(results, folder, enginesDir));
    process.exitCode = results.runs.every((run) => run.ok) ? 0 : 1;
  });

program
  .command('figures <folder>')
  .description("redraw a run's figures and summary from its results.json")
  .option('--readme', "also put the run's summary into bench/README.md (replacing that run's own)")
  .action((folder: string, options: { readme?: boolean }) => {
    const results = JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')) as BenchResults;
    publish(results, path.resolve(folder), settings().enginesDir, options.readme === true);
  });

function publish(results: BenchResults, folder: string, enginesDir: string, readme: boolean): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
  drawFigures(results, folder, enginesDir);
  const summary = summaryMarkdown(results, '.');
  writeFileSync(path.join(folder, 'summary.md'), summary);
  process.stdout.write(summary);
  if (readme) {
    const relative = path.relative(__dirname, folder).split(path.sep).join('/');
    updateReadme(path.join(__dirname, 'README.md'), summaryMarkdown(results, relative), relative);
  }
  log(`results, summary and figures in ${folder}`);
}

// Stopped by Ctrl-C or a kill: the warm engines' processes go too (cold queries' workers stop by
// themselves once their session is gone).
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`bench: ${signal}: stopping the warm engines`);
    stopWarmClusters().finally(() => process.exit(130));
  });

program.parseAsync().catch((error: Error) => {
  log(`bench: ${error.message}`);
  process.exitCode = 2;
});
