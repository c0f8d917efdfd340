// Seed 002 (Samples/DurableOrder) in CDK TypeScript, for Docs/DSLComparison.md: a reference, not compiled.
import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const fn = (stack: Stack, id: string, name: string) =>
  lambda.Function.fromFunctionArn(stack, `${id}Fn`, `arn:aws:lambda:us-east-1:123456789012:function:${name}`);
const invoke = (stack: Stack, id: string, name: string, timeout?: Duration) =>
  new tasks.LambdaInvoke(stack, id, {
    lambdaFunction: fn(stack, id, name), payloadResponseOnly: true, retryOnServiceExceptions: false,
    taskTimeout: timeout && sfn.Timeout.duration(timeout),
  });

export function durableOrder(stack: Stack) {
  const notifyFailure = invoke(stack, 'NotifyFailure', 'notify');
  const validateOrder = invoke(stack, 'ValidateOrder', 'validate')
    .addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 })
    .addCatch(notifyFailure);
  return new sfn.StateMachine(stack, 'DurableOrder', {
    stateMachineName: 'durable-order', comment: 'Order processing',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(validateOrder).next(invoke(stack, 'ChargePayment', 'charge'))
        .next(invoke(stack, 'Fulfill', 'fulfill'))),
  });
}

export function durableFulfilment(stack: Stack) {
  const thirty = Duration.seconds(30);
  const notifyFailure = invoke(stack, 'NotifyFailure', 'notify', thirty);
  const toFailure = { resultPath: '$.error' };
  const validateOrder = invoke(stack, 'ValidateOrder', 'validate', thirty)
    .addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 })
    .addCatch(notifyFailure, toFailure);
  const chargePayment = new tasks.LambdaInvoke(stack, 'ChargePayment', {
    lambdaFunction: fn(stack, 'ChargePayment', 'charge'), retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject({
      order: sfn.JsonPath.entirePayload, idempotencyKey: sfn.JsonPath.stringAt('$$.Execution.Id'),
    }),
    resultSelector: { chargeId: sfn.JsonPath.stringAt('$.Payload.chargeId') },
    resultPath: '$.payment',
    taskTimeout: sfn.Timeout.duration(thirty),
  })
    .addRetry({
      errors: ['Lambda.ServiceException', 'Lambda.SdkClientException'], interval: Duration.seconds(2),
      jitterStrategy: sfn.JitterType.FULL,
    })
    .addCatch(notifyFailure, toFailure);
  const reserveItem = new tasks.DynamoUpdateItem(stack, 'ReserveItem', {
    table: dynamodb.Table.fromTableName(stack, 'Inventory', 'Inventory'),
    key: { Sku: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.sku')) },
    updateExpression: 'SET reserved = reserved + :q',
    conditionExpression: 'stock >= reserved + :q',
    expressionAttributeValues: {
      ':q': tasks.DynamoAttributeValue.numberFromString(sfn.JsonPath.stringAt('$.quantity')),
    },
    taskTimeout: sfn.Timeout.duration(Duration.seconds(10)),
  }).addRetry({
    errors: ['DynamoDB.ProvisionedThroughputExceededException'], interval: Duration.seconds(1), maxAttempts: 5,
  });
  const reserveStock = new sfn.Map(stack, 'ReserveStock', {
    itemsPath: '$.items',
    itemSelector: {
      sku: sfn.JsonPath.stringAt('$$.Map.Item.Value.sku'),
      quantity: sfn.JsonPath.stringAt('$$.Map.Item.Value.quantity'),
    },
    maxConcurrency: 5,
    resultPath: sfn.JsonPath.DISCARD,
  }).itemProcessor(reserveItem).addCatch(notifyFailure, toFailure);
  const packOrder = new tasks.EcsRunTask(stack, 'PackOrder', {
    cluster: ecs.Cluster.fromClusterArn(stack, 'Warehouse', 'warehouse'),
    taskDefinition: ecs.TaskDefinition.fromTaskDefinitionArn(stack, 'PackTask', 'pack-order:3'),
    launchTarget: new tasks.EcsFargateLaunchTarget(),
    containerOverrides: [{
      containerDefinition: { containerName: 'packer' } as ecs.ContainerDefinition,
      environment: [{ name: 'ORDER_ID', value: sfn.JsonPath.stringAt('$.orderId') }],
    }],
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    taskTimeout: sfn.Timeout.duration(Duration.hours(1)),
    resultPath: sfn.JsonPath.DISCARD,
  });
  const waitForWarehouse = new tasks.SnsPublish(stack, 'WaitForWarehouse', {
    topic: sns.Topic.fromTopicArn(stack, 'Requests', 'arn:aws:sns:us-east-1:123456789012:warehouse-requests'),
    message: sfn.TaskInput.fromObject({
      orderId: sfn.JsonPath.stringAt('$.orderId'), taskToken: sfn.JsonPath.taskToken,
    }),
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    taskTimeout: sfn.Timeout.duration(Duration.days(2)),
    heartbeatTimeout: sfn.Timeout.duration(Duration.hours(6)),
    resultPath: '$.shipment',
  }).addCatch(notifyFailure, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.error' });
  const exportInvoice = new tasks.GlueStartJobRun(stack, 'ExportInvoice', {
    glueJobName: 'export-invoices',
    arguments: sfn.TaskInput.fromObject({ '--order-id': sfn.JsonPath.stringAt('$.orderId') }),
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
    taskTimeout: sfn.Timeout.duration(Duration.minutes(30)),
    resultPath: sfn.JsonPath.DISCARD,
  });
  const buildReport = new tasks.BatchSubmitJob(stack, 'BuildReport', {
    jobName: sfn.JsonPath.format('report-{}', sfn.JsonPath.stringAt('$.orderId')),
    jobQueueArn: 'arn:aws:batch:us-east-1:123456789012:job-queue/reports',
    jobDefinitionArn: 'order-report:1',
    taskTimeout: sfn.Timeout.duration(Duration.hours(1)),
    resultPath: sfn.JsonPath.DISCARD,
  });
  return new sfn.StateMachine(stack, 'DurableFulfilment', {
    stateMachineName: 'durable-fulfilment', comment: 'Durable order fulfilment',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(validateOrder).next(chargePayment).next(reserveStock).next(packOrder).next(waitForWarehouse)
        .next(exportInvoice).next(buildReport).next(invoke(stack, 'Fulfill', 'fulfill', thirty))),
  });
}
