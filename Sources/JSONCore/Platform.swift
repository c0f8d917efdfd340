// The C math library (`trunc`, `round`) that `Double.rounded(_:)` calls; Foundation is not needed.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
