import HTTPServer
import HTTPTestSupport
import Testing

/// Splitting `http://` URLs.
@Suite struct HTTPURLTests {
    @Test func validURLs() throws {
        let cases: [(String, String, Int, String)] = [
            (
                "http://127.0.0.1:3001/2015-03-31/functions/f/invocations", "127.0.0.1", 3001,
                "/2015-03-31/functions/f/invocations"
            ),
            ("http://localhost", "localhost", 80, "/"),
            ("HTTP://Example.com:/a?b=c#frag", "Example.com", 80, "/a?b=c"),
            ("http://h?x=1", "h", 80, "/?x=1"),
            ("http://[::1]:8080/p", "::1", 8080, "/p"),
            ("http://[::1]", "::1", 80, "/"),
            ("http://h:65535/%20x", "h", 65535, "/%20x"),
        ]
        for (text, host, port, target) in cases {
            let url = try HTTPURL(text)
            #expect(url.host == host, "\(text)")
            #expect(url.port == port, "\(text)")
            #expect(url.target == target, "\(text)")
        }
        #expect(try HTTPURL("http://[::1]:8080/p").authority == "[::1]:8080")
        #expect(try HTTPURL("http://h/p").authority == "h")
        #expect(try HTTPURL("http://h:81/p?q").description == "http://h:81/p?q")
    }

    @Test(arguments: [
        ("https://example.com/", "https is not supported"),
        ("ftp://h/", "unsupported URL scheme 'ftp'"),
        ("127.0.0.1:3001/path", "not an absolute http:// URL"),
        ("http:///path", "missing host"),
        ("http://user:pw@h/", "user information"),
        ("http://h:0/", "invalid port '0'"),
        ("http://h:65536/", "invalid port"),
        ("http://h:12a/", "invalid port"),
        ("http://[::1/", "unterminated IPv6"),
        ("http://[h]/", "invalid IPv6"),
        ("http://h/a b", "percent-encode"),
        ("http://h/é", "percent-encode"),
    ])
    func invalidURLs(_ text: String, _ fragment: String) {
        #expect {
            _ = try HTTPURL(text)
        } throws: { error in
            guard let error = error as? HTTPClientError else { return false }
            return error.kind == .invalidURL && error.message.contains(fragment)
        }
    }

    @Test func pathSegmentEncoding() {
        #expect(HTTPURL.encodePathSegment("my-function_1") == "my-function_1")
        #expect(
            HTTPURL.encodePathSegment("arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST")
                == "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST")
        #expect(HTTPURL.encodePathSegment("a b/c?d#e%f") == "a%20b%2Fc%3Fd%23e%25f")
        #expect(HTTPURL.encodePathSegment("é") == "%C3%A9")
    }
}
