/**
 * Scheduled reports: one EventBridge Scheduler schedule per `schedules/*.json`, each starting the
 * state machine with its input, tagged with the schedule's name, writing to a folder of its run.
 */
import { TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type Schedule, schedulerInput } from '../../src/schedules/config';

export interface SchedulesProps {
  readonly prefix: string;
  readonly stateMachine: sfn.IStateMachine;
  /** Parsed with src/schedules/config.ts (`loadSchedules`). */
  readonly schedules: readonly Schedule[];
}

export class Schedules extends Construct {
  public readonly schedules: Record<string, scheduler.Schedule> = {};
  public readonly group?: scheduler.ScheduleGroup;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    if (props.schedules.length === 0) return;
    this.group = new scheduler.ScheduleGroup(this, 'Group', { scheduleGroupName: `${props.prefix}-reports` });
    for (const schedule of props.schedules) {
      this.schedules[schedule.name] = new scheduler.Schedule(this, schedule.name, {
        scheduleName: schedule.name,
        scheduleGroup: this.group,
        description: schedule.description ?? `metaq scheduled report ${schedule.name}`,
        schedule: scheduler.ScheduleExpression.expression(
          schedule.expression,
          TimeZone.of(schedule.timezone),
        ),
        enabled: schedule.enabled,
        target: new schedulerTargets.StepFunctionsStartExecution(props.stateMachine, {
          input: scheduler.ScheduleTargetInput.fromObject(schedulerInput(schedule)),
          retryAttempts: 3,
        }),
      });
    }
  }
}
