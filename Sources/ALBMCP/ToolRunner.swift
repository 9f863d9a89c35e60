import ALBDoctor
import Foundation
import MCP

/// Runs one tool call against the `ALBDoctor` facade, exactly as the matching CLI command does, and turns the
/// outcome into an MCP result: a short summary first, the report JSON as structured content. A failure the CLI
/// would print as `alb-doctor: error: …` becomes a tool error (`isError`) with that text; a cancelled call throws
/// `CancellationError` (the SDK then sends no response, as the specification asks).
struct ToolRunner: Sendable {
    /// The server's flags.
    var configuration: MCPServerConfiguration

    /// Above this many bytes the report JSON is not repeated as text (it stays whole in structured content).
    static let inlineJSONLimit = 32 << 10

    /// Runs `params`; unknown tool names are protocol errors (`invalidParams`), everything else a result.
    func call(_ params: CallTool.Parameters, context: ToolCallContext) async throws -> CallTool.Result {
        guard let name = ToolCatalog.Name(rawValue: params.name) else {
            throw MCPError.invalidParams("Unknown tool: \(params.name)")
        }
        do {
            let arguments = try ToolArguments(
                tool: name.rawValue,
                values: params.arguments,
                known: ToolCatalog.arguments(name)
            )
            let result: CallTool.Result
            switch name {
            case .analyzeLogs: result = try await analyzeLogs(arguments, context: context)
            case .diagnoseLoadBalancer: result = try await diagnose(arguments, context: context)
            case .scanFleet: result = try await scanFleet(arguments)
            case .watchSnapshot: result = try await watchSnapshot(arguments)
            case .recordsQuery: result = try recordsQuery(arguments, context: context)
            case .analyzeCapture: result = try analyzeCapture(arguments, context: context)
            case .probeTarget: result = try await probe(arguments)
            case .explainCause: result = try explainCause(arguments)
            case .iamPolicy: result = try iamPolicy()
            }
            try Task.checkCancellation()
            return result
        } catch let error as ToolError {
            try Task.checkCancellation()
            return CallTool.Result(content: [ToolRunner.text(error.message)], isError: true)
        }
    }

    static func text(_ string: String) -> Tool.Content {
        .text(text: string, annotations: nil, _meta: nil)
    }

    /// A result for a report: the summary, the JSON text when small, the JSON as structured content.
    static func report(_ report: some RenderableReport, extra: [String] = []) throws(ToolError) -> CallTool.Result {
        let json: String
        do {
            json = try ReportOutput.render(report, format: .json, color: .off, environment: [:])
        } catch {
            throw .engine(error)
        }
        return try result(json: json, summary: ReportSummary.text(report, extra: extra))
    }

    /// A result for JSON text already rendered.
    static func result(json: String, summary: String) throws(ToolError) -> CallTool.Result {
        let value: Value
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(json.utf8))
        } catch {
            throw ToolError(message: "alb-doctor: internal error: the report is not JSON (\(error))")
        }
        let size = json.utf8.count
        if size <= inlineJSONLimit {
            return CallTool.Result(
                content: [text(summary), text(json)],
                structuredContent: Value?.some(value),
                isError: false
            )
        }
        let note = "\nThe full report (\(size / 1024) KB of JSON) is the structured content of this result."
        return CallTool.Result(content: [text(summary + note)], structuredContent: Value?.some(value), isError: false)
    }

    /// `region` / `profile` arguments as AWS access options (the endpoint comes from the server's environment).
    static func access(_ arguments: ToolArguments) throws(ToolError) -> AWSAccessOptions {
        AWSAccessOptions(profile: try arguments.string("profile"), region: try arguments.string("region"))
    }

    /// `status` as a selection (default: automatic, as the CLI).
    static func status(_ arguments: ToolArguments) throws(ToolError) -> StatusSelection {
        guard let text = try arguments.string("status") else { return .automatic }
        do {
            return try StatusSelection(parsing: text)
        } catch {
            throw .argument(arguments.tool, "status: \(error.description)")
        }
    }
}
