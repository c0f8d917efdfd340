import Foundation
import JSONCore
import StepFunctionsSimulator

/// The cost options' help (`run`, `explore`).
let costOptionsHelp = """
      --cost                  Price the execution(s): state transitions (STANDARD) or requests and
                              GB-seconds (EXPRESS), per execution and for --executions a month,
                              with the payload and history-event margins (see Docs/Cost.md).
      --rates FILE            Prices from a JSON file (default: AWS's us-east-1 prices).
      --executions N          The monthly workload to price (default 1000000).
    """

/// `--rates FILE` and `--executions N`, read when `--cost` is given.
struct CostOptions {
    var rates = PricingRates.awsUSEast1
    var executions = 1_000_000

    /// Reads the options; nil without `--cost` (and then `--rates`/`--executions` are mistakes).
    init?(_ args: ArgumentList, io: CommandIO) throws(UsageError) {
        guard args.has("--cost") else {
            for option in ["--rates", "--executions"] where args.value(option) != nil {
                throw UsageError(message: "\(option) needs --cost")
            }
            return nil
        }
        if let n = args.value("--executions") {
            guard let count = Int(n.replacingOccurrences(of: "_", with: "")), count >= 0 else {
                throw UsageError(message: "--executions needs a non-negative integer")
            }
            executions = count
        }
        if let file = args.value("--rates") {
            let text = try readTextFile(file, io: io)
            do {
                rates = try PricingRates(json: try JSONParser.parse(text))
            } catch let error as PricingRatesError {
                throw UsageError(message: "--rates \(file): \(error)")
            } catch {
                throw UsageError(message: "--rates \(file) is not JSON: \(error)")
            }
        }
    }
}
