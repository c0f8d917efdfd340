// Seed 000 (Samples/Payment) in CDK TypeScript, for Docs/DSLComparison.md: a reference, not compiled.
import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const fn = (stack: Stack, name: string) =>
  lambda.Function.fromFunctionArn(stack, `${name}Fn`, `arn:aws:lambda:eu-west-1:123456789012:function:${name}`);

export function paymentProcessing(stack: Stack) {
  const invoke = (id: string, name: string) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: fn(stack, name), payloadResponseOnly: true, retryOnServiceExceptions: false,
    });
  const transient = { errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 };
  const handleFailure = invoke('HandleFailure', 'NotifyFailure');
  const refundPayment = invoke('RefundPayment', 'RefundPayment').next(handleFailure);
  const validateOrder = invoke('ValidateOrder', 'ValidateOrder')
    .addRetry(transient).addCatch(handleFailure, { resultPath: '$.error' });
  const checkInventory = invoke('CheckInventory', 'CheckInventory')
    .addRetry(transient).addCatch(handleFailure, { resultPath: '$.error' });
  const processPayment = invoke('ProcessPayment', 'ProcessPayment')
    .addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(5), maxAttempts: 2, backoffRate: 3 })
    .addCatch(refundPayment, { resultPath: '$.error' });
  const post = new sfn.Parallel(stack, 'ParallelPostProcessing')
    .branch(invoke('UpdateDatabase', 'UpdateDB'))
    .branch(new tasks.SnsPublish(stack, 'SendConfirmation', {
      topic: sns.Topic.fromTopicArn(stack, 'Confirmations', 'arn:aws:sns:eu-west-1:123456789012:OrderConfirmations'),
      message: sfn.TaskInput.fromJsonPathAt('$.confirmationMessage'),
    }));
  return new sfn.StateMachine(stack, 'PaymentProcessing', {
    stateMachineName: 'payment-processing', comment: 'Payment processing workflow',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(validateOrder).next(checkInventory).next(processPayment).next(post)),
  });
}

export function paymentIntegrations(stack: Stack) {
  const invoke = (id: string, name: string) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: fn(stack, name), payloadResponseOnly: true, retryOnServiceExceptions: false,
      taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
    });
  const rejectOrder = new sfn.Fail(stack, 'RejectOrder', {
    error: 'OrderRejected', cause: 'The external API rejected the order as invalid',
  });
  const handleUnexpectedError = invoke('HandleUnexpectedError', 'NotifyFailure');
  const validateOrder = invoke('ValidateOrder', 'ValidateOrder').addRetry({
    errors: ['Lambda.ServiceException', 'Lambda.SdkClientException'], interval: Duration.seconds(2), maxAttempts: 3,
  });
  const callExternalAPI = invoke('CallExternalAPI', 'CallExternalAPI')
    .addRetry({
      errors: [sfn.Errors.TIMEOUT, 'Lambda.ServiceException'], interval: Duration.seconds(3), maxAttempts: 5,
      backoffRate: 2, maxDelay: Duration.seconds(30),
    })
    .addCatch(rejectOrder, { errors: ['ValidationError'], resultPath: '$.error' })
    .addCatch(handleUnexpectedError, { resultPath: '$.error' });
  const saveOrder = new tasks.DynamoPutItem(stack, 'SaveOrder', {
    table: dynamodb.Table.fromTableName(stack, 'OrdersTable', 'Orders'),
    item: {
      OrderId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.orderId')),
      Status: tasks.DynamoAttributeValue.fromString('CONFIRMED'),
      Timestamp: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$$.State.EnteredTime')),
    },
    resultPath: '$.dynamoResult',
  });
  const sendNotification = new tasks.SnsPublish(stack, 'SendNotification', {
    topic: sns.Topic.fromTopicArn(stack, 'Confirmations', 'arn:aws:sns:eu-west-1:123456789012:OrderConfirmations'),
    message: sfn.TaskInput.fromJsonPathAt("States.Format('Order {} confirmed', $.orderId)"),
    resultPath: sfn.JsonPath.DISCARD,
  });
  const processLineItems = new tasks.StepFunctionsStartExecution(stack, 'ProcessLineItems', {
    stateMachine: sfn.StateMachine.fromStateMachineArn(
      stack, 'LineItems', 'arn:aws:states:eu-west-1:123456789012:stateMachine:ProcessLineItems'),
    input: sfn.TaskInput.fromJsonPathAt('$.lineItems'),
    integrationPattern: sfn.IntegrationPattern.RUN_JOB,
  });
  return new sfn.StateMachine(stack, 'PaymentIntegrations', {
    stateMachineName: 'payment-integrations', comment: 'Payment processing with direct service integrations',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(validateOrder).next(callExternalAPI).next(saveOrder).next(sendNotification)
        .next(processLineItems).next(invoke('FinalizeOrder', 'FinalizeOrder'))),
  });
}

