/** The ARNs and names of the one local state machine and its executions, checked as AWS checks them. */
import { LOCAL_ACCOUNT, LOCAL_REGION, STATE_MACHINE_ARN, STATE_MACHINE_NAME } from '../local/statemachine';
import { ExecutionDoesNotExist, InvalidArn, InvalidName, StateMachineDoesNotExist } from './errors';

const executionArnPattern = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:([^:]+):([^:]+)$/;
const stateMachineArnPattern = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:([^:]+)$/;
// AWS refuses white space, brackets, wildcards, these special characters and control characters.
const forbidden = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;
const isControl = (char: string) => {
  const code = char.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
};

export function executionArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:execution:${STATE_MACHINE_NAME}:${name}`;
}

/** The execution's name (its queryId), from an ARN of this server's state machine. */
export function executionName(arn: unknown): string {
  if (typeof arn !== 'string' || !arn) throw new InvalidArn('executionArn is required');
  const match = executionArnPattern.exec(arn);
  if (!match) throw new InvalidArn(`Invalid Arn: '${arn}'`);
  if (match[1] !== STATE_MACHINE_NAME || !arn.includes(`:${LOCAL_ACCOUNT}:`))
    throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
  return match[2];
}

export function checkStateMachineArn(arn: unknown): void {
  if (typeof arn !== 'string' || !arn) throw new InvalidArn('stateMachineArn is required');
  if (!stateMachineArnPattern.test(arn)) throw new InvalidArn(`Invalid Arn: '${arn}'`);
  if (arn !== STATE_MACHINE_ARN) throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);
}

export function checkExecutionName(name: string): void {
  if (name.length < 1 || name.length > 80)
    throw new InvalidName(`Invalid Name: '${name}' (1 to 80 characters)`);
  if (forbidden.test(name) || [...name].some(isControl)) throw new InvalidName(`Invalid Name: '${name}'`);
  // The name is the queryId, which also names folders (logs/<queryId>/): "." and ".." would escape them.
  if (/^\.+$/.test(name)) throw new InvalidName(`Invalid Name: '${name}' (dots only)`);
}
