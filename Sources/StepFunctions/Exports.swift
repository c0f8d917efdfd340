@_exported import StepFunctionsModel
