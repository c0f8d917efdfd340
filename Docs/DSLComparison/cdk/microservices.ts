// Seed 004 (Samples/Microservices) in CDK TypeScript, for Docs/DSLComparison.md: a reference, not compiled.
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

export function microservicesOrchestration(stack: Stack) {
  const service = (id: string, name: string, props: Partial<tasks.LambdaInvokeProps> = {}) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: lambda.Function.fromFunctionName(stack, `${id}Fn`, `\${PROJECT_NAME}-${name}-service`),
      retryOnServiceExceptions: false, ...props,
    });
  const orderAndUser = sfn.TaskInput.fromObject({
    orderData: sfn.JsonPath.stringAt('$.orderData'), userData: sfn.JsonPath.stringAt('$.userResult.Payload'),
  });
  const getUserData = service('GetUserData', 'user', { resultPath: '$.userResult' })
    .addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 });
  const parallel = new sfn.Parallel(stack, 'ProcessOrderAndPayment', { resultPath: '$.results' })
    .branch(service('CreateOrder', 'order', { payload: orderAndUser }))
    .branch(service('ProcessPayment', 'payment', { payload: orderAndUser })
      .addRetry({ errors: [sfn.Errors.TASKS_FAILED], interval: Duration.seconds(1), maxAttempts: 2 }))
    .branch(service('CheckInventory', 'inventory', {
      payload: sfn.TaskInput.fromObject({ orderData: sfn.JsonPath.stringAt('$.orderData') }),
    }));
  const sendNotification = service('SendNotification', 'notification', {
    payload: sfn.TaskInput.fromObject({
      userData: sfn.JsonPath.stringAt('$.userResult.Payload'),
      orderData: sfn.JsonPath.stringAt('$.results[0].Payload'),
      paymentData: sfn.JsonPath.stringAt('$.results[1].Payload'),
    }),
  });
  return new sfn.StateMachine(stack, 'MicroservicesOrchestration', {
    stateMachineName: 'microservices-orchestration', comment: 'Microservices orchestration workflow',
    definitionBody: sfn.DefinitionBody.fromChainable(
      sfn.Chain.start(new sfn.Pass(stack, 'ValidateInput')).next(getUserData).next(parallel).next(sendNotification)),
  });
}
