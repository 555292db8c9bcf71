/**
 * The public IPv4 address of the Fargate task this process runs in: what the reflector service
 * publishes for workers on Lambda to reach it at. The task metadata endpoint (v4) names the task
 * and its cluster but gives only private addresses; the public one belongs to the task's network
 * interface, so DescribeTasks finds the interface and DescribeNetworkInterfaces its address.
 */
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient } from '@aws-sdk/client-ecs';
import { ReflectorAddressUnknown } from './errors';

interface TaskMetadata {
  TaskARN?: string;
  Cluster?: string;
}

let ecsClient: ECSClient | undefined;
let ec2Client: EC2Client | undefined;
const ecs = () => {
  ecsClient ??= new ECSClient({});
  return ecsClient;
};
const ec2 = () => {
  ec2Client ??= new EC2Client({});
  return ec2Client;
};

export async function taskPublicIp(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const endpoint = env.ECS_CONTAINER_METADATA_URI_V4;
  if (!endpoint) {
    throw new ReflectorAddressUnknown(
      'ECS_CONTAINER_METADATA_URI_V4 is not set, so this is no ECS task: set METAQ_REFLECTOR_ADDRESS to the address workers reach the reflector at',
    );
  }
  const task = await taskMetadata(endpoint);
  return publicIp(await networkInterface(task.Cluster, task.TaskARN));
}

async function taskMetadata(endpoint: string): Promise<Required<TaskMetadata>> {
  const response = await fetch(`${endpoint}/task`, { signal: AbortSignal.timeout(5000) }).catch(
    (error: unknown) => {
      throw new ReflectorAddressUnknown(`the task metadata endpoint ${endpoint}/task did not answer`, {
        cause: error,
      });
    },
  );
  if (!response.ok)
    throw new ReflectorAddressUnknown(
      `the task metadata endpoint ${endpoint}/task answered ${response.status}`,
    );
  const task = (await response.json()) as TaskMetadata;
  if (!task.TaskARN || !task.Cluster)
    throw new ReflectorAddressUnknown(`the task metadata at ${endpoint}/task names no TaskARN and Cluster`);
  return { TaskARN: task.TaskARN, Cluster: task.Cluster };
}

async function networkInterface(cluster: string, taskArn: string): Promise<string> {
  const out = await ecs()
    .send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }))
    .catch((error: unknown) => {
      throw new ReflectorAddressUnknown(`DescribeTasks of ${taskArn} failed: ${error}`, { cause: error });
    });
  const eni = out.tasks?.[0]?.attachments
    ?.filter((attachment) => attachment.type === 'ElasticNetworkInterface')
    .flatMap((attachment) => attachment.details ?? [])
    .find((detail) => detail.name === 'networkInterfaceId')?.value;
  if (!eni) {
    throw new ReflectorAddressUnknown(
      `task ${taskArn} has no network interface: run the reflector's task with awsvpc networking`,
    );
  }
  return eni;
}

async function publicIp(eni: string): Promise<string> {
  const out = await ec2()
    .send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni] }))
    .catch((error: unknown) => {
      throw new ReflectorAddressUnknown(`DescribeNetworkInterfaces of ${eni} failed: ${error}`, {
        cause: error,
      });
    });
  const address = out.NetworkInterfaces?.[0]?.Association?.PublicIp;
  if (!address) {
    throw new ReflectorAddressUnknown(
      `network interface ${eni} has no public IP: run the reflector's service in a public subnet with assignPublicIp`,
    );
  }
  return address;
}
