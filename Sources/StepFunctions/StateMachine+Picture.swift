extension CompilableWorkflow {
    /// Pictures of the workflow (Mermaid, DOT, HTML), from its compiled definition.
    ///
    /// ```swift
    /// let mermaid = try payment.picture().mermaid()
    /// ```
    public func picture() throws(ValidationFailure) -> WorkflowPicture {
        try compile(CompileOptions()).picture()
    }
}
