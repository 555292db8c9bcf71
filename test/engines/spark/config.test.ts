import { execFileSync } from 'node:child_process';
/** What the Spark engine generates, asserted without starting Spark (like Kyuubi's process-builder tests). */
import {
  driverCommand,
  masterCommand,
  sparkEnvironment,
  workerCommand,
} from '../../../src/engines/spark/commands';
import {
  coreSite,
  executorJavaOpts,
  s3aSettings,
  sparkDefaults,
  sparkPorts,
  sparkSizing,
  withDistinctPorts,
} from '../../../src/engines/spark/config';
import { driverScript } from '../../../src/engines/spark/driver-script';
import { requireSpark, sparkLayout } from '../../../src/engines/spark/layout';
import { s3aPom } from '../../../src/engines/spark/pom';
import { views } from '../../../src/engines/spark/views';
import type { Plan } from '../../../src/plan/types';
import type { Member } from '../../../src/session/types';
import { tempDir } from '../../support/runtime';

const plan: Plan = {
  queryId: 'q-1',
  sql: 'SELECT 1',
  engine: 'spark',
  platform: 'local',
  workers: 2,
  spares: 1,
  memoryMb: 1024,
  config: { 'spark.sql.shuffle.partitions': 7, 'duckdb.threads': 2 },
  tables: {},
  output: { location: 's3://results/q-1/', format: 'parquet' },
  limits: { timeoutSeconds: 60, rendezvousSeconds: 30 },
  tags: {},
  reasons: [],
  createdAt: '2026-01-01T00:00:00Z',
};
const head: Member = {
  index: 3,
  rank: 0,
  address: '10.0.0.5',
  ports: [7077, 8080, 7078, 7079, 7080, 7081, 1, 2],
};
const other: Member = {
  index: 1,
  rank: 1,
  address: '10.0.0.6',
  ports: [9001, 9002, 9003, 9004, 9005, 9006, 3, 4],
};
const localS3 = { region: 'us-east-1', endpoint: 'http://127.0.0.1:4568', pathStyle: true };
const layout = sparkLayout('/opt/engines');
const sizing = sparkSizing(plan, 1);
const settingsOf = (conf: string) =>
  Object.fromEntries(
    conf
      .trim()
      .split('\n')
      .map((line) => line.split(/ (.*)/s).slice(0, 2)),
  );

