// The JSONata engine lives here (see Docs/Architecture.md).
