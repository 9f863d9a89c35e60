import ALBDoctor
import ArgumentParser

/// `--status CODES`: which `elb_status_code` values a report covers. Shared by analyze and demo.
struct StatusOptions: ParsableArguments {
    @Option(
        name: .customLong("status"),
        help: ArgumentHelp(
            "Status codes to explain: 502, a list such as 502,504, a class (5xx, 4xx), all-elb (every code the load balancer generated) or target-5xx (the targets' own 5xx). Default: every code the load balancer generated in the logs, the 502s and the targets' own 5xx; logs with no other error than 502s get the 502 report.",
            valueName: "codes"
        )
    )
    var text: String?

    /// The parsed selection (``StatusSelection/automatic`` when not given: the codes the logs hold).
    var selection: StatusSelection {
        get throws {
            guard let text else { return .automatic }
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
