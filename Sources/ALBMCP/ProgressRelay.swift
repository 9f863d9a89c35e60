import ALBDoctor
import Foundation
import MCP

/// Turns the engine's progress lines (``ProgressPrinter``) into MCP `notifications/progress` for one request,
/// in order, at most two a second. Without a progress token from the client it sends nothing.
final class ProgressRelay: Sendable {
    /// The printer to hand to the engine.
    let printer: ProgressPrinter
    private let continuation: AsyncStream<String>.Continuation
    private let sender: Task<Void, Never>

    /// A relay sending to `server` under `token`.
    init(server: Server, token: ProgressToken) {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.continuation = continuation
        printer = ProgressPrinter(minimumInterval: 0.5) { text in
            let clean = ProgressRelay.plain(text)
            if !clean.isEmpty { continuation.yield(clean) }
        }
        sender = Task {
            var step = 0
            for await message in stream {
                step += 1
                let parameters = ProgressNotification.Parameters(
                    progressToken: token,
                    progress: Double(step),
                    message: message
                )
                try? await server.notify(ProgressNotification.message(parameters))
            }
        }
    }

    /// A message sent as it is (a step the tool itself announces).
    func step(_ message: String) {
        continuation.yield(message)
    }

    /// Sends what is queued and stops.
    func finish() async {
        continuation.finish()
        await sender.value
    }

    /// The line without the terminal's carriage return and erase-line sequence.
    static func plain(_ text: String) -> String {
        var s = text.replacingOccurrences(of: "\u{1B}[2K", with: "")
        s = s.replacingOccurrences(of: "\r", with: "")
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
