import JSONCore
import StepFunctionsCompiler

/// The prices a cost is computed with: AWS's published us-east-1 prices by default, or a table the
/// user gives (`sfn run --cost --rates FILE`), in US dollars.
public struct PricingRates: Sendable, Hashable {
    /// One tier of the Express duration price: `price` per GB-hour up to `upToGBHours` a month (nil: beyond).
    public struct Tier: Sendable, Hashable {
        /// The GB-hours a month this tier reaches (cumulative; nil for the last tier).
        public var upToGBHours: Double?
        /// Dollars per GB-hour in this tier.
        public var pricePerGBHour: Double

        /// Creates a tier.
        public init(upToGBHours: Double?, pricePerGBHour: Double) {
            self.upToGBHours = upToGBHours
            self.pricePerGBHour = pricePerGBHour
        }
    }

    /// Where the prices come from (shown with every cost).
    public var source: String
    /// When they were taken (YYYY-MM-DD).
    public var asOf: String
    /// STANDARD: dollars per state transition.
    public var perStateTransition: Double
    /// STANDARD: state transitions free each month (the free tier).
    public var freeStateTransitionsPerMonth: Int
    /// EXPRESS: dollars per request (execution started).
    public var perExpressRequest: Double
    /// EXPRESS: the duration price, by monthly GB-hours.
    public var expressDurationTiers: [Tier]
    /// EXPRESS: memory is billed in chunks of this many MB.
    public var expressMemoryIncrementMB: Int
    /// EXPRESS: duration is rounded up to a multiple of this many milliseconds.
    public var expressDurationIncrementMs: Int
    /// EXPRESS: the memory an execution uses before its definition and data (AWS's estimate: 50 MB).
    public var expressBaseMemoryMB: Double

    /// Creates a table.
    public init(
        source: String, asOf: String, perStateTransition: Double, freeStateTransitionsPerMonth: Int,
        perExpressRequest: Double, expressDurationTiers: [Tier], expressMemoryIncrementMB: Int,
        expressDurationIncrementMs: Int, expressBaseMemoryMB: Double
    ) {
        self.source = source
        self.asOf = asOf
        self.perStateTransition = perStateTransition
        self.freeStateTransitionsPerMonth = freeStateTransitionsPerMonth
        self.perExpressRequest = perExpressRequest
        self.expressDurationTiers = expressDurationTiers
        self.expressMemoryIncrementMB = expressMemoryIncrementMB
        self.expressDurationIncrementMs = expressDurationIncrementMs
        self.expressBaseMemoryMB = expressBaseMemoryMB
    }

    /// AWS's published prices for US East (N. Virginia), from https://aws.amazon.com/step-functions/pricing/
    /// as read on 2026-12-06: $0.025 per 1,000 state transitions with 4,000 free a month; Express
    /// $1.00 per million requests and $0.06000 per GB-hour for the first 1,000 GB-hours a month,
    /// $0.03000 for the next 4,000, $0.01642 beyond; duration rounded up to 100 ms, memory billed in
    /// 64 MB chunks, 50 MB plus the definition and data used (see Docs/Cost.md).
    public static let awsUSEast1 = PricingRates(
        source: "AWS Step Functions pricing, US East (N. Virginia)", asOf: "2026-12-06",
        perStateTransition: 0.000025, freeStateTransitionsPerMonth: 4_000, perExpressRequest: 0.000001,
        expressDurationTiers: [
            Tier(upToGBHours: 1_000, pricePerGBHour: 0.06), Tier(upToGBHours: 5_000, pricePerGBHour: 0.03),
            Tier(upToGBHours: nil, pricePerGBHour: 0.01642),
        ], expressMemoryIncrementMB: 64, expressDurationIncrementMs: 100, expressBaseMemoryMB: 50)

    /// The table as JSON (what `--rates FILE` reads; every key is optional there).
    public var json: JSONValue {
        [
            "source": .string(source), "asOf": .string(asOf), "perStateTransition": .double(perStateTransition),
            "freeStateTransitionsPerMonth": .int(freeStateTransitionsPerMonth),
            "perExpressRequest": .double(perExpressRequest),
            "expressDurationTiers": .array(
                expressDurationTiers.map { t in
                    var o: JSONObject = ["pricePerGBHour": .double(t.pricePerGBHour)]
                    if let up = t.upToGBHours { o["upToGBHours"] = .double(up) }
                    return .object(o)
                }),
            "expressMemoryIncrementMB": .int(expressMemoryIncrementMB),
            "expressDurationIncrementMs": .int(expressDurationIncrementMs),
            "expressBaseMemoryMB": .double(expressBaseMemoryMB),
        ]
    }

