// libFuzzer target: hostile JSON-RPC frames as `alb-doctor mcp` decodes them. Compiled by Scripts/fuzz.sh as
// one module named MCP from the swift-sdk message files the server's receive loop decodes with (Value, ID,
// Messages, Tools, Progress, …, taken from the resolved package) and ALBMCP's pure argument and path code.
//
// Each input is one frame: decoded as the server does (a request, a response, a notification, or a
// tools/call request), then the tool arguments are read with every accessor and every string is put through
// the path policy. Checks beyond "no crash": a decoded request re-encodes, and a resolved path is absolute.

import Foundation

let policy = PathPolicy(
    configuration: MCPServerConfiguration(allowedDirectories: ["/tmp/fuzz-allowed"], workingDirectory: "/tmp"),
    clientRoots: ["/tmp/fuzz-root"]
)

func readArguments(_ values: [String: Value]?) {
    guard let arguments = try? ToolArguments(tool: "fuzz", values: values, known: Array((values ?? [:]).keys)) else {
        return
    }
    for key in arguments.values.keys {
        _ = try? arguments.string(key)
        _ = try? arguments.strings(key)
        _ = try? arguments.int(key)
        _ = try? arguments.ints(key)
        _ = try? arguments.double(key)
        _ = try? arguments.bool(key, default: false)
        for path in (try? arguments.strings(key)) ?? [] {
            let resolved = PathPolicy.resolve(path, relativeTo: "/tmp")
            precondition(resolved.hasPrefix("/"), "resolved path \(resolved) is not absolute")
            _ = try? policy.check(path, tool: "fuzz")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMCPRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let frame = Data(UnsafeBufferPointer(start: data, count: size))
    let decoder = JSONDecoder()
    if let request = try? decoder.decode(AnyRequest.self, from: frame) {
        precondition((try? JSONEncoder().encode(request)) != nil, "a decoded request does not re-encode")
    }
    _ = try? decoder.decode(AnyResponse.self, from: frame)
    _ = try? decoder.decode(AnyMessage.self, from: frame)
    _ = try? decoder.decode([Value].self, from: frame)
    if let call = try? decoder.decode(Request<CallTool>.self, from: frame) {
        readArguments(call.params.arguments)
        _ = call.params._meta?.progressToken
    }
    return 0
}
