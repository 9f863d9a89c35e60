import ALBDoctor
import ArgumentParser

/// `--status CODES`: which `elb_status_code` values a report covers. Shared by analyze and demo.
struct StatusOptions: ParsableArguments {
    @Option(
        name: .customLong("status"),
        help: ArgumentHelp(
            "Status codes to explain: 502 (default), a list such as 502,504, a class (5xx, 4xx), or all-elb (every code the load balancer generated).",
            valueName: "codes"
        )
    )
    var text: String?

    /// The parsed selection (`502` when not given).
    var selection: StatusSelection {
        get throws {
            guard let text else { return .default502 }
            do {
                return try StatusSelection(parsing: text)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func validate() throws {
        _ = try selection
    }
}
