import AWSClients
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The XML tree builder on bodies that are not AWS responses.
@Suite struct XMLNodeTests {
    @Test func wellFormedResponseParses() throws {
        let body = Array("<Error><Code>AccessDenied</Code><Message>no</Message></Error>".utf8)
        let root = try AWSClients.XMLNode.parse(body)
        #expect(root.string("Code") == "AccessDenied")
    }

    /// Found by Fuzz/FuzzAWSResponse.swift: FoundationXML's parser trapped (killing the process) on an element
    /// name holding bytes that are not UTF-8. Such a body is now an XMLParseError.
    @Test func bytesThatAreNotUTF8AreAnErrorNotACrash() {
        let body: [UInt8] =
            [0x3C, 0xFF, 0xFF] + Array("?xml version=\"1.0\"?>\n<Error><Code>AccessD".utf8) + [0xFF, 0xFF]
            + Array("ied</Code></Error>".utf8)
        let error = #expect(throws: XMLParseError.self) { try AWSClients.XMLNode.parse(body) }
        #expect(error?.description.contains("not UTF-8") == true)
    }
}

/// XMLTreeParser, the pure-Swift parser behind `AWSClients.XMLNode.parse` (no libxml2 in the shipped binary): the XML that AWS
/// Query, EC2 and S3 responses use, and the malformed bodies it refuses with a located error.
@Suite struct XMLTreeParserTests {
    /// A DescribeLoadBalancers-shaped response: declaration, default namespace, indentation, entities.
    static let describeResponse = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
          <DescribeLoadBalancersResult>
            <LoadBalancers>
              <member>
                <LoadBalancerName>web &amp; api &lt;prod&gt; &#65;&#x42;</LoadBalancerName>
                <Scheme>internet-facing</Scheme>
              </member>
              <member><LoadBalancerName>second</LoadBalancerName></member>
            </LoadBalancers>
          </DescribeLoadBalancersResult>
          <ResponseMetadata><RequestId>1549581b-12b7-11e3-895e-1334aEXAMPLE</RequestId></ResponseMetadata>
        </DescribeLoadBalancersResponse>

