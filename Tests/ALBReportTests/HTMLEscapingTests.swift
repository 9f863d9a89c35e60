import ALBReport
import Foundation
import Testing

@Suite struct HTMLEscapingTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(
            HTMLEscaping.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        )
    }

    @Test(arguments: [
        "<script>alert(1)</script>",
        #""><img src=x onerror=alert(1)>"#,
        "</style><style>body{display:none}",
        "javascript:alert(document.cookie)",
        "' onmouseover='x",
        "<!-- --> <![CDATA[ ]]>",
    ])
    func hostileTextHasNoMarkupLeft(payload: String) {
        let escaped = HTMLEscaping.escape(payload)
        #expect(!escaped.contains("<"))
        #expect(!escaped.contains(">"))
        #expect(!escaped.contains("\""))
        #expect(!escaped.contains("'"))
        // Escaping is reversible: nothing is dropped.
        let back = escaped.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        #expect(back == payload)
    }

    @Test func controlsBecomeReplacementCharacters() {
        #expect(HTMLEscaping.escape("a\u{0}b\u{1B}[31mc\u{7F}d\u{85}e") == "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}d\u{FFFD}e")
        #expect(HTMLEscaping.escape("tab\there\nline\r") == "tab\there\nline\r")
    }

    @Test func invalidUTF8ArrivesAsReplacementCharacters() {
        let line = String(decoding: [0x41, 0xFF, 0xFE, 0x3C, 0x42] as [UInt8], as: UTF8.self)
        #expect(HTMLEscaping.escape(line) == "A\u{FFFD}\u{FFFD}&lt;B")
    }

    @Test func unicodeTextIsKept() {
        #expect(HTMLEscaping.escape("Zürich → 東京 ✓") == "Zürich → 東京 ✓")
    }
}
