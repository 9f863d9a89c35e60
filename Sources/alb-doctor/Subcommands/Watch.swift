import ALBDoctor
import ArgumentParser
import Foundation

extension WatchDisplay.Format: ExpressibleByArgument {}

extension ALBDoctorCommand {
    /// `alb-doctor watch`: the `diagnose` view of one load balancer kept live.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Keep the diagnose view of one load balancer live: refresh, say what changed, end with the report.",
            discussion: """
                Every --every (default 60s) reads only what is new: the CloudWatch points since the last refresh, \
                the CloudTrail events, and the access-log objects listed after the last key seen (ALB delivers \
                one per node every five minutes); folds them into the running aggregation and shows what changed \
                (5xx per minute, a cause that appeared or faded, a target that recovered). On a terminal the view \
                is redrawn in place; piped, one line per refresh; --format jsonl writes one JSON object per refresh \
                (schema/watch-refresh.schema.json). Ctrl-C, --until-quiet or --refreshes end it with the report of \
                the whole watched window, the same as `diagnose --start START --end END` over it (Docs/Watch.md).

                Exit status: 0 report printed; 2 no report.
                """
        )

        @Option(
            name: .customLong("load-balancer"),
            help: ArgumentHelp("The load balancer's name or ARN.", valueName: "name|arn")
        )
        var loadBalancer: String

        @Option(
            help: ArgumentHelp(
                "The window starts this long before the first refresh (30m, 2h) or at this ISO 8601 time (default 15m).",
                valueName: "duration|time"
            )
        )
        var since: String?

        @Option(
            help: ArgumentHelp("Time between refreshes: 60s, 5m (default 60s; at least 1s).", valueName: "duration")
        )
        var every = "60s"

        @Option(
            name: .customLong("until-quiet"),
            help: ArgumentHelp("End once no 5xx was seen for this long (15m).", valueName: "duration")
        )
        var untilQuiet: String?

        @Option(help: ArgumentHelp("End after this many refreshes (for scripts).", valueName: "n"))
        var refreshes: Int?

        @Option(
            help:
                "Output: text (live view, then the report), jsonl (one object per refresh), json, markdown or html (refresh lines on standard error, the report on standard output)."
        )
        var format: WatchDisplay.Format = .text

        @Option(
            help: "Colours in the text report: auto (only on a terminal, honours NO_COLOR and TERM=dumb), on or off."
        )
        var color: ColorMode = .auto

        @OptionGroup var status: StatusOptions

        @Option(
            name: .customLong("kube-pods"),
            help: ArgumentHelp(
                "The JSON of `kubectl get pods -A -o json`: names the pods behind the target addresses; repeatable.",
                valueName: "file"
            )
        )
        var kubePods: [String] = []

        @OptionGroup var aws: AWSOptions

        func validate() throws {
            if WatchDisplay.duration(parsing: every) == nil {
                throw ValidationError("--every \(every): expected a duration such as 60s, 5m or 1h.")
            }
            if let untilQuiet, WatchDisplay.duration(parsing: untilQuiet) == nil {
                throw ValidationError("--until-quiet \(untilQuiet): expected a duration such as 15m.")
            }
            if let refreshes, refreshes < 1 { throw ValidationError("--refreshes must be at least 1.") }
            _ = try status.selection
        }

        func run() async throws {
            var options = LoadBalancerWatch.Options(loadBalancer: loadBalancer)
            options.diagnose.since = since
            options.diagnose.aws = aws.access
            options.diagnose.status = try status.selection
            options.diagnose.kubePods = kubePods
            var loop = WatchLoop.Options()
            loop.every = WatchDisplay.duration(parsing: every) ?? .seconds(60)
            loop.untilQuiet = untilQuiet.flatMap(WatchDisplay.duration(parsing:))
            loop.refreshes = refreshes
            let toError = format.refreshesOnStandardError
            let display = WatchDisplay.choose(format: format, every: loop.every, terminal: isatty(toError ? 2 : 1) == 1)
            let stop = WatchStop()
            let interrupt = stop.interruptOnSIGINT()
            defer { interrupt.cancel() }
            let outcome: WatchLoop.Outcome
            do {
                outcome = try await WatchLoop(watch: LoadBalancerWatch(options: options), options: loop).run(
                    stop: stop
                ) { refresh in
                    let text = display.render(refresh)
                    (toError ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
                }
            } catch {
                ReportOutput.writeError("alb-doctor: error: \(error)\n")
                throw ExitCode(2)
            }
            let text: String
            do {
                text = try WatchDisplay.final(outcome, format: format, color: color)
            } catch {
                ReportOutput.writeError("alb-doctor: error: \(error)\n")
                throw ExitCode(2)
            }
            if display.mode == .terminal { FileHandle.standardOutput.write(Data("\n".utf8)) }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