        """

    @Test func awsQueryResponseBuildsTheTree() throws {
        let root = try AWSClients.XMLNode.parse(Array(Self.describeResponse.utf8))
        #expect(root.name == "DescribeLoadBalancersResponse")
        let members = root.path("DescribeLoadBalancersResult")?.list("LoadBalancers") ?? []
        #expect(members.map { $0.string("LoadBalancerName") } == ["web & api <prod> AB", "second"])
        #expect(members.first?.string("Scheme") == "internet-facing")
        #expect(root.find("RequestId")?.text == "1549581b-12b7-11e3-895e-1334aEXAMPLE")
        // An element with children keeps no indentation as text.
        #expect(root.text == "")
    }

    @Test func prefixesAttributesCommentsCDATAAndLineEndings() throws {
        let body = """
            <!-- before --><s3:ListBucketResult xmlns:s3='http://s3.amazonaws.com/doc/2006-03-01/' a="x>y">\
            <s3:Name>logs</s3:Name><Empty/><Key><![CDATA[a<b]]>&quot;c&apos;</Key><?pi data?>\
            <Text>one\r\ntwo\rthree</Text><Kept>  spaced  </Kept></s3:ListBucketResult>
            <!-- after -->
            """
        let root = try AWSClients.XMLNode.parse(Array(body.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.children.map(\.name) == ["Name", "Empty", "Key", "Text", "Kept"])
        #expect(root.string("Name") == "logs")
        #expect(root.string("Empty") == "")
        #expect(root.string("Key") == "a<b\"c'")
        #expect(root.string("Text") == "one\ntwo\nthree")
        #expect(root.string("Kept") == "  spaced  ")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let root = try AWSClients.XMLNode.parse([0xEF, 0xBB, 0xBF] + Array("<Error><Code>X</Code></Error>".utf8))
        #expect(root.string("Code") == "X")
    }

    @Test(
        "malformed bodies are located errors",
        arguments: [
            ("", "no root element", 1, 1),
            ("not xml", "character data before the root element", 1, 1),
            ("<Error><Code>X</Code>", "end of document inside <Error>", 1, 22),
            ("<Error>\n<Code>X</Message></Error>", "end tag </Message> does not match <Code>", 2, 8),
            ("<a/><b/>", "content after the root element", 1, 5),
            ("<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", "document type declarations are not supported", 1, 1),
            ("<a>&x;</a>", "unknown or invalid reference &x;", 1, 4),
            ("<a>&#0;</a>", "unknown or invalid reference &#0;", 1, 4),
            ("<a>&#xD800;</a>", "unknown or invalid reference &#xD800;", 1, 4),
            ("<a>AT&T</a>", "'&' that does not start an entity or character reference", 1, 6),
            ("<a b=\"<\"/>", "'<' in an attribute value", 1, 7),
            ("<a b/>", "expected '='", 1, 5),
            ("<a><!-- open</a>", "unterminated comment", 1, 4),
            ("<a><![CDATA[x</a>", "unterminated CDATA section", 1, 4),
            ("</a>", "end tag </a> without a start tag", 1, 1),
        ] as [(String, String, Int, Int)]
    )
    func malformedBodyIsALocatedError(body: String, reason: String, line: Int, column: Int) {
        let error = #expect(throws: XMLParseError.self) { try AWSClients.XMLNode.parse(Array(body.utf8)) }
        #expect(error == XMLParseError(line: line, column: column, reason: reason))
    }

    /// libxml2 stops at 256 levels; so does XMLTreeParser, so that a hostile body cannot build a tree deep
    /// enough to overflow the stack of the recursive `find`, `==` or deinit.
    @Test func nestingIsBounded() throws {
        let deep = { (n: Int) in String(repeating: "<a>", count: n) + String(repeating: "</a>", count: n) }
        var node = try AWSClients.XMLNode.parse(Array(deep(256).utf8))
        var depth = 1
        while let child = node.children.first {
            node = child
            depth += 1
        }
        #expect(depth == 256)
        let error = #expect(throws: XMLParseError.self) {
            try AWSClients.XMLNode.parse(Array(deep(100_000).utf8))
        }
        #expect(error?.reason == "elements nested deeper than 256")
    }
}

/// The tree XMLTreeParser builds is the one FoundationXML's `XMLParser` built before it (the test binary may link
/// libxml2; the shipped one does not), on AWS-shaped bodies. CDATA (dropped by the old delegate), a document type
/// declaration and a second root element (both accepted by the old one) are the intended differences, tested above.
@Suite struct XMLTreeParserFoundationAgreementTests {
    static let documents: [String] = [
        XMLTreeParserTests.describeResponse,
        "<Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::1:user/x is not authorized</Message></Error>",
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Response><Errors><Error><Code>InvalidParameterValue</Code><Message>a &quot;b&quot; &#x2013; c</Message>\
        </Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>
        """,
        """
        <DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
            <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
            <securityGroupInfo>
                <item><groupId>sg-1</groupId><ipPermissions><item><fromPort>80</fromPort></item></ipPermissions>\
        <emptyList/></item>
            </securityGroupInfo>
        </DescribeSecurityGroupsResponse>
        """,
        "<?xml version=\"1.0\"?>\r\n<!-- c --><a:R xmlns:a='u' z=\"1\"><a:K>x\r\ny</a:K><?p q?><T>  t  </T>tail</a:R>\n",
        "<r>caf\u{E9} \u{1F600} &lt;&gt;&amp;&apos;&quot;</r>",
    ]

    @Test(arguments: documents)
    func sameTreeAsFoundationXML(document: String) throws {
        let bytes = Array(document.utf8)
        let expected = try #require(FoundationTreeBuilder.parse(bytes))
        #expect(try AWSClients.XMLNode.parse(bytes) == expected)
    }
}

/// The FoundationXML delegate that `AWSClients.XMLNode.parse` used before XMLTreeParser.
private final class FoundationTreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [AWSClients.XMLNode] = []
    private var root: AWSClients.XMLNode?

    static func parse(_ bytes: [UInt8]) -> AWSClients.XMLNode? {
        let builder = FoundationTreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.delegate = builder
        return parser.parse() ? builder.root : nil
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        stack.append(AWSClients.XMLNode(name: elementName.split(separator: ":").last.map(String.init) ?? elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard var node = stack.popLast() else { return }
        if !node.children.isEmpty { node.text = node.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }
}
