import HTTPTestSupport
import Testing

@testable import HTTPServer

/// Case-insensitive, order-keeping header fields.
@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndOrderIsKept() {
        var headers: HTTPHeaders = ["Content-Type": "a", "X-Many": "1", "x-many": "2"]
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers.values(for: "X-MANY") == ["1", "2"])
        #expect(headers.map(\.name) == ["Content-Type", "X-Many", "x-many"])
        headers["x-many"] = "3"
        #expect(headers.values(for: "X-Many") == ["3"])
        #expect(headers.count == 2)
        headers.add("Set-Cookie", "a=1")
        headers.add("Set-Cookie", "b=2")
        #expect(headers.values(for: "set-cookie") == ["a=1", "b=2"])
        headers["Content-Type"] = nil
        #expect(!headers.contains("content-type"))
        headers.remove("SET-COOKIE")
        #expect(headers.map(\.name) == ["X-Many"])
    }

    @Test func tokensInLists() {
        let headers: HTTPHeaders = ["Connection": "keep-alive, Upgrade", "connection": " CLOSE "]
        #expect(headers.hasToken("close", in: "Connection"))
        #expect(headers.hasToken("upgrade", in: "connection"))
        #expect(!headers.hasToken("keep", in: "Connection"))
    }

    @Test func nonASCIINamesDoNotMatchByAccident() {
        let headers: HTTPHeaders = ["É": "1"]
        #expect(headers["é"] == nil)
        #expect(headers["É"] == "1")
    }
}
