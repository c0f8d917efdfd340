import StepFunctionsConformance

/// A case file read whole (`init(text:fileName:)`) and as `sfn test` reads it
/// (`init(readingLazily:fileName:)`), with each reading's error message ("" when it read).
struct CaseReadings {
    var whole: ConformanceCase?
    var lazy: ConformanceCase?
    var wholeError = ""
    var lazyError = ""

    init(_ text: String) {
        do { whole = try ConformanceCase(text: text, fileName: "x.json") } catch { wholeError = error.message }
        do { lazy = try ConformanceCase(readingLazily: text, fileName: "x.json") } catch { lazyError = error.message }
    }
}
