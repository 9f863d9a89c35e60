import Foundation

/// One case of a SigV4 test suite in the aws-c-auth layout: `context.json`, `request.txt` and the expected files.
struct SigV4TestCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var normalize: Bool
        var signBody: Bool?
        var omitSessionToken: Bool?
        var expirationInSeconds: Int?
        var doubleUriEncode: Bool?
        var payloadHashHeader: Bool?
    }

    struct Request {
        var method: String
        var path: String
        var query: [(name: String, value: String)]
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    var name: String
    var directory: URL
    var context: Context
    var request: Request

    init(suite: String, name: String) throws {
        self.name = name
        directory = try SharedTestData.sigv4Suite(suite).appendingPathComponent(name)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        context = try decoder.decode(
            Context.self,
            from: Data(contentsOf: directory.appendingPathComponent("context.json"))
        )
        request = try Self.parseRequest(Array(Data(contentsOf: directory.appendingPathComponent("request.txt"))))
    }

    func expected(_ file: String) throws -> String? {
        let url = directory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    var date: Date {
        get throws {
            guard let date = ISO8601DateFormatter().date(from: context.timestamp) else {
                throw ParseError(message: "\(name)/context.json: timestamp \(context.timestamp) is not ISO 8601")
            }
            return date
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Parses `request.txt`: request line, `Name:value` headers with folded continuation lines, blank line, body.
    static func parseRequest(_ bytes: [UInt8]) throws -> Request {
        var headEnd = bytes.count
        var bodyStart = bytes.count
        if bytes.count >= 2 {
            for index in 0..<(bytes.count - 1) where bytes[index] == 0x0A && bytes[index + 1] == 0x0A {
                headEnd = index
                bodyStart = index + 2
                break
            }
        }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let requestLine = lines.first, let firstSpace = requestLine.firstIndex(of: " "),
            let versionRange = requestLine.range(of: " HTTP/", options: .backwards)
        else { throw ParseError(message: "bad request line") }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<versionRange.lowerBound])
        var path = target
        var query: [(name: String, value: String)] = []
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            for pair in target[target.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                query.append((name, value))
            }
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(message: "header without colon: \(line)")
            }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        return Request(method: method, path: path, query: query, headers: headers, body: Array(bytes[bodyStart...]))
    }
}
