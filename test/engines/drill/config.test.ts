/** What metaq gives Drill and ZooKeeper, asserted on the generated files and command lines. */
import {
  type DrillSetup,
  drillbitCommand,
  drillMemory,
  drillOverride,
  drillPorts,
  storagePluginsOverride,
  zooCfg,
  zookeeperCommand,
} from '../../../src/engines/drill/config';
import {
  createResult,
  outputTarget,
  s3aConfig,
  tableSource,
  tableView,
} from '../../../src/engines/drill/plugins';
import { queryOptions } from '../../../src/engines/drill/result';

const head = {
  index: 3,
  rank: 0,
  address: '127.0.0.1',
  ports: [41000, 41010, 41020, 41030, 41040, 41050, 41060, 41070],
};
const other = {
  index: 5,
  rank: 1,
  address: '127.0.0.1',
  ports: [42000, 42010, 42020, 42030, 42040, 42050, 42060, 42070],
};
const plan = {
  queryId: 'q-1',
  memoryMb: 4096,
  tables: {
    lineitem: { location: 's3://data-bucket/tables/lineitem/', format: 'parquet' as const },
    nation: { location: 's3://other-bucket/nation.csv', format: 'csv' as const },
  },
  output: { location: 's3://metaq-results/results/q-1/', format: 'parquet' as const },
};
const local = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:4568',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  pathStyle: true,
};
const setup = (member = head, s3 = local): DrillSetup => ({
  plan,
  member,
  head,
  members: [head, other],
  s3,
  workDir: '/w',
  jars: '/e/drill/jars',
  zookeeperJars: '/e/drill/zookeeper',
});

describe('drill-override.conf', () => {
  it('joins every member to the ZooKeeper on the head, at the ports the member reserved', () => {
    const conf = drillOverride(setup(other));
    expect(conf).toContain('cluster-id: "metaq-q-1"');
    expect(conf).toContain('connect: "127.0.0.1:41030"');
    expect(conf).toContain('bind_addr: "127.0.0.1", user.server.port: 42010, bit.server.port: 42000');
    expect(conf).toContain('http: { enabled: true, bind_addr: "127.0.0.1", port: 42020 }');
    expect(conf).toContain('allow_loopback_address_binding: true');
  });

  it('keeps every file Drill writes in the worker folder', () => {
    const conf = drillOverride(setup());
    expect(conf).toContain('root: "/w/drill/udf"');
    expect(conf).toContain('tmp.directories: ["/w/drill/tmp"]');
    expect(conf).toContain('spill.directories: ["/w/drill/spill"]');
    // Drill's own default for query profiles is /var/log/drill.
    expect(conf).toContain('sys.store.provider.zk.blobroot: "file:///w/drill/profiles"');
  });

  it('allows loopback binding only for loopback addresses', () => {
    const ecs = { ...head, address: '10.0.1.7' };
    expect(drillOverride({ ...setup(ecs), head: ecs })).toContain('allow_loopback_address_binding: false');
  });

  it('skips ports that another member on the same host also reserved, as every member does', () => {
    const clash = { ...other, ports: [41010, 42010, 42020, 42030, 42040, 42050, 42060, 42070] };
    const members = [head, clash];
    expect(drillPorts(head, members)).toEqual({
      control: 41000,
      data: 41001,
      user: 41020,
      http: 41030,
      zookeeper: 41040,
    });
    expect(drillPorts(clash, members)).toMatchObject({ control: 42010, user: 42020 });
    // Drill binds the data port at control + 1: a control port just below another member's is skipped.
    expect(drillPorts(head, [head, { ...other, ports: [41001] }]).control).toBe(41010);
  });

  it('takes a pair of its own for control and data when it has one (an isolated worker’s range): the overlay forwards only declared ports', () => {
    const isolated = {
      index: 2,
      rank: 2,
      address: '127.77.0.3',
      ports: [20016, 20017, 20018, 20019, 20020, 20021, 20022, 20023],
    };
    const ports = drillPorts(isolated, [head, isolated]);
    expect(ports).toEqual({ user: 20018, control: 20016, data: 20017, http: 20019, zookeeper: 20020 });
    expect(Object.values(ports).every((port) => isolated.ports.includes(port))).toBe(true);
  });

  it('refuses a member with too few usable ports', () => {
    expect(() => drillPorts({ ...other, ports: [1, 2] }, [head, other])).toThrow(
      /worker 5 has 2 port\(s\) no other member on its host also holds; drill needs 4/,
    );
  });
});

