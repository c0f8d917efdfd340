// libFuzzer's driver loop, shared by every harness in Tests/Fuzz (built only with SFN_FUZZ=1).

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The harness's function: libFuzzer's callback is a C function and cannot capture it. Set once,
/// before the driver starts, and only read after (libFuzzer calls back on one thread).
nonisolated(unsafe) private var harness: (UnsafePointer<UInt8>, Int) -> Int32 = { _, _ in 0 }

/// Runs libFuzzer's driver with the process's arguments, calling `fuzzOne` on every input.
public func runFuzzDriver(
    _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ fuzzOne: @escaping (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32 {
    harness = fuzzOne
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return harness(data, size)
    }
}
