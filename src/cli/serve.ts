/** `metaq serve`: the local runtime kept up, with the Step Functions API, the console and the schedules. */

import path from 'node:path';
import { settings } from '../config';
import { type RunningPgServer, startPgServer } from '../pg/server';
import { startServe } from '../serve/server';
import { ensureDuckdb } from './runtime';

export interface ServeCommandOptions {
  port: number;
  host: string;
  token?: string;
  schedules: string;
  s3Port?: number;
  dynamodbPort?: number;
  pgPort?: number;
}

export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  await ensureDuckdb();
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const serve = await startServe({
    port: options.port,
    host: options.host,
    token: options.token ?? settings().serveToken,
    schedulesFolder: path.resolve(options.schedules),
    s3Port: options.s3Port,
    dynamoPort: options.dynamodbPort,
    log,
  });
  if (serve.warning) process.stderr.write(`WARNING: ${serve.warning}\n`);
  let pg: RunningPgServer | undefined;
  if (options.pgPort !== undefined) {
    try {
      pg = await startPgServer({
        executions: serve.executions,
        port: options.pgPort,
        host: options.host,
        password: settings().pgPassword,
        tls: { cert: settings().pgTlsCert, key: settings().pgTlsKey },
        home: serve.runtime.home,
        log,
      });
    } catch (error) {
      await serve.close();
      throw error;
    }
    log(pg.notice);
  }
  const { registration } = serve;
  const enabled = serve.scheduler.schedules.filter((schedule) => schedule.enabled).length;
  process.stdout.write(
    [
      `metaq serve: ${serve.url}  (home ${registration.home})`,
      `  console        ${serve.url}/${registration.token ? '?token=<token>' : ''}`,
      `  Step Functions ${serve.url}   aws stepfunctions list-executions --endpoint-url ${serve.url} --state-machine-arn arn:aws:states:us-east-1:000000000000:stateMachine:metaq-query`,
      `  S3             ${registration.s3Endpoint}   aws s3 ls s3://metaq-results/results/ --endpoint-url ${registration.s3Endpoint}`,
      `  DynamoDB       ${registration.dynamoEndpoint}`,
      ...(pg
        ? [
            `  PostgreSQL     ${pg.host}:${pg.port}   psql "postgresql://metaq@${pg.host}:${pg.port}/metaq"${settings().pgPassword ? ' (password: $METAQ_PG_PASSWORD)' : ''}`,
          ]
        : []),
      '  credentials    AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1 (S3, DynamoDB)',
      ...(registration.token
        ? [
            '  token          the Step Functions API and the console need it: as the access key id, or Authorization: Bearer',
          ]
        : []),
      `  schedules      ${enabled} of ${serve.scheduler.schedules.length} enabled in ${path.resolve(options.schedules)}`,
      '  metaq query/history/show in this home now go through this server. Ctrl-C stops it.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('metaq serve: stopping (running executions are stopped and torn down)\n');
  await pg?.close();
  await serve.close();
  return 0;
}
