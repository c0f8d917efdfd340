// The DSL re-exports the model (states, paths, payload templates) and the compiler's public API
// (ASLWriter, ASLReader, ASLValidator, Diagnostic, ValidationFailure), so `import StepFunctions` is enough.
@_exported import StepFunctionsCompiler
@_exported import StepFunctionsModel
