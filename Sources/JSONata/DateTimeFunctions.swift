/// `$fromMillis`, `$toMillis` (work in progress).
enum DateTimeFunctions {
    static func fromMillis(_ v: Value, _ picture: Value, _ tz: Value) throws(JSONataError) -> Value { .undefined }
    static func toMillis(_ v: Value, _ picture: Value) throws(JSONataError) -> Value { .undefined }
}