    /// Reads a table from JSON: the keys of ``json``, each optional (missing ones keep `base`'s value).
    /// - Throws: ``PricingRatesError`` naming the key and what is wrong.
    public init(json: JSONValue, base: PricingRates = .awsUSEast1) throws(PricingRatesError) {
        guard case .object(let o) = json else {
            throw PricingRatesError("$", "expected an object, not \(json.typeName)")
        }
        self = base
        let known: Set<String> = [
            "source", "asOf", "perStateTransition", "freeStateTransitionsPerMonth", "perExpressRequest",
            "expressDurationTiers", "expressMemoryIncrementMB", "expressDurationIncrementMs", "expressBaseMemoryMB",
        ]
        func number(_ key: String, _ v: JSONValue) throws(PricingRatesError) -> Double {
            guard case .number(let n) = v, n.doubleValue >= 0 else {
                throw PricingRatesError("$.\(key)", "expected a non-negative number, not \(v)")
            }
            return n.doubleValue
        }
        func integer(_ key: String, _ v: JSONValue, min: Int) throws(PricingRatesError) -> Int {
            guard let i = v.intValue, i >= min else {
                throw PricingRatesError("$.\(key)", "expected an integer of at least \(min), not \(v)")
            }
            return i
        }
        for (key, v) in o {
            switch key {
            case "source", "asOf":
                guard let s = v.stringValue else { throw PricingRatesError("$.\(key)", "expected a string") }
                if key == "source" { source = s } else { asOf = s }
            case "perStateTransition": perStateTransition = try number(key, v)
            case "freeStateTransitionsPerMonth": freeStateTransitionsPerMonth = try integer(key, v, min: 0)
            case "perExpressRequest": perExpressRequest = try number(key, v)
            case "expressMemoryIncrementMB": expressMemoryIncrementMB = try integer(key, v, min: 1)
            case "expressDurationIncrementMs": expressDurationIncrementMs = try integer(key, v, min: 1)
            case "expressBaseMemoryMB": expressBaseMemoryMB = try number(key, v)
            case "expressDurationTiers":
                guard case .array(let list) = v, !list.isEmpty else {
                    throw PricingRatesError("$.\(key)", "expected a non-empty array of tiers")
                }
                var tiers: [Tier] = []
                for (i, t) in list.enumerated() {
                    let at = "\(key)[\(i)]"
                    guard case .object(let to) = t, let price = to["pricePerGBHour"] else {
                        throw PricingRatesError("$.\(at)", "expected {\"pricePerGBHour\": N, \"upToGBHours\": N}")
                    }
                    let up = try to["upToGBHours"].map { (u) throws(PricingRatesError) in
                        try number(at + ".upToGBHours", u)
                    }
                    if up == nil && i != list.count - 1 {
                        throw PricingRatesError("$.\(at)", "only the last tier may leave out upToGBHours")
                    }
                    tiers.append(Tier(upToGBHours: up, pricePerGBHour: try number(at + ".pricePerGBHour", price)))
                }
                expressDurationTiers = tiers
            default:
                let near = Suggestions.closest(to: key, in: known.sorted())
                throw PricingRatesError(
                    "$.\(key)", "unknown key" + (near.map { "; did you mean '\($0)'?" } ?? ""))
            }
        }
    }

    /// The Express duration charge for `gbSeconds` in one month, through the tiers.
    public func expressDurationCharge(gbSeconds: Double) -> Double {
        var remaining = gbSeconds / 3_600
        var reached = 0.0
        var total = 0.0
        for tier in expressDurationTiers {
            let room = tier.upToGBHours.map { max(0, $0 - reached) } ?? remaining
            let used = min(room, remaining)
            total += used * tier.pricePerGBHour
            remaining -= used
            reached += used
            if remaining <= 0 { break }
        }
        return total
    }
}

/// A mistake in a rates table.
public struct PricingRatesError: Error, Sendable, CustomStringConvertible {
    /// Where (`$.perStateTransition`).
    public var path: String
    /// What is wrong.
    public var message: String

    init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
