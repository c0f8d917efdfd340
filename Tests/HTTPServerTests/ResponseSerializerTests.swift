import HTTPTestSupport
import Testing

@testable import HTTPServer

/// Status line, fields and framing as written on the wire.
@Suite struct ResponseSerializerTests {
    static func serialize(
        _ response: HTTPResponse, isHEAD: Bool = false, keepAlive: Bool = true, version: HTTPVersion = .http1_1
    ) -> (String, Bool) {
        var output: [UInt8] = []
        let context = ResponseSerializer.Context(
            isHEAD: isHEAD, keepAlive: keepAlive, version: version, date: Array("DATE".utf8), serverName: "S")
        let close = ResponseSerializer.append(response, context: context, to: &output)
        return (String(decoding: output, as: UTF8.self), close)
    }

    @Test func plainResponse() {
        let (text, close) = Self.serialize(HTTPResponse(headers: ["X-A": "1"], text: "hi"))
        #expect(text == "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 2\r\nDate: DATE\r\nServer: S\r\n\r\nhi")
        #expect(!close)
    }

    @Test func framingFieldsAreTheServers() {
        let response = HTTPResponse(
            status: 201, reason: "Made\r\nEvil: 1",
            headers: [
                "Content-Length": "99", "Transfer-Encoding": "chunked", "Bad Name": "x", "X-V": "a\r\nb",
                "Date": "mine", "Connection": "close",
            ], text: "abc")
        let (text, close) = Self.serialize(response)
        #expect(
            text
                == "HTTP/1.1 201 Made  Evil: 1\r\nX-V: a  b\r\nDate: mine\r\nContent-Length: 3\r\nServer: S\r\nConnection: close\r\n\r\nabc"
        )
        #expect(close)
    }

    @Test func headAndNoContent() {
        #expect(Self.serialize(HTTPResponse(text: "abcd"), isHEAD: true).0.contains("Content-Length: 4\r\n"))
        #expect(!Self.serialize(HTTPResponse(text: "abcd"), isHEAD: true).0.hasSuffix("abcd"))
        #expect(
            Self.serialize(HTTPResponse(headers: ["Content-Length": "77"]), isHEAD: true).0.contains(
                "Content-Length: 77\r\n"))
        #expect(!Self.serialize(HTTPResponse(status: 204, text: "x")).0.contains("Content-Length"))
        #expect(!Self.serialize(HTTPResponse(status: 304, text: "x")).0.hasSuffix("x"))
    }

    @Test func connectionFieldFollowsVersionAndKeepAlive() {
        #expect(Self.serialize(HTTPResponse(), keepAlive: false).0.contains("Connection: close\r\n"))
        #expect(Self.serialize(HTTPResponse(), version: .http1_0).0.contains("Connection: keep-alive\r\n"))
        #expect(!Self.serialize(HTTPResponse()).0.contains("Connection"))
    }

    @Test func dateFormat() {
        var parts = HTTPDateCache.TimeParts()
        parts.tm_wday = 0
        parts.tm_mday = 6
        parts.tm_mon = 10
        parts.tm_year = 94
        parts.tm_hour = 8
        parts.tm_min = 49
        parts.tm_sec = 37
        #expect(HTTPDateCache.format(parts) == "Sun, 06 Nov 1994 08:49:37 GMT")
        var cache = HTTPDateCache()
        #expect(cache.current().count == 29)
    }
}
