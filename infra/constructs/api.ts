/**
 * The HTTP API for people without the AWS SDK, signed with IAM (SigV4):
 * `POST /queries` starts an execution with the body as its input (API Gateway's Step Functions
 * integration, no Lambda in between); `GET /queries/{id}` returns the query's history record.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { tableAccess } from './access';
import { HandlerFunction } from './handler-function';

export interface ApiProps {
  readonly prefix: string;
  readonly stateMachine: sfn.IStateMachine;
  readonly queries: dynamodb.ITableV2;
  readonly environment: Record<string, string>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
}

/** The execution name is the queryId; the request id makes it unique. */
export const startExecutionTemplate = (stateMachineArn: string) =>
  [
    '{',
    `"stateMachineArn": "${stateMachineArn}",`,
    '"name": "q-$context.requestId",',
    // escapeJavaScript escapes ' as \', which JSON does not allow.
    `"input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\\\'", "'")"`,
    '}',
  ].join('');

export const startedTemplate = [
  "#set($arn = $input.path('$.executionArn'))",
  '#set($parts = $arn.split(":"))',
  '{"queryId": "$parts[7]", "executionArn": "$arn", "startDate": $input.path(\'$.startDate\')}',
].join('\n');

export class Api extends Construct {
  public readonly restApi: apigw.RestApi;
  public readonly recordFunction: lambda.IFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.restApi = new apigw.RestApi(this, 'Api', {
      restApiName: `${props.prefix}-api`,
      description: 'metaq: start queries and read their history (IAM-signed requests)',
      // The role is the account's API Gateway logging role (one per account and region): it is
      // kept when the stack goes, as other APIs of the account may log through it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        tracingEnabled: true,
        throttlingRateLimit: 20,
        throttlingBurstLimit: 40,
      },
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
    });
    const queries = this.restApi.root.addResource('queries');
    const requestValidator = this.restApi.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const startRole = new iam.Role(this, 'StartRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: `metaq API: starts ${props.prefix}-query executions`,
    });
    startRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [props.stateMachine.stateMachineArn],
      }),
    );
    const inputModel = this.restApi.addModel('QueryInput', {
      contentType: 'application/json',
      description: 'The execution input: only sql is required (see DESIGN.md)',
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        type: apigw.JsonSchemaType.OBJECT,
        required: ['sql'],
        properties: { sql: { type: apigw.JsonSchemaType.STRING, minLength: 1 } },
      },
    });
    queries.addMethod(
      'POST',
      new apigw.AwsIntegration({
        service: 'states',
        action: 'StartExecution',
        options: {
          credentialsRole: startRole,
          passthroughBehavior: apigw.PassthroughBehavior.NEVER,
          requestTemplates: {
            'application/json': startExecutionTemplate(props.stateMachine.stateMachineArn),
          },
          integrationResponses: [
            { statusCode: '200', responseTemplates: { 'application/json': startedTemplate } },
            { statusCode: '400', selectionPattern: '4\\d{2}' },
            { statusCode: '500', selectionPattern: '5\\d{2}' },
          ],
        },
      }),
      {
        requestValidator,
        requestModels: { 'application/json': inputModel },
        methodResponses: [{ statusCode: '200' }, { statusCode: '400' }, { statusCode: '500' }],
      },
    );

    this.recordFunction = new HandlerFunction(this, 'QueryRecord', {
      handler: 'queryRecordHandler',
      description: 'GET /queries/{id}: the history record of one query',
      timeout: Duration.seconds(10),
      memorySize: 256,
      environment: props.environment,
      statements: [tableAccess(props.queries, ['GetItem'])],
      logRetention: retention,
    }).function;
    queries.addResource('{id}').addMethod('GET', new apigw.LambdaIntegration(this.recordFunction), {
      requestValidator,
      requestParameters: { 'method.request.path.id': true },
    });
  }
}
