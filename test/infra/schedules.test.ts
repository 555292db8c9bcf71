import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { MetaqStack } from '../../infra/stack';
import {
  executionInput,
  loadSchedules,
  parseSchedule,
  SCHEDULER_TIME,
  schedulerInput,
} from '../../src/schedules/config';
import { logicalId, synthStack, testSchedule } from './synth';

const valid = {
  name: 'nightly',
  expression: 'rate(1 day)',
  input: { sql: 'SELECT 1' },
  output: { location: 's3://reports-bucket/nightly/{date}/' },
};

describe('Method: parseSchedule', () => {
  it('fills the defaults', () => {
    expect(parseSchedule(valid)).toEqual({
      ...valid,
      timezone: 'UTC',
      enabled: true,
      output: { format: 'parquet', location: valid.output.location },
    });
  });

  it.each([
    [{ expression: 'cron(0 6 * * *)' }, 'expression: a cron expression has 6 fields'],
    [
      { expression: 'cron(0 6 * * 1 *)' },
      'expression: exactly one of day-of-month and day-of-week must be ?',
    ],
    [{ expression: 'rate(1 days)' }, 'expression: write rate(1 day)'],
    [{ expression: 'every day' }, 'expression: must be cron('],
    [{ timezone: 'Mars/Olympus' }, 'timezone: must be an IANA time zone'],
    [{ name: 'a b' }, 'name: must be 1 to 64 letters'],
    [{ output: { location: 's3://reports-bucket/nightly/' } }, 'output.location: must contain {date}'],
    [{ input: { sql: 'SELECT 1', workers: 0 } }, 'input.workers: Too small'],
    [{ input: { sql: 'SELECT 1', output: { format: 'csv' } } }, 'input: put the output in "output"'],
  ])('refuses %j', (change, message) => {
    expect(() => parseSchedule({ ...valid, ...change }, 'schedules/nightly.json')).toThrow(
      `schedules/nightly.json: ${message}`,
    );
  });
});

describe('Method: loadSchedules', () => {
  it('reads the repository schedules', () => {
    const schedules = loadSchedules(path.resolve(__dirname, '../../schedules'));
    expect(schedules.map((s) => s.name)).toContain('daily-revenue');
  });

  it('refuses two schedules of one name, and a file that is not JSON', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'metaq-schedules-'));
    writeFileSync(path.join(folder, 'a.json'), JSON.stringify(valid));
    writeFileSync(path.join(folder, 'b.json'), JSON.stringify(valid));
    expect(() => loadSchedules(folder)).toThrow(`two schedules in ${folder} are named nightly`);
    writeFileSync(path.join(folder, 'b.json'), '{');
    expect(() => loadSchedules(folder)).toThrow(`${path.join(folder, 'b.json')}: not JSON`);
  });

  it('has nothing when the folder does not exist', () => {
    expect(loadSchedules('/nonexistent/schedules')).toEqual([]);
  });
});

describe('Method: executionInput', () => {
  it('writes each run to a folder of its time, tagged with the schedule', () => {
    const input = executionInput(testSchedule, new Date('2025-01-31T05:00:00.000Z'));
    expect(input).toEqual({
      sql: 'SELECT 42 AS answer',
      engine: 'duckdb',
      output: { format: 'csv', location: 's3://reports-bucket/daily/2025-01-31T05:00:00Z/' },
      tags: { team: 'finance', schedule: 'daily-revenue' },
    });
  });

  it('lets EventBridge Scheduler fill in the time on AWS', () => {
    expect(schedulerInput(testSchedule).output).toEqual({
      format: 'csv',
      location: `s3://reports-bucket/daily/${SCHEDULER_TIME}/`,
    });
  });
});

describe('Construct: Schedules', () => {
  let stack: MetaqStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synthStack());
  });

  it('starts the state machine with the schedule input, expression and time zone', () => {
    const machine = logicalId(stack, stack.workflow.stateMachine);
    const schedule = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0];
    expect(schedule.Properties).toMatchObject({
      Name: 'daily-revenue',
      GroupName: 'metaq-reports',
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Zurich',
      State: 'ENABLED',
      Target: { Arn: { Ref: machine }, RetryPolicy: { MaximumRetryAttempts: 3 } },
    });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual(schedulerInput(testSchedule));
  });

  it('may only start this state machine', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'states:StartExecution',
            Resource: { Ref: logicalId(stack, stack.workflow.stateMachine) },
          }),
        ],
      },
    });
  });

  it('deploys a disabled schedule as DISABLED, and none without schedules', () => {
    const { template: off } = synthStack({ schedules: [{ ...testSchedule, enabled: false }] });
    off.hasResourceProperties('AWS::Scheduler::Schedule', { State: 'DISABLED' });
    const { template: none } = synthStack({ schedules: [] });
    none.resourceCountIs('AWS::Scheduler::Schedule', 0);
    none.resourceCountIs('AWS::Scheduler::ScheduleGroup', 0);
  });
});
