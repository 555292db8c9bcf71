/** `npm run bench -- network`: the overlay against direct loopback, then TPC-H on engines direct against isolated. */
import path from 'node:path';
import { Command, Option } from 'commander';
import { positive } from './cli-args';
import { pickEngines } from './engines';
import { runNetworkBench } from './network';
import { networkSummary } from './network-report';
import { runEngineNetworkBench } from './network-tpch';
import { pickQueries } from './tpch/queries';
import { type ScaleFactor, scaleFactors } from './tpch/reference';

export function networkCommand(log: (line: string) => void): Command {
  return new Command('network')
    .description(
      'throughput and round trips through the overlay (punched, relayed) against direct loopback, then TPC-H queries on distributed engines direct against isolated, interleaved (root)',
    )
    .option('--repeat <n>', 'runs of every path, interleaved', positive, 5)
    .option('--mib <n>', 'MiB of each throughput transfer', positive, 64)
    .option('--round-trips <n>', 'round trips per repeat and path', positive, 1000)
    .option('--message <bytes>', 'bytes of each round trip’s request (and answer)', positive, 64)
    .option('--engines <list>', 'distributed engines for the TPC-H part, or none', 'spark,drill')
    .option('--queries <list>', 'TPC-H queries of that part', '1,3,5')
    .addOption(new Option('--sf <scale>', 'its scale factor').choices(scaleFactors).default('1'))
    .option('--workers <n>', 'its workers per query', positive, 3)
    .option('--memory <mb>', 'its memory per worker', positive, 3072)
    .option('--tpch-repeat <n>', 'its runs of every query and path, interleaved', positive, 1)
    .option('--out <folder>', 'where results.json and summary.md go (default bench/results/<date>-network)')
    .action(async (options) => {
      const folder = path.resolve(
        options.out ?? path.join(__dirname, 'results', `${new Date().toISOString().slice(0, 10)}-network`),
      );
      const engines = options.engines === 'none' ? [] : pickEngines(options.engines);
      const results = await runNetworkBench(
        {
          repeat: options.repeat,
          bytes: options.mib * 1024 * 1024,
          roundTrips: { count: options.roundTrips, size: options.message },
          log,
        },
        folder,
      );
      if (engines.length > 0) {
        await runEngineNetworkBench(
          {
            engines,
            queries: pickQueries(options.queries),
            sf: options.sf as ScaleFactor,
            workers: options.workers,
            memoryMb: options.memory,
            repeat: options.tpchRepeat,
            log,
          },
          results,
          folder,
        );
      }
      process.stdout.write(networkSummary(results));
      log(`results in ${folder}`);
      process.exitCode = results.engines?.runs.every((run) => run.ok) === false ? 1 : 0;
    });
}
