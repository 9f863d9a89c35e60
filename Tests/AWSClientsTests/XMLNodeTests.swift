import AWSClients
import Testing

/// The XML tree builder on bodies that are not AWS responses.
@Suite struct XMLNodeTests {
    @Test func wellFormedResponseParses() throws {
        let body = Array("<Error><Code>AccessDenied</Code><Message>no</Message></Error>".utf8)
        let root = try XMLNode.parse(body)
        #expect(root.string("Code") == "AccessDenied")
    }

    /// Found by Fuzz/FuzzAWSResponse.swift: FoundationXML's parser trapped (killing the process) on an element
    /// name holding bytes that are not UTF-8. Such a body is now an XMLParseError.
    @Test func bytesThatAreNotUTF8AreAnErrorNotACrash() {
        let body: [UInt8] =
            [0x3C, 0xFF, 0xFF] + Array("?xml version=\"1.0\"?>\n<Error><Code>AccessD".utf8) + [0xFF, 0xFF]
            + Array("ied</Code></Error>".utf8)
        let error = #expect(throws: XMLParseError.self) { try XMLNode.parse(body) }
        #expect(error?.description.contains("not UTF-8") == true)
    }
}
