import Foundation

/// The package a Swift source file belongs to: the nearest directory above it holding a
/// `Package.swift`. DSL diagnostics name their files from there.
package enum PackageRoot {
    /// What ``relativePath(_:)`` found for each file (a workflow has a handful of files but records a
    /// location per modifier, so the file system is asked once per file). `nil` values are cached too.
    private static let cache = PathCache()

    /// `file` relative to its package's root, or nil when no directory above it holds a `Package.swift`.
    package static func relativePath(_ file: String) -> String? {
        if let known = cache[file] { return known }
        let result = root(of: file).map { String(file.dropFirst($0.count + 1)) }
        cache[file] = .some(result)
        return result
    }

    /// The nearest directory above `file` (an absolute path) that holds a `Package.swift`.
    package static func root(of file: String) -> String? {
        guard file.hasPrefix("/") else { return nil }
        var directory = Substring(file)
        while let slash = directory.lastIndex(of: "/") {
            directory = directory[..<slash]
            if directory.isEmpty { return nil }
            if FileManager.default.fileExists(atPath: directory + "/Package.swift") { return String(directory) }
        }
        return nil
    }
}

/// A lock-protected map from a file to what ``PackageRoot/relativePath(_:)`` found for it.
private final class PathCache: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String: String?] = [:]

    subscript(file: String) -> String?? {
        get { lock.withLock { paths[file] } }
        set {
            lock.withLock {
                if let value = newValue { paths[file] = .some(value) } else { paths[file] = nil }
            }
        }
    }
}
