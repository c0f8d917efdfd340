extension Duration {
    /// `minutes` minutes, for the fields AWS counts in seconds: `.timeout(.minutes(5))` writes
    /// `"TimeoutSeconds": 300`. A value beyond what a field accepts is reported when the workflow compiles.
    public static func minutes(_ minutes: some BinaryInteger) -> Duration { .seconds(clamped(minutes, 60)) }

    /// `hours` hours: `.heartbeat(.hours(6))` writes `"HeartbeatSeconds": 21600`.
    public static func hours(_ hours: some BinaryInteger) -> Duration { .seconds(clamped(hours, 3600)) }

    /// `days` days: `.timeout(.days(2))` writes `"TimeoutSeconds": 172800`.
    public static func days(_ days: some BinaryInteger) -> Duration { .seconds(clamped(days, 86_400)) }

    /// `count × unit` seconds, held within ±10¹⁵ (far beyond any field's limit, which compiling then
    /// reports) so a huge count cannot overflow.
    private static func clamped(_ count: some BinaryInteger, _ unit: Int64) -> Int64 {
        let limit: Int64 = 1_000_000_000_000_000
        guard let c = Int64(exactly: count) else { return count < 0 ? -limit : limit }
        let (product, overflow) = c.multipliedReportingOverflow(by: unit)
        if overflow { return c < 0 ? -limit : limit }
        return Swift.max(-limit, Swift.min(limit, product))
    }
}
