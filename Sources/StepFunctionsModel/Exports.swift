// The model re-exports the JSON values it is built on, so `import StepFunctionsModel` is enough.
@_exported import JSONCore