describe('storage plugins', () => {
  it('one s3a plugin per bucket, the output workspace writable, local file systems closed', () => {
    const { storage } = JSON.parse(storagePluginsOverride(setup()));
    expect(Object.keys(storage)).toEqual(['s3_0', 's3_1', 's3_2', 'metaq', 'dfs', 'cp']);
    expect([storage.dfs.enabled, storage.cp.enabled]).toEqual([false, false]);
    expect(storage.s3_0.connection).toBe('s3a://data-bucket');
    expect(storage.s3_1.workspaces.out).toMatchObject({ location: '/results', writable: true });
    expect(storage.s3_0.workspaces.out).toBeUndefined();
    expect(storage.metaq.workspaces).toEqual({
      default: expect.objectContaining({ location: '/w/drill/views' }),
    });
    expect(storage.dfs.enabled).toBe(false);
  });

  it('a local S3: endpoint, path style and the unsigned-payload signer s3rver needs', () => {
    expect(s3aConfig(local)).toMatchObject({
      'fs.s3a.endpoint': 'http://127.0.0.1:4568',
      'fs.s3a.path.style.access': 'true',
      'fs.s3a.connection.ssl.enabled': 'false',
      'fs.s3a.signing-algorithm': 'AWS4UnsignedPayloadSignerType',
      'fs.s3a.access.key': 'S3RVER',
    });
  });

  it('AWS: no endpoint, no signer override; temporary credentials when there is a session token', () => {
    const config = s3aConfig({
      region: 'eu-west-1',
      accessKeyId: 'A',
      secretAccessKey: 'S',
      sessionToken: 'T',
      pathStyle: false,
    });
    expect(config).toEqual({
      'fs.s3a.endpoint.region': 'eu-west-1',
      'fs.s3a.access.key': 'A',
      'fs.s3a.secret.key': 'S',
      'fs.s3a.session.token': 'T',
      'fs.s3a.aws.credentials.provider': 'org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider',
    });
    expect(s3aConfig({ region: 'eu-west-1', pathStyle: false })).toEqual({
      'fs.s3a.endpoint.region': 'eu-west-1',
    });
  });
});

describe('statements', () => {
  it('views name the tables, CTAS writes the output folder', () => {
    expect(tableSource(plan, 'lineitem')).toBe('s3_0.root.`tables/lineitem`');
    expect(tableView('lineitem', 's3_0.root.`tables/lineitem`', ['l_orderkey', 'l_tax'])).toBe(
      'CREATE OR REPLACE VIEW metaq.`lineitem` AS SELECT `l_orderkey`, `l_tax` FROM s3_0.root.`tables/lineitem`',
    );
    expect(createResult(plan, 'SELECT 1;')).toBe('CREATE TABLE s3_1.out.`q-1` AS SELECT 1');
    expect(queryOptions('json', { 'drill.planner.slice_target': 1000, 'spark.x': 1 })).toEqual({
      'store.format': 'json',
      'store.json.writer.uglify': 'true',
      'planner.slice_target': '1000',
    });
  });

  it('an output folder at the top of a bucket is refused with the fix', () => {
    expect(outputTarget('s3://bkt/x/y/')).toEqual({ bucket: 'bkt', workspace: '/x', table: 'y' });
    expect(() => outputTarget('s3://bkt/top/')).toThrow(/a folder below another one/);
  });
});

describe('processes', () => {
  it('memory from the plan: a third of it heap, most of the rest direct memory', () => {
    expect(drillMemory(4096)).toEqual({ heapMb: 1228, directMb: 2484 });
    expect(drillMemory(1024)).toEqual({ heapMb: 512, directMb: 512 });
    expect(drillbitCommand(setup()).args).toEqual(
      expect.arrayContaining(['-Xmx1228m', '-XX:MaxDirectMemorySize=2484m', '/e/drill/jars/*:/w/drill/conf']),
    );
  });

  it('the drillbit advertises the member address; ZooKeeper serves on the head port', () => {
    expect(drillbitCommand(setup(other)).env.DRILL_HOST_NAME).toBe('127.0.0.1');
    expect(drillbitCommand(setup()).args.at(-1)).toBe('org.apache.drill.exec.server.Drillbit');
    expect(zooCfg(setup())).toContain('clientPort=41030\nclientPortAddress=127.0.0.1');
    expect(zookeeperCommand(setup()).slice(-2)).toEqual([
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      '/w/drill/conf/zoo.cfg',
    ]);
  });
});