describe('spark-defaults.conf', () => {
  const conf = settingsOf(
    sparkDefaults({
      plan,
      members: [head, other],
      s3: localS3,
      sizing,
      jars: '/opt/engines/spark/jars',
      sparkHome: '/opt/spark',
      tmp: '/w/tmp',
      cds: {
        driver: ['-XX:SharedArchiveFile=/a/spark-driver.jsa'],
        executor: ['-XX:SharedArchiveFile=/a/e.jsa'],
      },
    }),
  );

  it('points every process at the head, on the ports the head reserved at rendezvous', () => {
    expect(sparkPorts(head)).toEqual({
      master: 7077,
      masterUi: 8080,
      driver: 7078,
      driverBlockManager: 7079,
      worker: 7080,
      workerUi: 7081,
      executorBlockManager: 1,
    });
    // Each member's executors on a port of that member's, through its conf folder's java-opts.
    expect(executorJavaOpts(other)).toBe('-Dspark.blockManager.port=3\n');
    expect(conf).toMatchObject({
      'spark.master': 'spark://10.0.0.5:7077',
      'spark.driver.host': '10.0.0.5',
      'spark.driver.bindAddress': '10.0.0.5',
      'spark.driver.port': '7078',
      'spark.driver.blockManager.port': '7079',
      'spark.master.rest.enabled': 'false',
      'spark.ui.enabled': 'false',
      'spark.cores.max': '2',
      'spark.executor.memory': '576m',
      'spark.driver.memory': '512m',
      // Jars before the configuration folder (that Spark puts first): class-data archives need it.
      'spark.driver.extraClassPath': '/opt/engines/spark/jars/*:/opt/spark/jars/*',
      'spark.executor.extraClassPath': '/opt/engines/spark/jars/*:/opt/spark/jars/*',
      'spark.sql.runSQLOnFiles': 'false',
      'spark.sql.variable.substitute': 'false',
    });
    expect(conf['spark.driver.extraJavaOptions']).toMatch(/ -XX:SharedArchiveFile=\/a\/spark-driver\.jsa$/);
    expect(conf['spark.executor.extraJavaOptions']).toMatch(/ -XX:SharedArchiveFile=\/a\/e\.jsa$/);
  });

  it('lets the plan override Spark properties, and ignores settings of other engines', () => {
    expect(conf['spark.sql.shuffle.partitions']).toBe('7');
    expect(Object.keys(conf).filter((key) => !key.startsWith('spark.'))).toEqual([]);
  });

  it('uses quick-starting JVMs locally only', () => {
    const onEcs = sparkDefaults({
      plan: { ...plan, platform: 'ecs' },
      members: [head],
      s3: localS3,
      sizing,
      jars: '/j',
      sparkHome: '/s',
      tmp: '/w/tmp',
    });
    expect(conf['spark.executor.extraJavaOptions']).toMatch(/^-XX:\+UseSerialGC -XX:TieredStopAtLevel=1 /);
    expect(onEcs).not.toContain('TieredStopAtLevel');
  });

  it('keeps the JVMs’ temporary files in the member’s folder, an executor’s in its own', () => {
    expect(conf['spark.driver.extraJavaOptions']).toMatch(
      / -Djava\.io\.tmpdir=\/w\/tmp -XX:-UsePerfData( |$)/,
    );
    expect(conf['spark.executor.extraJavaOptions']).toMatch(/ -Djava\.io\.tmpdir=\. -XX:-UsePerfData( |$)/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Hadoop's own variable.
    expect(coreSite(localS3)).toContain('<name>hadoop.tmp.dir</name><value>${java.io.tmpdir}/hadoop</value>');
  });

  it('sizes executors from the plan: the worker memory less a small daemon', () => {
    expect(sparkSizing({ ...plan, memoryMb: 4096 }, 4)).toEqual({
      cores: 4,
      daemonMemoryMb: 256,
      executorMemoryMb: 2880,
      driverMemoryMb: 1024,
    });
  });
});

describe('S3A settings', () => {
  it('a local S3: its endpoint, path style, plain http, unsigned requests, few retries', () => {
    expect(s3aSettings(localS3)).toEqual({
      'spark.hadoop.fs.s3a.endpoint.region': 'us-east-1',
      'spark.hadoop.fs.s3a.endpoint': 'http://127.0.0.1:4568',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
      'spark.hadoop.fs.s3a.connection.ssl.enabled': 'false',
      'spark.hadoop.fs.s3a.signing-algorithm': 'NoOpSignerType',
      'spark.hadoop.fs.s3a.attempts.maximum': '2',
      'spark.hadoop.fs.s3a.retry.limit': '2',
    });
  });

  it('AWS: the region only, and S3A’s own signing', () => {
    expect(s3aSettings({ region: 'eu-west-1', pathStyle: false })).toEqual({
      'spark.hadoop.fs.s3a.endpoint.region': 'eu-west-1',
    });
  });

  it('credentials go to core-site.xml, never into spark-defaults.conf', () => {
    const s3 = {
      region: 'eu-west-1',
      pathStyle: false,
      accessKeyId: 'AKIAX',
      secretAccessKey: 'SECRET<&>X',
      sessionToken: 'TOKENX',
    };
    const conf = sparkDefaults({
      plan,
      members: [head],
      s3,
      sizing,
      jars: '/j',
      sparkHome: '/s',
      tmp: '/w/tmp',
    });
    expect(conf).not.toMatch(/AKIAX|SECRET|TOKENX/);
    expect(coreSite(s3)).toBe(`<?xml version="1.0"?>
<configuration>
  <property><name>hadoop.tmp.dir</name><value>\${java.io.tmpdir}/hadoop</value></property>
  <property><name>fs.s3a.access.key</name><value>AKIAX</value></property>
  <property><name>fs.s3a.secret.key</name><value>SECRET&lt;&amp;&gt;X</value></property>
  <property><name>fs.s3a.aws.credentials.provider</name><value>org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider</value></property>
  <property><name>fs.s3a.session.token</name><value>TOKENX</value></property>
</configuration>
`);
    expect(coreSite({ region: 'eu-west-1', pathStyle: false })).not.toContain('fs.s3a');
    const java = { home: '/usr/lib/jvm/java-17', bin: '/usr/lib/jvm/java-17/bin/java', major: 17 };
    const env = sparkEnvironment(
      { layout, member: other, sizing, java, workDir: '/w/worker-1', local: true },
      { METAQ_SESSION_ID: 'q-1', PATH: '/usr/bin' },
    );
    expect(env).not.toHaveProperty('AWS_ACCESS_KEY_ID');
    expect(env).toMatchObject({
      METAQ_SESSION_ID: 'q-1',
      JAVA_HOME: '/usr/lib/jvm/java-17',
      SPARK_HOME: layout.sparkHome,
      SPARK_CONF_DIR: '/w/worker-1/spark-conf',
      SPARK_LOCAL_DIRS: '/w/worker-1/spark-local',
      SPARK_LOCAL_IP: '10.0.0.6',
      PYSPARK_PYTHON: '/opt/engines/spark/venv/bin/python',
    });
  });
});

describe('command lines', () => {
  it('the master binds the head’s address and ports; a worker joins it with its own', () => {
    expect(masterCommand(layout, head).args).toEqual([
      'org.apache.spark.deploy.master.Master',
      '--host',
      '10.0.0.5',
      '--port',
      '7077',
      '--webui-port',
      '8080',
    ]);
    const worker = workerCommand(layout, other, head, sizing, '/w/worker-1');
    expect(worker.command).toBe(`${layout.sparkHome}/bin/spark-class`);
    expect(worker.args).toEqual([
      'org.apache.spark.deploy.worker.Worker',
      'spark://10.0.0.5:7077',
      '--host',
      '10.0.0.6',
      '--port',
      '9005',
      '--webui-port',
      '9006',
      '--cores',
      '1',
      '--memory',
      '576m',
      '--work-dir',
      '/w/worker-1/spark-work',
    ]);
  });

  it('the driver script is Python that parses (it lives in a template string)', () => {
    expect(() =>
      execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], {
        input: driverScript,
      }),
    ).not.toThrow();
  });

  it('the driver is spark-submit of the driver script, in client mode', () => {
    expect(driverCommand(layout, '/d/metaq_driver.py', '/d', 3)).toEqual({
      command: `${layout.sparkHome}/bin/spark-submit`,
      args: ['--deploy-mode', 'client', '/d/metaq_driver.py', '/d', '3'],
    });
  });

  it('tables become s3a views, CSV with a header and inferred types', () => {
    expect(views({ t: { location: 's3://data/t.csv', format: 'csv' } })).toEqual([
      {
        name: 't',
        path: 's3a://data/t.csv',
        format: 'csv',
        options: { header: 'true', inferSchema: 'true' },
      },
    ]);
  });
});

