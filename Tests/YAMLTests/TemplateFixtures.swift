import JSONCore

/// Realistic templates, written the way SAM and CloudFormation projects write them, and the JSON
/// each must give (cross-checked against PyYAML with a YAML 1.2 core-schema loader).
enum TemplateFixtures {
    /// A SAM `AWS::Serverless::StateMachine` with its `Definition` written as YAML.
    static let samDefinition = #"""
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Description: >
          order-processing

          Sample SAM Template for an order workflow.

        Globals:
          Function:
            Runtime: python3.12
            Timeout: 10
            MemorySize: 128
            Architectures:
              - arm64

        Parameters:
          Stage:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]

        Conditions:
          IsProd: !Equals [!Ref Stage, prod]

        Resources:
          OrderStateMachine:
            Type: AWS::Serverless::StateMachine # More info about State Machine Resource: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html
            Properties:
              Name: !Sub "order-${Stage}"
              Type: STANDARD
              Tracing:
                Enabled: true
              Definition:
                Comment: Process an order
                StartAt: CheckStock
                States:
                  CheckStock:
                    Type: Task
                    Resource: arn:aws:states:::lambda:invoke
                    OutputPath: $.Payload
                    Parameters:
                      FunctionName: ${CheckStockArn}
                      Payload.$: $
                    Retry:
                      - ErrorEquals:
                          - Lambda.ServiceException
                          - Lambda.AWSLambdaException
                          - Lambda.SdkClientException
                        IntervalSeconds: 2
                        MaxAttempts: 6
                        BackoffRate: 2
                    Next: InStock?
                  InStock?:
                    Type: Choice
                    Choices:
                      - Variable: $.inStock
                        BooleanEquals: true
                        Next: Charge
                    Default: OutOfStock
                  Charge:
                    Type: Task
                    Resource: arn:aws:states:::dynamodb:putItem
                    Parameters:
                      TableName: ${OrdersTable}
                      Item:
                        id:
                          S.$: $.orderId
                        total:
                          N.$: States.Format('{}', $.total)
                    ResultPath: null
                    End: true
                  OutOfStock:
                    Type: Fail
                    Error: OutOfStock
                    Cause: "Item is out of stock"
              DefinitionSubstitutions:
                CheckStockArn: !GetAtt CheckStockFunction.Arn
                OrdersTable: !Ref OrdersTable
              Events:
                Hourly:
                  Type: Schedule
                  Properties:
                    Schedule: "rate(1 hour)"
                    Enabled: !If [IsProd, true, false]
              Policies:
                - LambdaInvokePolicy:
                    FunctionName: !Ref CheckStockFunction
                - DynamoDBWritePolicy:
                    TableName: !Ref OrdersTable

          CheckStockFunction:
            Type: AWS::Serverless::Function # More info about Function Resource: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
            Properties:
              CodeUri: functions/check_stock/
              Handler: app.lambda_handler

          OrdersTable:
            Type: AWS::Serverless::SimpleTable

        Outputs:
          OrderStateMachineArn:
            Description: "Order state machine ARN"
            Value: !Ref OrderStateMachine
            Export:
              Name: !Sub "${AWS::StackName}-OrderStateMachineArn"
          OrderStateMachineRoleArn:
            Description: "IAM Role created for the state machine"
            Value: !GetAtt OrderStateMachineRole.Arn
        """#

    /// The JSON of ``samDefinition``.
    static let samDefinitionJSON = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Transform": "AWS::Serverless-2016-10-31",
          "Description": "order-processing\nSample SAM Template for an order workflow.\n",
          "Globals": {
            "Function": {
              "Runtime": "python3.12",
              "Timeout": 10,
              "MemorySize": 128,
              "Architectures": [
                "arm64"
              ]
            }
          },
          "Parameters": {
            "Stage": {
              "Type": "String",
              "Default": "dev",
              "AllowedValues": [
                "dev",
                "prod"
              ]
            }
          },
          "Conditions": {
            "IsProd": {
              "Fn::Equals": [
                {
                  "Ref": "Stage"
                },
                "prod"
              ]
            }
          },
          "Resources": {
            "OrderStateMachine": {
              "Type": "AWS::Serverless::StateMachine",
              "Properties": {
                "Name": {
                  "Fn::Sub": "order-${Stage}"
                },
                "Type": "STANDARD",
                "Tracing": {
                  "Enabled": true
                },
                "Definition": {
                  "Comment": "Process an order",
                  "StartAt": "CheckStock",
                  "States": {
                    "CheckStock": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::lambda:invoke",
                      "OutputPath": "$.Payload",
                      "Parameters": {
                        "FunctionName": "${CheckStockArn}",
                        "Payload.$": "$"
                      },
                      "Retry": [
                        {
                          "ErrorEquals": [
                            "Lambda.ServiceException",
                            "Lambda.AWSLambdaException",
                            "Lambda.SdkClientException"
                          ],
                          "IntervalSeconds": 2,
                          "MaxAttempts": 6,
                          "BackoffRate": 2
                        }
                      ],
                      "Next": "InStock?"
                    },
                    "InStock?": {
                      "Type": "Choice",
                      "Choices": [
                        {
                          "Variable": "$.inStock",
                          "BooleanEquals": true,
                          "Next": "Charge"
                        }
                      ],
                      "Default": "OutOfStock"
                    },
                    "Charge": {
                      "Type": "Task",
                      "Resource": "arn:aws:states:::dynamodb:putItem",
                      "Parameters": {
                        "TableName": "${OrdersTable}",
                        "Item": {
                          "id": {
                            "S.$": "$.orderId"
                          },
                          "total": {
                            "N.$": "States.Format('{}', $.total)"
                          }
                        }
                      },
                      "ResultPath": null,
                      "End": true
                    },
                    "OutOfStock": {
                      "Type": "Fail",
                      "Error": "OutOfStock",
                      "Cause": "Item is out of stock"
                    }
                  }
                },
                "DefinitionSubstitutions": {
                  "CheckStockArn": {
                    "Fn::GetAtt": [
                      "CheckStockFunction",
                      "Arn"
                    ]
                  },
                  "OrdersTable": {
                    "Ref": "OrdersTable"
                  }
                },
                "Events": {
                  "Hourly": {
                    "Type": "Schedule",
                    "Properties": {
                      "Schedule": "rate(1 hour)",
                      "Enabled": {
                        "Fn::If": [
                          "IsProd",
                          true,
                          false
                        ]
                      }
                    }
                  }
                },
                "Policies": [
                  {
                    "LambdaInvokePolicy": {
                      "FunctionName": {
                        "Ref": "CheckStockFunction"
                      }
                    }
                  },
                  {
                    "DynamoDBWritePolicy": {
                      "TableName": {
                        "Ref": "OrdersTable"
                      }
                    }
                  }
                ]
              }
            },
            "CheckStockFunction": {
              "Type": "AWS::Serverless::Function",
              "Properties": {
                "CodeUri": "functions/check_stock/",
                "Handler": "app.lambda_handler"
              }
            },
            "OrdersTable": {
              "Type": "AWS::Serverless::SimpleTable"
            }
          },
          "Outputs": {
            "OrderStateMachineArn": {
              "Description": "Order state machine ARN",
              "Value": {
                "Ref": "OrderStateMachine"
              },
              "Export": {
                "Name": {
                  "Fn::Sub": "${AWS::StackName}-OrderStateMachineArn"
                }
              }
            },
            "OrderStateMachineRoleArn": {
              "Description": "IAM Role created for the state machine",
              "Value": {
                "Fn::GetAtt": [
                  "OrderStateMachineRole",
                  "Arn"
                ]
              }
            }
          }
        }
        """#

    /// A SAM state machine whose definition is in a file (`DefinitionUri`), with substitutions.
    static let samDefinitionUri = #"""
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: "AWS::Serverless-2016-10-31"
        Description: Stock trader state machine defined in a separate ASL file

        Resources:
          StockTradingStateMachine:
            Type: AWS::Serverless::StateMachine
            Properties:
              DefinitionUri: statemachine/stock_trader.asl.json
              DefinitionSubstitutions:
                StockCheckerFunctionArn: !GetAtt StockCheckerFunction.Arn
                StockSellerFunctionArn: !GetAtt StockSellerFunction.Arn
                StockBuyerFunctionArn: !GetAtt StockBuyerFunction.Arn
                DDBPutItem: !Sub arn:${AWS::Partition}:states:::dynamodb:putItem
                DDBTable: !Ref TransactionTable
              Events:
                HourlyTradingSchedule:
                  Type: Schedule # More info about Schedule Event Source: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-schedule.html
                  Properties:
                    Description: Schedule to run the stock trading state machine every hour
                    Enabled: False # This schedule is disabled by default to avoid incurring charges.
                    Schedule: "rate(1 hour)"
              Policies: # Find out more about SAM policy templates: https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html
                - LambdaInvokePolicy:
                    FunctionName: !Ref StockCheckerFunction
                - LambdaInvokePolicy:
                    FunctionName: !Ref StockSellerFunction
                - LambdaInvokePolicy:
                    FunctionName: !Ref StockBuyerFunction
                - DynamoDBWritePolicy:
                    TableName: !Ref TransactionTable

          StockCheckerFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: functions/stock_checker/
              Handler: app.lambda_handler
              Runtime: python3.12
              Architectures:
                - x86_64

          StockSellerFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: functions/stock_seller/
              Handler: app.lambda_handler
              Runtime: python3.12

          StockBuyerFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: functions/stock_buyer/
              Handler: app.lambda_handler
              Runtime: python3.12

          TransactionTable:
            Type: AWS::Serverless::SimpleTable
            Properties:
              PrimaryKey:
                Name: Id
                Type: String
              ProvisionedThroughput:
                ReadCapacityUnits: 1
                WriteCapacityUnits: 1

        Outputs:
          StockTradingStateMachineArn:
            Description: "Stock Trading state machine ARN"
            Value: !Ref StockTradingStateMachine
        """#

    /// The JSON of ``samDefinitionUri``.
    static let samDefinitionUriJSON = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Transform": "AWS::Serverless-2016-10-31",
          "Description": "Stock trader state machine defined in a separate ASL file",
          "Resources": {
            "StockTradingStateMachine": {
              "Type": "AWS::Serverless::StateMachine",
              "Properties": {
                "DefinitionUri": "statemachine/stock_trader.asl.json",
                "DefinitionSubstitutions": {
                  "StockCheckerFunctionArn": {
                    "Fn::GetAtt": [
                      "StockCheckerFunction",
                      "Arn"
                    ]
                  },
                  "StockSellerFunctionArn": {
                    "Fn::GetAtt": [
                      "StockSellerFunction",
                      "Arn"
                    ]
                  },
                  "StockBuyerFunctionArn": {
                    "Fn::GetAtt": [
                      "StockBuyerFunction",
                      "Arn"
                    ]
                  },
                  "DDBPutItem": {
                    "Fn::Sub": "arn:${AWS::Partition}:states:::dynamodb:putItem"
                  },
                  "DDBTable": {
                    "Ref": "TransactionTable"
                  }
                },
                "Events": {
                  "HourlyTradingSchedule": {
                    "Type": "Schedule",
                    "Properties": {
                      "Description": "Schedule to run the stock trading state machine every hour",
                      "Enabled": false,
                      "Schedule": "rate(1 hour)"
                    }
                  }
                },
                "Policies": [
                  {
                    "LambdaInvokePolicy": {
                      "FunctionName": {
                        "Ref": "StockCheckerFunction"
                      }
                    }
                  },
                  {
                    "LambdaInvokePolicy": {
                      "FunctionName": {
                        "Ref": "StockSellerFunction"
                      }
                    }
                  },
                  {
                    "LambdaInvokePolicy": {
                      "FunctionName": {
                        "Ref": "StockBuyerFunction"
                      }
                    }
                  },
                  {
                    "DynamoDBWritePolicy": {
                      "TableName": {
                        "Ref": "TransactionTable"
                      }
                    }
                  }
                ]
              }
            },
            "StockCheckerFunction": {
              "Type": "AWS::Serverless::Function",
              "Properties": {
                "CodeUri": "functions/stock_checker/",
                "Handler": "app.lambda_handler",
                "Runtime": "python3.12",
                "Architectures": [
                  "x86_64"
                ]
              }
            },
            "StockSellerFunction": {
              "Type": "AWS::Serverless::Function",
              "Properties": {
                "CodeUri": "functions/stock_seller/",
                "Handler": "app.lambda_handler",
                "Runtime": "python3.12"
              }
            },
            "StockBuyerFunction": {
              "Type": "AWS::Serverless::Function",
              "Properties": {
                "CodeUri": "functions/stock_buyer/",
                "Handler": "app.lambda_handler",
                "Runtime": "python3.12"
              }
            },
            "TransactionTable": {
              "Type": "AWS::Serverless::SimpleTable",
              "Properties": {
                "PrimaryKey": {
                  "Name": "Id",
                  "Type": "String"
                },
                "ProvisionedThroughput": {
                  "ReadCapacityUnits": 1,
                  "WriteCapacityUnits": 1
                }
              }
            }
          },
          "Outputs": {
            "StockTradingStateMachineArn": {
              "Description": "Stock Trading state machine ARN",
              "Value": {
                "Ref": "StockTradingStateMachine"
              }
            }
          }
        }
        """#

    /// CloudFormation `AWS::StepFunctions::StateMachine` with `DefinitionString: !Sub` JSON text, long-form functions and mappings.
    static let cfnDefinitionString = #"""
        AWSTemplateFormatVersion: "2010-09-09"
        Description: "An example template with an IAM role for a Lambda state machine."
        Mappings:
          RegionMap:
            us-east-1:
              LogLevel: ALL
            eu-west-1:
              LogLevel: ERROR
        Resources:
          LambdaExecutionRole:
            Type: "AWS::IAM::Role"
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal:
                      Service: lambda.amazonaws.com
                    Action: "sts:AssumeRole"

          MyLambdaFunction:
            Type: "AWS::Lambda::Function"
            Properties:
              Handler: "index.handler"
              Role: !GetAtt [ LambdaExecutionRole, Arn ]
              Code:
                ZipFile: |
                  exports.handler = (event, context, callback) => {
                      callback(null, "Hello World!");
                  };
              Runtime: "nodejs20.x"
              Timeout: "25"

          StatesExecutionRole:
            Type: "AWS::IAM::Role"
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: "Allow"
                    Principal:
                      Service:
                        - !Sub states.${AWS::Region}.amazonaws.com
                    Action: "sts:AssumeRole"
              Path: "/"
              Policies:
                - PolicyName: StatesExecutionPolicy
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Action:
                          - "lambda:InvokeFunction"
                        Resource: "*"
                      - Effect: Allow
                        Action: "logs:*"
                        Resource:
                          Fn::Join:
                            - ""
                            - - "arn:aws:logs:"
                              - Ref: AWS::Region
                              - ":"
                              - Ref: AWS::AccountId
                              - ":log-group:/aws/vendedlogs/*"

          MyStateMachine:
            Type: "AWS::StepFunctions::StateMachine"
            Properties:
              DefinitionString:
                !Sub
                  - |-
                    {
                      "Comment": "A Hello World example using an AWS Lambda function",
                      "StartAt": "HelloWorld",
                      "States": {
                        "HelloWorld": {
                          "Type": "Task",
                          "Resource": "${lambdaArn}",
                          "End": true
                        }
                      }
                    }
                  - {lambdaArn: !GetAtt [ MyLambdaFunction, Arn ]}
              RoleArn: !GetAtt [ StatesExecutionRole, Arn ]
              LoggingConfiguration:
                Level: !FindInMap [RegionMap, !Ref "AWS::Region", LogLevel]

          SimpleStateMachine:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              StateMachineName: !Join ["-", [simple, !Select [2, !Split ["/", !Ref "AWS::StackId"]]]]
              DefinitionString: !Sub |
                {
                  "StartAt": "Wait",
                  "States": {
                    "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Invoke"},
                    "Invoke": {
                      "Type": "Task",
                      "Resource": "arn:${AWS::Partition}:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "${MyLambdaFunction.Arn}", "Payload.$": "$"},
                      "End": true
                    }
                  }
                }
              RoleArn:
                Fn::GetAtt:
                  - StatesExecutionRole
                  - Arn
        """#

    /// The JSON of ``cfnDefinitionString``.
    static let cfnDefinitionStringJSON = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "An example template with an IAM role for a Lambda state machine.",
          "Mappings": {
            "RegionMap": {
              "us-east-1": {
                "LogLevel": "ALL"
              },
              "eu-west-1": {
                "LogLevel": "ERROR"
              }
            }
          },
          "Resources": {
            "LambdaExecutionRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "AssumeRolePolicyDocument": {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Effect": "Allow",
                      "Principal": {
                        "Service": "lambda.amazonaws.com"
                      },
                      "Action": "sts:AssumeRole"
                    }
                  ]
                }
              }
            },
            "MyLambdaFunction": {
              "Type": "AWS::Lambda::Function",
              "Properties": {
                "Handler": "index.handler",
                "Role": {
                  "Fn::GetAtt": [
                    "LambdaExecutionRole",
                    "Arn"
                  ]
                },
                "Code": {
                  "ZipFile": "exports.handler = (event, context, callback) => {\n    callback(null, \"Hello World!\");\n};\n"
                },
                "Runtime": "nodejs20.x",
                "Timeout": "25"
              }
            },
            "StatesExecutionRole": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "AssumeRolePolicyDocument": {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Effect": "Allow",
                      "Principal": {
                        "Service": [
                          {
                            "Fn::Sub": "states.${AWS::Region}.amazonaws.com"
                          }
                        ]
                      },
                      "Action": "sts:AssumeRole"
                    }
                  ]
                },
                "Path": "/",
                "Policies": [
                  {
                    "PolicyName": "StatesExecutionPolicy",
                    "PolicyDocument": {
                      "Version": "2012-10-17",
                      "Statement": [
                        {
                          "Effect": "Allow",
                          "Action": [
                            "lambda:InvokeFunction"
                          ],
                          "Resource": "*"
                        },
                        {
                          "Effect": "Allow",
                          "Action": "logs:*",
                          "Resource": {
                            "Fn::Join": [
                              "",
                              [
                                "arn:aws:logs:",
                                {
                                  "Ref": "AWS::Region"
                                },
                                ":",
                                {
                                  "Ref": "AWS::AccountId"
                                },
                                ":log-group:/aws/vendedlogs/*"
                              ]
                            ]
                          }
                        }
                      ]
                    }
                  }
                ]
              }
            },
            "MyStateMachine": {
              "Type": "AWS::StepFunctions::StateMachine",
              "Properties": {
                "DefinitionString": {
                  "Fn::Sub": [
                    "{\n  \"Comment\": \"A Hello World example using an AWS Lambda function\",\n  \"StartAt\": \"HelloWorld\",\n  \"States\": {\n    \"HelloWorld\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"${lambdaArn}\",\n      \"End\": true\n    }\n  }\n}",
                    {
                      "lambdaArn": {
                        "Fn::GetAtt": [
                          "MyLambdaFunction",
                          "Arn"
                        ]
                      }
                    }
                  ]
                },
                "RoleArn": {
                  "Fn::GetAtt": [
                    "StatesExecutionRole",
                    "Arn"
                  ]
                },
                "LoggingConfiguration": {
                  "Level": {
                    "Fn::FindInMap": [
                      "RegionMap",
                      {
                        "Ref": "AWS::Region"
                      },
                      "LogLevel"
                    ]
                  }
                }
              }
            },
            "SimpleStateMachine": {
              "Type": "AWS::StepFunctions::StateMachine",
              "Properties": {
                "StateMachineName": {
                  "Fn::Join": [
                    "-",
                    [
                      "simple",
                      {
                        "Fn::Select": [
                          2,
                          {
                            "Fn::Split": [
                              "/",
                              {
                                "Ref": "AWS::StackId"
                              }
                            ]
                          }
                        ]
                      }
                    ]
                  ]
                },
                "DefinitionString": {
                  "Fn::Sub": "{\n  \"StartAt\": \"Wait\",\n  \"States\": {\n    \"Wait\": {\"Type\": \"Wait\", \"Seconds\": 5, \"Next\": \"Invoke\"},\n    \"Invoke\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:${AWS::Partition}:states:::lambda:invoke\",\n      \"Parameters\": {\"FunctionName\": \"${MyLambdaFunction.Arn}\", \"Payload.$\": \"$\"},\n      \"End\": true\n    }\n  }\n}\n"
                },
                "RoleArn": {
                  "Fn::GetAtt": [
                    "StatesExecutionRole",
                    "Arn"
                  ]
                }
              }
            }
          }
        }
        """#

    /// CloudFormation with a YAML `Definition`, anchors and merge keys for shared retry settings, and JSONata.
    static let cfnDefinitionYAML = #"""
        # Native YAML definition with anchors for shared retry policies and JSONata.
        AWSTemplateFormatVersion: 2010-09-09
        Description: Workflow with a YAML Definition and shared settings

        x-retry: &retry
          - ErrorEquals: [States.TaskFailed, States.Timeout]
            IntervalSeconds: 1
            MaxAttempts: 3
            BackoffRate: 2.0
            JitterStrategy: FULL

        x-task: &task
          Type: Task
          Retry: *retry
          TimeoutSeconds: 60

        Resources:
          Workflow:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              StateMachineType: EXPRESS
              RoleArn: !GetAtt WorkflowRole.Arn
              Definition:
                QueryLanguage: JSONata
                StartAt: Fetch
                States:
                  Fetch:
                    <<: *task
                    Resource: arn:aws:states:::http:invoke
                    Arguments:
                      ApiEndpoint: "https://example.com/items"
                      Method: GET
                      Authentication:
                        ConnectionArn: ${ConnectionArn}
                    Output: '{% $states.result.ResponseBody %}'
                    Next: Each
                  Each:
                    Type: Map
                    Items: "{% $states.input.items %}"
                    MaxConcurrency: 10
                    ItemProcessor:
                      ProcessorConfig: {Mode: INLINE}
                      StartAt: Store
                      States:
                        Store:
                          <<: *task
                          Resource: arn:aws:states:::dynamodb:putItem
                          Arguments:
                            TableName: ${TableName}
                            Item:
                              pk: {S: "{% $states.input.id %}"}
                          End: true
                    Next: Done
                  Done:
                    Type: Succeed
              DefinitionSubstitutions:
                ConnectionArn: !GetAtt Connection.Arn
                TableName: !Ref Table
              LoggingConfiguration:
                Level: ERROR
                IncludeExecutionData: false
                Destinations:
                  - CloudWatchLogsLogGroup:
                      LogGroupArn: !GetAtt LogGroup.Arn
          Other:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              RoleArn: !GetAtt WorkflowRole.Arn
              DefinitionS3Location:
                Bucket: !ImportValue shared-artifacts-bucket
                Key: workflows/other.asl.yaml
                Version: "3"
        """#

    /// The JSON of ``cfnDefinitionYAML``.
    static let cfnDefinitionYAMLJSON = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "Workflow with a YAML Definition and shared settings",
          "x-retry": [
            {
              "ErrorEquals": [
                "States.TaskFailed",
                "States.Timeout"
              ],
              "IntervalSeconds": 1,
              "MaxAttempts": 3,
              "BackoffRate": 2.0,
              "JitterStrategy": "FULL"
            }
          ],
          "x-task": {
            "Type": "Task",
            "Retry": [
              {
                "ErrorEquals": [
                  "States.TaskFailed",
                  "States.Timeout"
                ],
                "IntervalSeconds": 1,
                "MaxAttempts": 3,
                "BackoffRate": 2.0,
                "JitterStrategy": "FULL"
              }
            ],
            "TimeoutSeconds": 60
          },
          "Resources": {
            "Workflow": {
              "Type": "AWS::StepFunctions::StateMachine",
              "Properties": {
                "StateMachineType": "EXPRESS",
                "RoleArn": {
                  "Fn::GetAtt": [
                    "WorkflowRole",
                    "Arn"
                  ]
                },
                "Definition": {
                  "QueryLanguage": "JSONata",
                  "StartAt": "Fetch",
                  "States": {
                    "Fetch": {
                      "Type": "Task",
                      "Retry": [
                        {
                          "ErrorEquals": [
                            "States.TaskFailed",
                            "States.Timeout"
                          ],
                          "IntervalSeconds": 1,
                          "MaxAttempts": 3,
                          "BackoffRate": 2.0,
                          "JitterStrategy": "FULL"
                        }
                      ],
                      "TimeoutSeconds": 60,
                      "Resource": "arn:aws:states:::http:invoke",
                      "Arguments": {
                        "ApiEndpoint": "https://example.com/items",
                        "Method": "GET",
                        "Authentication": {
                          "ConnectionArn": "${ConnectionArn}"
                        }
                      },
                      "Output": "{% $states.result.ResponseBody %}",
                      "Next": "Each"
                    },
                    "Each": {
                      "Type": "Map",
                      "Items": "{% $states.input.items %}",
                      "MaxConcurrency": 10,
                      "ItemProcessor": {
                        "ProcessorConfig": {
                          "Mode": "INLINE"
                        },
                        "StartAt": "Store",
                        "States": {
                          "Store": {
                            "Type": "Task",
                            "Retry": [
                              {
                                "ErrorEquals": [
                                  "States.TaskFailed",
                                  "States.Timeout"
                                ],
                                "IntervalSeconds": 1,
                                "MaxAttempts": 3,
                                "BackoffRate": 2.0,
                                "JitterStrategy": "FULL"
                              }
                            ],
                            "TimeoutSeconds": 60,
                            "Resource": "arn:aws:states:::dynamodb:putItem",
                            "Arguments": {
                              "TableName": "${TableName}",
                              "Item": {
                                "pk": {
                                  "S": "{% $states.input.id %}"
                                }
                              }
                            },
                            "End": true
                          }
                        }
                      },
                      "Next": "Done"
                    },
                    "Done": {
                      "Type": "Succeed"
                    }
                  }
                },
                "DefinitionSubstitutions": {
                  "ConnectionArn": {
                    "Fn::GetAtt": [
                      "Connection",
                      "Arn"
                    ]
                  },
                  "TableName": {
                    "Ref": "Table"
                  }
                },
                "LoggingConfiguration": {
                  "Level": "ERROR",
                  "IncludeExecutionData": false,
                  "Destinations": [
                    {
                      "CloudWatchLogsLogGroup": {
                        "LogGroupArn": {
                          "Fn::GetAtt": [
                            "LogGroup",
                            "Arn"
                          ]
                        }
                      }
                    }
                  ]
                }
              }
            },
            "Other": {
              "Type": "AWS::StepFunctions::StateMachine",
              "Properties": {
                "RoleArn": {
                  "Fn::GetAtt": [
                    "WorkflowRole",
                    "Arn"
                  ]
                },
                "DefinitionS3Location": {
                  "Bucket": {
                    "Fn::ImportValue": "shared-artifacts-bucket"
                  },
                  "Key": "workflows/other.asl.yaml",
                  "Version": "3"
                }
              }
            }
          }
        }
        """#

    /// A CloudFormation network template using most intrinsic functions in short and long form.
    static let cfnNetwork = #"""
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Env: {Type: String, AllowedValues: [test, prod], Default: test}
          VpcCidr:
            Type: String
            Default: 10.0.0.0/16
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          HasTwoZones: !Or [!Condition IsProd, !Equals ["true", "false"]]
          NotProd:
            Fn::Not:
              - Condition: IsProd
        Resources:
          Vpc:
            Type: AWS::EC2::VPC
            Properties:
              CidrBlock: !Ref VpcCidr
              EnableDnsSupport: true
              Tags:
                - {Key: Name, Value: !Sub "${AWS::StackName}-vpc"}
          SubnetA:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !Ref Vpc
              AvailabilityZone: !Select
                - 0
                - !GetAZs
              CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
          SubnetB:
            Type: AWS::EC2::Subnet
            Condition: HasTwoZones
            Properties:
              VpcId: !Ref Vpc
              AvailabilityZone:
                Fn::Select:
                  - 1
                  - Fn::GetAZs: !Ref "AWS::Region"
              CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]]
              MapPublicIpOnLaunch: !If
                - IsProd
                - false
                - !Ref AWS::NoValue
        Outputs:
          Subnets:
            Value: !Join
              - ","
              - - !Ref SubnetA
                - !If [HasTwoZones, !Ref SubnetB, !Ref "AWS::NoValue"]
            Export: {Name: !Sub "${AWS::StackName}:subnets"}
          Encoded:
            Value: !Base64
              Fn::Sub: |
                #!/bin/bash
                echo "${Env}"
          Json:
            Value: !ToJsonString
              key: value
              list: [1, 2]
          Count:
            Value: !Length [a, b]
        """#

    /// The JSON of ``cfnNetwork``.
    static let cfnNetworkJSON = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Parameters": {
            "Env": {
              "Type": "String",
              "AllowedValues": [
                "test",
                "prod"
              ],
              "Default": "test"
            },
            "VpcCidr": {
              "Type": "String",
              "Default": "10.0.0.0/16"
            }
          },
          "Conditions": {
            "IsProd": {
              "Fn::Equals": [
                {
                  "Ref": "Env"
                },
                "prod"
              ]
            },
            "HasTwoZones": {
              "Fn::Or": [
                {
                  "Condition": "IsProd"
                },
                {
                  "Fn::Equals": [
                    "true",
                    "false"
                  ]
                }
              ]
            },
            "NotProd": {
              "Fn::Not": [
                {
                  "Condition": "IsProd"
                }
              ]
            }
          },
          "Resources": {
            "Vpc": {
              "Type": "AWS::EC2::VPC",
              "Properties": {
                "CidrBlock": {
                  "Ref": "VpcCidr"
                },
                "EnableDnsSupport": true,
                "Tags": [
                  {
                    "Key": "Name",
                    "Value": {
                      "Fn::Sub": "${AWS::StackName}-vpc"
                    }
                  }
                ]
              }
            },
            "SubnetA": {
              "Type": "AWS::EC2::Subnet",
              "Properties": {
                "VpcId": {
                  "Ref": "Vpc"
                },
                "AvailabilityZone": {
                  "Fn::Select": [
                    0,
                    {
                      "Fn::GetAZs": ""
                    }
                  ]
                },
                "CidrBlock": {
                  "Fn::Select": [
                    0,
                    {
                      "Fn::Cidr": [
                        {
                          "Fn::GetAtt": [
                            "Vpc",
                            "CidrBlock"
                          ]
                        },
                        4,
                        8
                      ]
                    }
                  ]
                }
              }
            },
            "SubnetB": {
              "Type": "AWS::EC2::Subnet",
              "Condition": "HasTwoZones",
              "Properties": {
                "VpcId": {
                  "Ref": "Vpc"
                },
                "AvailabilityZone": {
                  "Fn::Select": [
                    1,
                    {
                      "Fn::GetAZs": {
                        "Ref": "AWS::Region"
                      }
                    }
                  ]
                },
                "CidrBlock": {
                  "Fn::Select": [
                    1,
                    {
                      "Fn::Cidr": [
                        {
                          "Fn::GetAtt": [
                            "Vpc",
                            "CidrBlock"
                          ]
                        },
                        4,
                        8
                      ]
                    }
                  ]
                },
                "MapPublicIpOnLaunch": {
                  "Fn::If": [
                    "IsProd",
                    false,
                    {
                      "Ref": "AWS::NoValue"
                    }
                  ]
                }
              }
            }
          },
          "Outputs": {
            "Subnets": {
              "Value": {
                "Fn::Join": [
                  ",",
                  [
                    {
                      "Ref": "SubnetA"
                    },
                    {
                      "Fn::If": [
                        "HasTwoZones",
                        {
                          "Ref": "SubnetB"
                        },
                        {
                          "Ref": "AWS::NoValue"
                        }
                      ]
                    }
                  ]
                ]
              },
              "Export": {
                "Name": {
                  "Fn::Sub": "${AWS::StackName}:subnets"
                }
              }
            },
            "Encoded": {
              "Value": {
                "Fn::Base64": {
                  "Fn::Sub": "#!/bin/bash\necho \"${Env}\"\n"
                }
              }
            },
            "Json": {
              "Value": {
                "Fn::ToJsonString": {
                  "key": "value",
                  "list": [
                    1,
                    2
                  ]
                }
              }
            },
            "Count": {
              "Value": {
                "Fn::Length": [
                  "a",
                  "b"
                ]
              }
            }
          }
        }
        """#
}
