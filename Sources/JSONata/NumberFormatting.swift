/// `$formatNumber`, `$formatBase`, `$formatInteger` and `$parseInteger` (work in progress).
enum NumberFormatting {
    static func formatNumber(_ v: Value, _ picture: Value, _ options: Value) throws(JSONataError) -> Value {
        .undefined
    }
    static func formatBase(_ v: Value, _ radix: Value) throws(JSONataError) -> Value { .undefined }
    static func formatIntegerFunction(_ v: Value, _ picture: Value) throws(JSONataError) -> Value { .undefined }
    static func parseIntegerFunction(_ v: Value, _ picture: Value) throws(JSONataError) -> Value { .undefined }
}
