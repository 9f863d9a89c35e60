import Foundation
import Logging
import MCP

/// A transport that, when the client closes its input, ends the message stream only after every request the
/// client sent has been answered.
///
/// The MCP server handles each request in a task of its own and stops reading when its input ends; a client that
/// writes its requests and closes standard input (`printf … | alb-doctor mcp`) would otherwise get no answers,
/// because the process exits before the tasks write them. Requests are tracked by id: an id is pending from the
/// request's arrival until a response with that id is sent. After the input ends the stream stays open until none
/// is pending, or until `drainLimit` has passed (a request that waits on the closed client never ends).
public actor DrainingTransport: Transport {
    /// The transport that carries the bytes.
    public let base: any Transport
    /// The longest wait for pending answers after the input has ended.
    public let drainLimit: Duration
    private var pending: Set<String> = []
    private var drained: [CheckedContinuation<Void, Never>] = []

    /// Wraps `base`; after its input ends, waits at most `drainLimit` for pending answers.
    public init(base: any Transport, drainLimit: Duration = .seconds(900)) {
        self.base = base
        self.drainLimit = drainLimit
    }

    public nonisolated var logger: Logger { Logger(label: "alb-doctor.mcp.transport") }

    public func connect() async throws { try await base.connect() }

    public func disconnect() async { await base.disconnect() }

    public func send(_ data: Data) async throws {
        try await base.send(data)
        // Only a response can end a wait; with nothing pending there is nothing to parse.
        guard !pending.isEmpty else { return }
        for message in Self.messages(in: data) where message.isResponse {
            answered(message.id)
        }
    }

    public func receive() -> AsyncThrowingStream<Data, any Swift.Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
        let task = Task {
            do {
                for try await data in await base.receive() {
                    for message in Self.messages(in: data) {
                        if message.isRequest { received(message.id) }
                        // A cancelled request gets no answer (MCP spec): stop waiting for one.
                        if let cancelled = message.cancelledID { answered(cancelled) }
                    }
                    continuation.yield(data)
                }
                await waitForAnswers()
                continuation.finish()
            } catch {
                await waitForAnswers()
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func received(_ id: String?) {
        if let id { pending.insert(id) }
    }

    private func answered(_ id: String?) {
        guard let id else { return }
        pending.remove(id)
        if pending.isEmpty { releaseWaiters() }
    }

    private func waitForAnswers() async {
        let limit = drainLimit
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.untilDrained() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
            self.releaseWaiters()
        }
    }

    private func untilDrained() async {
        if pending.isEmpty { return }
        await withCheckedContinuation { drained.append($0) }
    }

    private func releaseWaiters() {
        let waiting = drained
        drained = []
        for continuation in waiting { continuation.resume() }
    }

    /// One JSON-RPC message's shape: its id (as text) and whether it is a request or a response.
    struct Envelope {
        var id: String?
        var hasMethod: Bool
        var hasOutcome: Bool
        /// For `notifications/cancelled`, the id of the request the client gave up.
        var cancelledID: String?
        var isRequest: Bool { hasMethod && id != nil }
        var isResponse: Bool { !hasMethod && hasOutcome }
    }

    /// The messages in one frame: a single object or a batch (array).
    static func messages(in data: Data) -> [Envelope] {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            return []
        }
        let objects = (object as? [Any]) ?? [object]
        return objects.compactMap { item in
            guard let dictionary = item as? [String: Any] else { return nil }
            return Envelope(
                id: dictionary["id"].flatMap(identifier),
                hasMethod: dictionary["method"] != nil,
                hasOutcome: dictionary["result"] != nil || dictionary["error"] != nil,
                cancelledID: (dictionary["method"] as? String) == "notifications/cancelled"
                    ? ((dictionary["params"] as? [String: Any])?["requestId"]).flatMap(identifier) : nil
            )
        }
    }

    private static func identifier(_ value: Any) -> String? {
        switch value {
        case let text as String: return "s:" + text
        case let number as NSNumber: return "n:" + number.stringValue
        default: return nil
        }
    }
}
