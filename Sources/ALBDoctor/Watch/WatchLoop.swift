import ALBDiagnosis
import Foundation

/// The `watch` loop: a refresh every `every`, each one written through the display, until Ctrl-C (``WatchStop``),
/// `--until-quiet` (no 5xx for that long) or `--refreshes N`; then the report of the whole watched window.
public struct WatchLoop: Sendable {
    /// Why the loop ended.
    public enum Ending: String, Sendable, Encodable {
        /// Ctrl-C (SIGINT).
        case interrupted
        /// No 5xx for the `--until-quiet` duration.
        case quiet
        /// `--refreshes N` reached.
        case refreshes
    }

    /// When to refresh and when to stop.
    public struct Options: Sendable {
        /// Between two refreshes (`--every`, default 60 s).
        public var every: Duration = .seconds(60)
        /// End once no 5xx was seen for this long (`--until-quiet`).
        public var untilQuiet: Duration?
        /// End after this many refreshes (`--refreshes`).
        public var refreshes: Int?
        /// "Now" (tests may shift it).
        public var clock: @Sendable () -> Date = { Date() }

        /// Creates options.
        public init() {}
    }

    /// The watch.
    public var watch: LoadBalancerWatch
    /// The options.
    public var options: Options

    /// Creates a loop.
    public init(watch: LoadBalancerWatch, options: Options) {
        self.watch = watch
        self.options = options
    }

    /// What the loop ended with.
    public struct Outcome: Sendable {
        /// Why it ended.
        public var ending: Ending
        /// What was read.
        public var state: WatchState
        /// The report of the whole watched window.
        public var report: DiagnoseReport
    }

    /// Runs until stopped, handing each refresh to `show`; throws only when the load balancer cannot be watched
    /// at all (what `diagnose` throws).
    public func run(stop: WatchStop, show: @Sendable (WatchRefresh) -> Void) async throws(DiagnoseError) -> Outcome {
        var state = try await watch.start(at: options.clock())
        var ending = Ending.interrupted
        while true {
            let refresh = await watch.refresh(&state, at: options.clock())
            show(refresh)
            if await stop.isRequested { break }
            if let limit = options.refreshes, state.refreshes >= limit {
                ending = .refreshes
                break
            }
            if let quiet = options.untilQuiet {
                let since = state.lastErrorAt ?? state.start
                if state.end.timeIntervalSince(since) >= Self.seconds(quiet) {
                    ending = .quiet
                    break
                }
            }
            if await stop.wait(upTo: options.every) { break }
        }
        let report = try await watch.finish(state)
        return Outcome(ending: ending, state: state, report: report)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// The request to end a watch: Ctrl-C sets it (``interruptOnSIGINT()``), the loop checks it between refreshes
/// and while it waits.
public actor WatchStop {
    private var requested = false

    /// Creates a stop not yet requested.
    public init() {}

    /// Asks the loop to end after the refresh in progress; asked a second time (a second Ctrl-C while a refresh
    /// waits on AWS), the process ends at once with status 130, without the report.
    public func request() {
        if requested && exitOnSecondRequest { exit(130) }
        requested = true
    }

    /// Whether a second ``request()`` ends the process (only for the SIGINT handler).
    private var exitOnSecondRequest = false

    func requestFromSignal() {
        exitOnSecondRequest = true
        request()
    }

    /// Whether the stop was asked for.
    public var isRequested: Bool { requested }

    /// Waits `duration`, or less when the stop is asked for meanwhile; true when it was.
    public func wait(upTo duration: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: duration)
        while !requested && ContinuousClock.now < deadline {
            let left = deadline - ContinuousClock.now
            try? await Task.sleep(for: min(left, .milliseconds(100)))
        }
        return requested
    }

    /// Makes SIGINT ask for the stop instead of ending the process; returns the source to keep (and cancel).
    public nonisolated func interruptOnSIGINT() -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { Task { await self.requestFromSignal() } }
        source.resume()
        return source
    }
}