describe('install', () => {
  it('a missing install names the command that fixes it', () => {
    const empty = tempDir('metaq-no-spark-');
    expect(() => requireSpark(empty)).toThrow(
      expect.objectContaining({
        name: 'EngineNotInstalled',
        message: expect.stringContaining('run `metaq engines install spark`'),
      }),
    );
  });

  it('the S3 connector without the AWS SDK bundle, with the SDK modules S3A loads', () => {
    const pom = s3aPom();
    expect(pom).toContain('<artifactId>hadoop-aws</artifactId><version>3.5.0</version>');
    expect(pom).toContain(
      '<exclusion><groupId>software.amazon.awssdk</groupId><artifactId>bundle</artifactId></exclusion>',
    );
    for (const module of ['s3', 's3-transfer-manager', 'netty-nio-client', 'apache-client'])
      expect(pom).toContain(`<artifactId>${module}</artifactId><version>2.35.4</version>`);
  });
});

describe('ports on one host', () => {
  it('a port two members both reserved is used by neither, the same on every member', () => {
    const a: Member = { index: 0, rank: 0, address: '127.0.0.1', ports: [1, 2, 3, 4, 5, 6, 7, 8] };
    const b: Member = { index: 1, rank: 1, address: '127.0.0.1', ports: [11, 12, 3, 14, 15, 16, 17, 18] };
    const c: Member = { index: 2, rank: 2, address: '10.0.0.9', ports: [1, 2, 3, 4, 5, 6, 7, 8] };
    const [first, second, third] = withDistinctPorts([a, b, c]);
    expect(sparkPorts(first)).toEqual({
      master: 1,
      masterUi: 2,
      driver: 4,
      driverBlockManager: 5,
      worker: 6,
      workerUi: 7,
      executorBlockManager: 8,
    });
    expect(sparkPorts(second).driver).toBe(14);
    expect(third.ports).toEqual(c.ports);
    const crowded = withDistinctPorts([a, { ...b, ports: [1, 2, 3, 11, 12, 13, 14, 15] }]);
    expect(() => sparkPorts(crowded[0])).toThrow(
      expect.objectContaining({
        name: 'PortsTaken',
        message: expect.stringContaining('run the query again'),
      }),
    );
  });
});
