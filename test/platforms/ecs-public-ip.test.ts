/** The reflector's public IP: a real metadata endpoint (a local HTTP server), ECS and EC2 mocked. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { taskPublicIp } from '../../src/platforms/ecs-public-ip';

const ecs = mockClient(ECSClient);
const ec2 = mockClient(EC2Client);
const taskArn = 'arn:aws:ecs:eu-central-1:123456789012:task/metaq-cluster/0123abcd';
const cluster = 'arn:aws:ecs:eu-central-1:123456789012:cluster/metaq-cluster';
let server: Server;
let env: NodeJS.ProcessEnv;
let metadata: { status: number; body: unknown };

beforeAll(async () => {
  server = createServer((request, response) => {
    const { status, body } = request.url === '/v4/abc/task' ? metadata : { status: 404, body: {} };
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env = {
    ECS_CONTAINER_METADATA_URI_V4: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v4/abc`,
  };
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  metadata = { status: 200, body: { TaskARN: taskArn, Cluster: cluster, Containers: [] } };
  ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        taskArn,
        attachments: [
          {
            type: 'ElasticNetworkInterface',
            details: [
              { name: 'subnetId', value: 'subnet-1' },
              { name: 'networkInterfaceId', value: 'eni-0abc' },
            ],
          },
        ],
      },
    ],
  });
  ec2.on(DescribeNetworkInterfacesCommand).resolves({
    NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0abc', Association: { PublicIp: '198.51.100.23' } }],
  });
});
afterEach(() => {
  ecs.reset();
  ec2.reset();
});

describe('Method: taskPublicIp', () => {
  it("follows the task's metadata to its network interface and the interface's public IP", async () => {
    await expect(taskPublicIp(env)).resolves.toBe('198.51.100.23');
    expect(ecs).toHaveReceivedCommandWith(DescribeTasksCommand, { cluster, tasks: [taskArn] });
    expect(ec2).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
      NetworkInterfaceIds: ['eni-0abc'],
    });
  });

  it('outside ECS, names the setting that gives the address instead', async () => {
    await expect(taskPublicIp({})).rejects.toMatchObject({
      name: 'ReflectorAddressUnknown',
      message: expect.stringContaining('set METAQ_REFLECTOR_ADDRESS'),
    });
  });

  it('says which step failed, and keeps the cause', async () => {
    metadata = { status: 500, body: {} };
    await expect(taskPublicIp(env)).rejects.toThrow(`${env.ECS_CONTAINER_METADATA_URI_V4}/task answered 500`);

    metadata = { status: 200, body: { TaskARN: taskArn, Cluster: cluster } };
    const denied = Object.assign(new Error('not authorized to perform ecs:DescribeTasks'), {
      name: 'AccessDeniedException',
    });
    ecs.on(DescribeTasksCommand).rejects(denied);
    const failing = taskPublicIp(env);
    await expect(failing).rejects.toMatchObject({ name: 'ReflectorAddressUnknown', cause: denied });
    await expect(failing).rejects.toThrow(`DescribeTasks of ${taskArn} failed`);
  });

  it('refuses a task without a public IP, saying how to run it', async () => {
    ec2
      .on(DescribeNetworkInterfacesCommand)
      .resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-0abc' }] });
    await expect(taskPublicIp(env)).rejects.toThrow(
      "network interface eni-0abc has no public IP: run the reflector's service in a public subnet with assignPublicIp",
    );
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn, attachments: [] }] });
    await expect(taskPublicIp(env)).rejects.toThrow(
      `task ${taskArn} has no network interface: run the reflector's task with awsvpc networking`,
    );
  });
});
