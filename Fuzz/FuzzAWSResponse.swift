// libFuzzer target: the AWS response decoders — the XML tree builder (Query/EC2/S3 responses), the
// timestamp parsers, and JSON decoding of the Codable models. Compiled by Scripts/fuzz.sh together with
// the AWSClients files that do not need the network stack (XMLNode, AWSTimestamp, AWSClientError, models).
//
// The first byte picks the decoder.

import Foundation

func walk(_ node: XMLNode, depth: Int) {
    guard depth < 64 else { return }
    _ = AWSTimestamp.parse(node.text)
    _ = AWSTimestamp.parseISO8601(node.text)
    _ = node.int(node.name)
    _ = node.bool(node.name)
    _ = node.list("member")
    _ = node.find("Error")
    for child in node.children { walk(child, depth: depth + 1) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 3 {
    case 0:
        if let root = try? XMLNode.parse(body) { walk(root, depth: 0) }
    case 1:
        _ = try? JSONDecoder().decode([MetricDimension].self, from: Data(body))
        _ = try? JSONSerialization.jsonObject(with: Data(body))
    default:
        let text = String(decoding: body, as: UTF8.self)
        _ = AWSTimestamp.parse(text)
        _ = AWSTimestamp.parseISO8601(text)
        _ = AWSClientError.excerpt(body)
    }
    return 0
}
