// The DSL re-exports the model (states, paths, payload templates), the compiler's public API
// (ASLWriter, ASLReader, ASLValidator, Diagnostic, ValidationFailure) and the pictures
// (WorkflowPicture), so `import StepFunctions` is enough.
@_exported import StepFunctionsCompiler
@_exported import StepFunctionsModel
@_exported import WorkflowPictures
