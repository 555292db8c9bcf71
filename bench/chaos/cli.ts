/**
 * `npm run chaos -- --runs 200 --seed 1 --engines duckdb,spark,drill`: a seeded fault campaign
 * against metaq (bench/README.md, "Chaos"). Exits 1 when any run left a process, lost a record,
 * left a session open or was wrongly reported; 2 when the campaign itself could not run.
 */
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { settings } from '../../src/config';
import { pickEngines } from '../engines';
import { type ChaosResults, runCampaign } from './campaign';
import { mergeResults, readResults } from './merge';
import { publishChaos, writeResults } from './publish';
import { describeScenario, drawScenario } from './scenario';
import { isClean, summarise } from './summary';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const log = (line: string) => process.stderr.write(`${line}\n`);
const count = (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('expected a whole number');
  return value;
};

interface ChaosOptions {
  runs: number;
  seed: number;
  engines: string;
  from: number;
  grace: number;
  out?: string;
  dryRun?: boolean;
  merge?: string;
}

const program = new Command('chaos')
  .description('a seeded fault campaign: every run one query with one fault, then what it left is counted')
  .option('--runs <n>', 'runs', count, 200)
  .option('--seed <n>', 'seed of the draws (the same seed draws the same runs)', count, 1)
  .option('--engines <list>', "engines the runs choose from, any of the registry's", 'duckdb,spark,drill')
  .option('--from <n>', 'number of the first run (replay one: --from <n> --runs 1)', count, 0)
  .option('--grace <ms>', 'how long processes may outlive their query before they count as left', count, 5000)
  .option(
    '--out <folder>',
    'where results.json, summary.md and the figure go (default bench/results/<date>-chaos)',
  )
  .option('--dry-run', 'print the runs the seed draws, and run nothing')
  .option(
    '--merge <folders>',
    'run nothing: one summary of parts run separately (their folders, comma-separated)',
  )
  .action(async (options: ChaosOptions) => {
    const engines = pickEngines(options.engines);
    if (options.dryRun) {
      for (let run = options.from; run < options.from + options.runs; run++)
        process.stdout.write(`run ${run}: ${describeScenario(drawScenario(options.seed, run, engines))}\n`);
      return;
    }
    const folder = path.resolve(
      options.out ?? path.join(__dirname, '..', 'results', `${new Date().toISOString().slice(0, 10)}-chaos`),
    );
    const results: ChaosResults = options.merge
      ? mergeResults(options.merge.split(',').map(readResults))
      : await runCampaign({
          runs: options.runs,
          seed: options.seed,
          engines,
          from: options.from,
          graceMs: options.grace,
          log,
          checkpoint: (partial) => writeResults(partial, folder),
        });
    const code = isClean(summarise(results)) ? 0 : 1;
    // Ends here even if a client or timer were still open: the lock this runs under is shared.
    process.stdout.write(publishChaos(results, folder, settings().enginesDir, log), () => process.exit(code));
  });

program.parseAsync().catch((error: Error) => {
  log(`chaos: ${error.message}`);
  process.exitCode = 2;
});
