import ALBDoctor
import ArgumentParser

/// Log inputs shared by commands that read access logs (`records`, `analyze`).
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Access-log files (plain or .gz), directories in the S3 layout, - for stdin; analyze also reads s3://bucket/prefix.",
            valueName: "path"
        )
    )
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only records at or after this time: ISO 8601 (2024-05-01T12:00:00Z) or a duration before now (30m, 2h, 7d).",
            valueName: "time"
        )
    )
    var since: String?

    @Option(help: ArgumentHelp("Only records before this time (same forms as --since).", valueName: "time"))
    var until: String?

    /// Commands check that paths were given (`analyze --evidence` takes none).
    func validate() throws {
        do {
            _ = try selection.window()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The selection handed to the library.
    var selection: InputSelection { InputSelection(paths: paths, since: since, until: until) }
}
