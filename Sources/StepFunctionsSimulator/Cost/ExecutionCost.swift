import Foundation
import JSONCore

/// The price of an execution (and of many), from its ``ExecutionUsage`` and a ``PricingRates`` table.
///
/// STANDARD executions are billed per state transition (the free tier is applied to monthly
/// figures only); EXPRESS executions per request and per GB-second of billed duration (rounded up
/// to 100 ms) at billed memory (64 MB chunks of AWS's estimate: 50 MB plus the definition plus the
/// data times the Parallel and Map steps). See Docs/Cost.md.
public struct ExecutionCost: Sendable, Hashable {
    /// What the execution used.
    public var usage: ExecutionUsage
    /// The prices.
    public var rates: PricingRates

    /// Creates the cost of `usage` at `rates`.
    public init(usage: ExecutionUsage, rates: PricingRates = .awsUSEast1) {
        self.usage = usage
        self.rates = rates
    }

    /// EXPRESS: the memory AWS's estimate gives, in MB (decimal, as AWS's pricing example counts).
    public var memoryMB: Double {
        rates.expressBaseMemoryMB + Double(usage.definitionBytes) / 1_000_000
            + Double(usage.largestPayloadBytes) * Double(max(1, usage.parallelAndMapSteps)) / 1_000_000
    }

    /// EXPRESS: the memory billed, in MB (whole chunks).
    public var billedMemoryMB: Int {
        let chunk = Double(rates.expressMemoryIncrementMB)
        return Int((memoryMB / chunk).rounded(.up) * chunk)
    }

    /// EXPRESS: the duration billed, in seconds (rounded up to the increment, at least one).
    public var billedDurationSeconds: Double {
        let step = Double(rates.expressDurationIncrementMs)
        let ms = max(step, (usage.durationSeconds * 1_000 / step).rounded(.up) * step)
        return ms / 1_000
    }

    /// EXPRESS: GB-seconds billed for one execution.
    public var gbSeconds: Double { billedDurationSeconds * Double(billedMemoryMB) / 1_024 }

    /// Dollars for this one execution (free tier aside; EXPRESS duration at the first tier's price).
    public var perExecution: Double {
        switch usage.type {
        case .standard: return Double(usage.stateTransitions) * rates.perStateTransition
        case .express: return rates.perExpressRequest + rates.expressDurationCharge(gbSeconds: gbSeconds)
        }
    }

    /// Dollars for `executions` such executions in one month: the free tier (STANDARD) and the
    /// duration tiers (EXPRESS) applied.
    public func monthly(executions: Int) -> Double {
        let n = Double(max(0, executions))
        switch usage.type {
        case .standard:
            let billable = max(0, n * Double(usage.stateTransitions) - Double(rates.freeStateTransitionsPerMonth))
            return billable * rates.perStateTransition
        case .express:
            return n * rates.perExpressRequest + rates.expressDurationCharge(gbSeconds: n * gbSeconds)
        }
    }

    /// Dollars as `$0.000175` (significant digits kept for tiny amounts) or `$1,234.56`.
    public static func dollars(_ amount: Double) -> String {
        if amount == 0 { return "$0" }
        if amount >= 1 { return "$" + grouped(String(format: "%.2f", amount)) }
        var s = String(format: "%.10f", amount)
        // Keep three significant digits.
        if let firstNonZero = s.firstIndex(where: { $0 != "0" && $0 != "." }) {
            let end = s.index(firstNonZero, offsetBy: 3, limitedBy: s.endIndex) ?? s.endIndex
            s = String(s[..<end])
        }
        while s.hasSuffix("0") { s.removeLast() }
        return "$" + s
    }

    /// `1234567` as `1,234,567` (the integral part of a decimal string).
    package static func grouped(_ decimal: String) -> String {
        let parts = decimal.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(parts[0])
        var i = digits.count - 3
        while i > 0 {
            digits.insert(",", at: i)
            i -= 3
        }
        return String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// The cost as text (what `sfn run --cost` prints), with `executions` a month priced too.
    public func text(executions: Int) -> String {
        var lines = ["Cost (\(usage.type.rawValue); \(rates.source), \(rates.asOf)):"]
        switch usage.type {
        case .standard:
            lines.append(
                "  \(usage.stateTransitions) state transition\(usage.stateTransitions == 1 ? "" : "s") (retries included): "
                    + "\(ExecutionCost.dollars(perExecution)) per execution")
        case .express:
            lines.append(
                "  duration \(ExecutionCost.seconds(usage.durationSeconds)) billed as \(ExecutionCost.seconds(billedDurationSeconds)), "
                    + "memory about \(String(format: "%.2f", memoryMB)) MB billed as \(billedMemoryMB) MB: "
                    + "\(ExecutionCost.dollars(perExecution)) per execution (request and duration)")
        }
        let monthly = monthly(executions: executions)
        lines.append(
            "  \(ExecutionCost.grouped(String(executions))) executions a month: \(ExecutionCost.dollars(monthly))"
                + (usage.type == .standard
                    ? " (after \(ExecutionCost.grouped(String(rates.freeStateTransitionsPerMonth))) free state transitions)"
                    : ""))
        lines.append(
            "  largest payload: \(ExecutionCost.grouped(String(usage.largestPayloadBytes))) bytes of "
                + "\(ExecutionCost.grouped(String(ExecutionUsage.payloadLimit))) "
                + "(\(ExecutionCost.grouped(String(usage.payloadMargin))) to spare)")
        if usage.type == .standard {
            lines.append(
                "  history events: \(ExecutionCost.grouped(String(usage.historyEvents))) of "
                    + "\(ExecutionCost.grouped(String(ExecutionUsage.historyEventLimit))) "
                    + "(\(ExecutionCost.grouped(String(usage.historyEventMargin))) to spare)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func seconds(_ s: Double) -> String {
        s.rounded() == s ? "\(Int(s)) s" : String(format: "%.3g s", s)
    }

    /// The cost as JSON, with `executions` a month priced too.
    public func json(executions: Int) -> JSONValue {
        var o: JSONObject = [
            "type": .string(usage.type.rawValue), "stateTransitions": .int(usage.stateTransitions),
            "durationSeconds": .double(usage.durationSeconds), "perExecution": .double(perExecution),
            "executionsPerMonth": .int(executions), "monthly": .double(monthly(executions: executions)),
            "largestPayloadBytes": .int(usage.largestPayloadBytes), "payloadMargin": .int(usage.payloadMargin),
            "historyEvents": .int(usage.historyEvents), "historyEventMargin": .int(usage.historyEventMargin),
        ]
        if usage.type == .express {
            o["memoryMB"] = .double(memoryMB)
            o["billedMemoryMB"] = .int(billedMemoryMB)
            o["billedDurationSeconds"] = .double(billedDurationSeconds)
            o["gbSeconds"] = .double(gbSeconds)
        }
        o["rates"] = rates.json
        return .object(o)
    }
}
