// Seed 003 (Samples/OrderProcessing) in CDK TypeScript, for Docs/DSLComparison.md: a reference, not compiled.
// The functions are `${...}` placeholders filled in by the deployment, as in the seed's Terraform.
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const invoke = (stack: Stack, id: string, placeholder: string, props: Partial<tasks.LambdaInvokeProps> = {}) =>
  new tasks.LambdaInvoke(stack, id, {
    lambdaFunction: lambda.Function.fromFunctionArn(stack, `${id}Fn`, `\${${placeholder}}`),
    retryOnServiceExceptions: false, ...props,
  });

function validateOrder(stack: Stack, orderFailed: sfn.IChainable) {
  return invoke(stack, 'ValidateOrder', 'ValidateOrderFunctionArn', { resultPath: '$.validation' })
    .addRetry({
      errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException'], interval: Duration.seconds(2),
      maxAttempts: 3, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL,
    })
    .addCatch(orderFailed, { errors: ['ValidationError'], resultPath: '$.error' })
    .addCatch(orderFailed, { resultPath: '$.error' });
}

function chargeAndFulfil(stack: Stack, compensate: sfn.IChainable) {
  const checkInventory = invoke(stack, 'CheckInventory', 'CheckInventoryFunctionArn', { resultPath: '$.inventory' })
    .addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(1), maxAttempts: 2, backoffRate: 2 });
  const chargePayment = invoke(stack, 'ChargePayment', 'ChargePaymentFunctionArn', { resultPath: '$.payment' })
    .addRetry({ errors: ['Lambda.ServiceException'], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 })
    .addCatch(invoke(stack, 'HandleDeclinedPayment', 'NotifyPaymentDeclinedFunctionArn'), {
      errors: ['PaymentDeclinedError'], resultPath: '$.error',
    });
  const parallel = new sfn.Parallel(stack, 'CheckInventoryAndCharge', { resultPath: '$.parallelResults' })
    .branch(checkInventory).branch(chargePayment)
    .addCatch(compensate, { resultPath: '$.error' });
  return sfn.Chain.start(parallel)
    .next(invoke(stack, 'FulfillOrder', 'FulfillOrderFunctionArn', { resultPath: '$.fulfillment' }))
    .next(new tasks.SnsPublish(stack, 'SendConfirmation', {
      topic: sns.Topic.fromTopicArn(stack, 'Confirmations', '${OrderConfirmationTopicArn}'),
      message: sfn.TaskInput.fromJsonPathAt('States.JsonToString($.fulfillment)'),
    }))
    .next(new sfn.Succeed(stack, 'OrderComplete'));
}

function failureHandling(stack: Stack) {
  const orderFailed = new sfn.Fail(stack, 'OrderFailed', {
    error: 'OrderProcessingFailed', cause: 'Order could not be processed',
  });
  const compensate = invoke(stack, 'CompensatingTransaction', 'RollbackOrderFunctionArn').next(orderFailed);
  return { orderFailed, compensate };
}

export function orderProcessing(stack: Stack) {
  const { orderFailed, compensate } = failureHandling(stack);
  return new sfn.StateMachine(stack, 'OrderProcessing', {
    stateMachineName: 'order-processing', comment: 'Order processing workflow with payment, inventory, and fulfillment',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(validateOrder(stack, orderFailed)).next(chargeAndFulfil(stack, compensate))),
  });
}

export function orderProcessingWithLineItems(stack: Stack) {
  const { orderFailed, compensate } = failureHandling(stack);
  const processLineItems = new sfn.Map(stack, 'ProcessLineItems', {
    itemsPath: '$.order.items',
    itemSelector: {
      item: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
      orderId: sfn.JsonPath.stringAt('$.orderId'),
      index: sfn.JsonPath.stringAt('$$.Map.Item.Index'),
    },
    maxConcurrency: 10,
    resultPath: '$.processedItems',
  }).iterator(  // the pre-2023 Iterator field, as the seed writes it
    invoke(stack, 'ProcessItem', 'ProcessLineItemFunctionArn')
      .addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(1), maxAttempts: 3, backoffRate: 2 }));
  const aggregate = invoke(stack, 'AggregateResults', 'AggregateResultsFunctionArn', {
    resultSelector: { total: sfn.JsonPath.stringAt('$.Payload.total') }, resultPath: '$.totals',
  });
  return new sfn.StateMachine(stack, 'OrderProcessingLineItems', {
    stateMachineName: 'order-processing-line-items', comment: 'Order processing workflow with line items',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(validateOrder(stack, orderFailed)).next(processLineItems).next(aggregate)
        .next(chargeAndFulfil(stack, compensate))),
  });
}
