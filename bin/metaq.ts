/** The metaq command line. Each command is one function in src/cli/. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { engineNames } from '../src/engines/registry';
import { formats } from '../src/plan/types';

// Each command's module loads when it runs (src/cli/commands.ts): `metaq --help` need not load the
// AWS SDK, DuckDB or the local servers.
const cli = () => (require('../src/cli/commands') as typeof import('../src/cli/commands')).commands;

const program = new Command('metaq')
  .description('An engine of its own for every SQL query.')
  .showHelpAfterError()
  // A command line the parser refuses (`--workers abc`, `--format xml`) could not run: 2, as for
  // every other error of the command itself (1 is a query that ran and failed). Subcommands made
  // below inherit this.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

function integer(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('not a whole number');
  return Number(value);
}

function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function run(command: () => Promise<number> | number) {
  Promise.resolve()
    .then(command)
    .then(
      (code) => process.exit(code),
      (error: Error) => {
        process.stderr.write(
          `metaq: ${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}\n`,
        );
        process.exit(2);
      },
    );
}

program
  .command('query')
  .description('run one SQL query on an engine of its own')
  .argument('<sql>', 'the query')
  .addOption(new Option('--engine <name>', 'engine').choices(['auto', ...engineNames]))
  .option('--workers <n>', 'workers the query runs on', integer)
  .option('--spares <n>', 'extra workers launched; the first ready are kept', integer)
  .option('--memory <mb>', 'memory per worker in MB', integer)
  .option(
    '--table <name=location[:format]>',
    'a table for this query (s3:// URL or local path); repeatable',
    collectList,
  )
  .addOption(new Option('--format <format>', 'result format').choices([...formats]))
  .option('--output <s3-url>', 'result folder (s3://bucket/folder/)')
  .option('--timeout <seconds>', 'query time limit', integer)
  .option('--json', 'print the execution output as one JSON document')
  .option('--aws', 'run it on the deployed stack (Step Functions), not on the embedded default')
  .option('--state-machine-arn <arn>', 'with --aws: the state machine (default: $METAQ_STATE_MACHINE_ARN)')
  .action((sql, options) =>
    run(async () =>
      options.aws ? cli().aws().awsQueryCommand(sql, options) : cli().query().queryCommand(sql, options),
    ),
  );

const tables = program.command('tables').description('the catalog of tables');
tables
  .command('add')
  .description('register a table: a local file or folder (uploaded to the local S3) or an s3:// URL')
  .argument('<name>')
  .argument('<path-or-s3-url>')
  .addOption(
    new Option('--format <format>', 'file format (default: from the file name)').choices([...formats]),
  )
  .action((name, source, options) => run(async () => cli().tables().addTableCommand(name, source, options)));
tables
  .command('ls')
  .description('list the tables')
  .option('--json', 'as JSON')
  .action((options) => run(async () => cli().tables().listTablesCommand(options)));

program
  .command('history')
  .description('the queries that ran, newest first')
  .option('--limit <n>', 'how many', integer, 20)
  .option('--json', 'as JSON')
  .option('--aws', "the deployed stack's queries table (default metaq-queries, or $METAQ_QUERIES_TABLE)")
  .action((options) =>
    run(async () =>
      options.aws ? cli().aws().awsHistoryCommand(options) : cli().history().historyCommand(options),
    ),
  );

program
  .command('show')
  .description('one query: plan, phase timings, workers, cost, result, error')
  .argument('<queryId>')
  .option('--json', 'as JSON')
  .option('--aws', "from the deployed stack's queries table")
  .action((queryId, options) =>
    run(async () =>
      options.aws
        ? cli().aws().awsShowCommand(queryId, options)
        : cli().history().showCommand(queryId, options),
    ),
  );

program
  .command('demo')
  .description('make a small data set, register it and run a few analytical queries')
  .action(() => run(async () => cli().demo().demoCommand()));

program
  .command('serve')
  .description('keep the local runtime up: Step Functions API, web console, scheduled reports')
  .option('--port <n>', 'HTTP port (0: any free one)', integer, 8083)
  .option('--host <address>', 'address to listen on (other than loopback needs --token)', '127.0.0.1')
  .option('--token <secret>', 'every request must carry it (default: $METAQ_SERVE_TOKEN)')
  .option('--schedules <folder>', 'folder of schedule files (<name>.json)', 'schedules')
  .option('--s3-port <n>', 'port of the local S3 (default: any free one)', integer)
  .option('--dynamodb-port <n>', 'port of the local DynamoDB (default: any free one)', integer)
  .option(
    '--pg-port <n>',
    'also speak the PostgreSQL protocol on this port (0: any free one); password: $METAQ_PG_PASSWORD, else loopback only',
    integer,
  )
  .action((options) => run(async () => cli().serve().serveCommand(options)));

const schedules = program.command('schedules').description('scheduled reports');
schedules
  .command('ls')
  .description('list the schedules with their next run times')
  .option('--schedules <folder>', 'folder of schedule files (<name>.json)', 'schedules')
  .option('--json', 'as JSON')
  .action((options) => run(async () => cli().schedules().listSchedulesCommand(options)));

const engines = program.command('engines').description('installed engines');
engines
  .command('ls')
  .description('list engines and whether they are installed')
  .action(() => run(async () => cli().engines().listEnginesCommand()));
engines
  .command('install')
  .description('install an engine under the engines folder')
  .argument('<name>')
  .action((name) => run(async () => cli().engines().installEngineCommand(name)));

program.parseAsync(process.argv);
