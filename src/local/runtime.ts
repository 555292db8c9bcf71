/**
 * The embedded default: local DynamoDB and S3 in this process, pointed to by the standard AWS
 * variables, so that handlers and workers (which inherit the environment) need no local mode.
 */
import { mkdirSync } from 'node:fs';
import { resetClients } from '../aws/clients';
import { settings } from '../config';
import { type LocalS3, startDynamo, startS3 } from './servers';
import { recoverLost } from './sweep';
import { ensureTables } from './tables';

export interface LocalRuntime {
  home: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** The local S3 loads at its first request; this loads it now. */
  loadS3(): Promise<void>;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Where the runtime says what it recovered at start (standard error by default). */
  log?: (line: string) => void;
  dynamoPort?: number;
  s3Port?: number;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<LocalRuntime> {
  const config = settings();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  mkdirSync(config.home, { recursive: true });
  const dynamo = await startDynamo(config.home, options.dynamoPort);
  let s3: LocalS3;
  try {
    s3 = await startS3(config.home, [config.resultsBucket, config.dataBucket], options.s3Port);
  } catch (error) {
    await dynamo.close();
    throw error;
  }
  Object.assign(process.env, localEnvironment(dynamo.endpoint, s3.endpoint, config.home));
  resetClients();
  await ensureTables(dynamo.endpoint);
  const aborted = await recoverLost();
  if (aborted.length > 0)
    log(
      `metaq: ${aborted.length} quer${aborted.length === 1 ? 'y' : 'ies'} left running by a metaq process that died, now ABORTED (OrchestratorLost): ${aborted.join(', ')}`,
    );
  return {
    home: config.home,
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    loadS3: () => s3.load(),
    stop: async () => {
      resetClients();
      await Promise.all([dynamo.close(), s3.close()]);
    },
  };
}

export function localEnvironment(
  dynamoEndpoint: string,
  s3Endpoint: string,
  home: string,
): Record<string, string> {
  return {
    METAQ_HOME: home,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_REGION: 'us-east-1',
    // s3rver checks signatures against these; dynalite accepts any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    METAQ_S3_PATH_STYLE: 'true',
    METAQ_DEFAULT_PLATFORM: 'local',
  };
}
