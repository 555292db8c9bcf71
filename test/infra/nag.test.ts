import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { MetaqStack } from '../../infra/stack';
import { synthStack } from './synth';

let stack: MetaqStack;

beforeAll(() => {
  ({ stack } = synthStack());
});

/** Every acknowledgement in the tree: where, which finding, why. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          path: construct.node.path,
          id: key.replace(/^Annotation::/, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map(
        (resource) => `${violation.ruleName} at ${resource.resourceLogicalId}`,
      ),
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a specific reason', () => {
    const all = acknowledgements(stack).filter((entry) => entry.id.startsWith('AwsSolutions-'));
    expect(all.length).toBeGreaterThan(0);
    for (const { reason } of all) {
      expect(reason.length).toBeGreaterThan(60);
    }
    const reasons = new Set(all.map((entry) => entry.reason));
    // One reason per kind of finding, none a catch-all.
    expect(reasons.size).toBeGreaterThanOrEqual(8);
  });

  it('acknowledges wildcards only where the resource names are known at run time only', () => {
    const wildcards = acknowledgements(stack).filter((entry) => entry.id.startsWith('AwsSolutions-IAM5'));
    for (const { id } of wildcards) {
      expect(id).toMatch(
        /Resource::(\*|<DataResults\w+\.Arn>\/\*|arn:<AWS::Partition>:s3:::[\w.-]+\/\*|arn:<AWS::Partition>:ecs:.*:task\/<\w+>\/\*)\]$/,
      );
      expect(id).not.toMatch(/Action::/);
    }
  });
});
