// Seed 001 (Samples/ECommerce) in CDK TypeScript, for Docs/DSLComparison.md: a reference, not compiled.
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const invoke = (stack: Stack, id: string, name: string) =>
  new tasks.LambdaInvoke(stack, id, {
    lambdaFunction: lambda.Function.fromFunctionArn(stack, `${id}Fn`, `arn:aws:lambda:us-east-1:123:function:${name}`),
    payloadResponseOnly: true, retryOnServiceExceptions: false,
  });

function validateAndCheck(stack: Stack, orderFailed: sfn.IChainable, checksResultPath?: string) {
  const validateOrder = invoke(stack, 'ValidateOrder', 'validate-order')
    .addRetry({ errors: ['Lambda.ServiceException'], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 })
    .addCatch(orderFailed, { errors: ['InvalidOrderError'] });
  const checks = new sfn.Parallel(stack, 'ParallelChecks', { resultPath: checksResultPath })
    .branch(invoke(stack, 'CheckInventory', 'check-inventory'))
    .branch(invoke(stack, 'FraudCheck', 'fraud-detection'));
  return sfn.Chain.start(validateOrder).next(checks);
}

function chargeAndConfirm(stack: Stack) {
  const charge = invoke(stack, 'ChargePayment', 'process-payment')
    .addCatch(invoke(stack, 'RefundAndNotify', 'refund-and-notify'), { errors: ['PaymentFailedError'] });
  return sfn.Chain.start(charge).next(invoke(stack, 'SendConfirmation', 'send-email'));
}

export function ecommerceOrder(stack: Stack) {
  const orderFailed = invoke(stack, 'OrderFailed', 'notify-failure');
  return new sfn.StateMachine(stack, 'EcommerceOrder', {
    stateMachineName: 'ecommerce-order', comment: 'E-Commerce Order Processing Flow',
    definitionBody: sfn.DefinitionBody.fromChainable(
      validateAndCheck(stack, orderFailed).next(chargeAndConfirm(stack))),
  });
}

export function ecommerceApproval(stack: Stack) {
  const orderFailed = invoke(stack, 'OrderFailed', 'notify-failure');
  const waitForApproval = new tasks.SqsSendMessage(stack, 'WaitForApproval', {
    queue: sqs.Queue.fromQueueArn(stack, 'Approvals', 'arn:aws:sqs:us-east-1:123:approvals'),
    messageBody: sfn.TaskInput.fromObject({
      TaskToken: sfn.JsonPath.taskToken, OrderId: sfn.JsonPath.stringAt('$.orderId'),
    }),
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    resultPath: '$.approval',
  });
  const chargeChain = chargeAndConfirm(stack);
  const processApproved = new sfn.Choice(stack, 'ProcessApproved')
    .when(sfn.Condition.booleanEquals('$.approval.approved', true), chargeChain)
    .otherwise(new sfn.Fail(stack, 'OrderRejected', {
      error: 'OrderRejected', cause: 'A reviewer rejected the order',
    }));
  return new sfn.StateMachine(stack, 'EcommerceApproval', {
    stateMachineName: 'ecommerce-approval', comment: 'E-Commerce order flow with a human approval',
    definitionBody: sfn.DefinitionBody.fromChainable(
      validateAndCheck(stack, orderFailed, sfn.JsonPath.DISCARD).next(waitForApproval).next(processApproved)),
  });
}
