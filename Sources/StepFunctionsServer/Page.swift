import Foundation
import JSONCore

/// `maxResults` and `nextToken` of a list operation: which slice of a sorted list to answer with.
///
/// A token names the last item answered (its key and position), so a page after a deletion
/// continues where the previous one stopped. Tokens are opaque to clients, as AWS's are.
struct Page: Sendable {
    /// Items per page (`maxResults`; 0 or absent means 100, as AWS).
    var size: Int
    /// The token's key and position, when a token was sent.
    var after: (key: String, index: Int)?

    init(_ r: Request, defaultSize: Int = 100) throws(AWSError) {
        let max = try r.int("maxResults") ?? 0
        size = max <= 0 ? defaultSize : max
        if let token = try r.optionalString("nextToken") {
            guard let decoded = Page.decode(token) else { throw .invalidToken }
            after = decoded
        }
    }

    /// The page of `items` (whose keys are `keys`, in the same order) and the token for the next page.
    func slice<T>(_ keys: [String], of items: [T]) throws(AWSError) -> ([T], String?) {
        var start = 0
        if let after {
            if after.index < keys.count, keys[after.index] == after.key {
                start = after.index + 1
            } else if let i = keys.firstIndex(of: after.key) {
                start = i + 1
            } else {
                start = min(after.index + 1, keys.count)
            }
        }
        let end = min(keys.count, start + size)
        let page = Array(items[start..<end])
        let next = end < keys.count && end > start ? Page.encode(key: keys[end - 1], index: end - 1) : nil
        return (page, next)
    }

    private static let prefix = "sfnlocal1."

    static func encode(key: String, index: Int) -> String {
        prefix + Base64.encode(Array("\(index)\n\(key)".utf8))
    }

    static func decode(_ token: String) -> (key: String, index: Int)? {
        guard token.hasPrefix(prefix), let bytes = try? Base64.decode(String(token.dropFirst(prefix.count))) else {
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n"), let index = Int(text[..<newline]) else { return nil }
        return (String(text[text.index(after: newline)...]), index)
    }
}
