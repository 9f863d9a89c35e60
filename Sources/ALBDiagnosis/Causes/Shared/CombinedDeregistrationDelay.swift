import ALBAccessLog

/// A target group's `deregistration_delay.timeout_seconds` over time: the current attribute plus the CloudTrail
/// `ModifyTargetGroupAttributes` calls that changed it, so that a deregistration is timed with the delay in
/// effect when it happened rather than today's.
struct CombinedDeregistrationDelay: Sendable {
    static let attribute = "deregistration_delay.timeout_seconds"

    /// One change of the delay.
    struct Change: Sendable, Hashable {
        var time: Int64
        var seconds: Int
        /// The value before, when an earlier change in the window set it.
        var previous: Int?
        var caller: String?

        /// "alice set it from 30 s to 300 s at 13:20".
        var phrase: String {
            "\(caller ?? "an unknown caller") set it \(previous.map { "from \($0) s " } ?? "")to \(seconds) s at \(Phrase.time(time))"
        }
    }

    /// The delay at one instant and where that figure comes from.
    struct InEffect: Sendable, Hashable {
        /// Seconds, nil when CloudTrail shows it was changed only afterwards and the earlier value is not known.
        var seconds: Int?
        /// The change that set it, if one in the window did.
        var setBy: Change?
        /// Changes after the instant (the delay is no longer what it was then).
        var later: [Change]
    }

    /// The changes of the target group's delay, oldest first.
    let changes: [Change]
    /// The attribute as read now (nil when not read).
    let current: Int?

    /// The delay history of `group` (ARN) from `events`.
    init(group: String?, events: [TargetChangeEvent], current: Int?) {
        self.current = current
        var out: [Change] = []
        let relevant = events.filter {
            $0.name == "ModifyTargetGroupAttributes" && $0.targetGroupARN == group && group != nil
        }.sorted { $0.time < $1.time }
        for event in relevant {
            guard let value = event.attributes[Self.attribute], let seconds = Int(value) else { continue }
            out.append(
                Change(
                    time: event.time.microsecondsSinceEpoch,
                    seconds: seconds,
                    previous: out.last?.seconds,
                    caller: event.caller
                )
            )
        }
        changes = out
    }

    /// The delay at `time` (µs): the last change before it, else the current value when nothing changed since.
    func inEffect(at time: Int64) -> InEffect {
        let later = changes.filter { $0.time > time }
        if let setBy = changes.last(where: { $0.time <= time }) {
            return InEffect(seconds: setBy.seconds, setBy: setBy, later: later)
        }
        return InEffect(seconds: later.isEmpty ? current : nil, setBy: nil, later: later)
    }

    /// CloudTrail evidence on the delay's history around a deregistration at `time`, when it was changed in the
    /// window (nil otherwise).
    func evidence(at time: Int64, groupName: String, delay: Int?) -> Evidence? {
        guard !changes.isEmpty else { return nil }
        let state = inEffect(at: time)
        var parts: [String] = []
        if let setBy = state.setBy {
            parts.append(
                "\(Self.attribute) of \(groupName) was \(setBy.seconds) s when the target was deregistered at \(Phrase.time(time)): \(setBy.phrase)\(setBy.previous == nil ? " (ModifyTargetGroupAttributes; the value before is older than the CloudTrail search)" : " (ModifyTargetGroupAttributes)")"
            )
        } else if let delay {
            parts.append(
                "\(Self.attribute) of \(groupName) was about \(delay) s when the target was deregistered at \(Phrase.time(time)) (read from when the burst ended; CloudTrail has no earlier change in its search)"
            )
        } else {
            parts.append(
                "\(Self.attribute) of \(groupName) at the deregistration (\(Phrase.time(time))) is not known: CloudTrail shows it changed only afterwards"
            )
        }
        if !state.later.isEmpty {
            parts.append("afterwards \(Phrase.list(state.later.map(\.phrase)))")
        }
        var details = [
            "attribute": Self.attribute,
            "changes": changes.map {
                "\(Phrase.time($0.time)) \($0.caller ?? "-") \($0.previous.map(String.init) ?? "?")→\($0.seconds)"
            }
            .joined(separator: "; "),
        ]
        if let delay { details["delay_at_deregistration_seconds"] = String(delay) }
        if let current { details["current_seconds"] = String(current) }
        if let setBy = state.setBy { details["set_by"] = setBy.caller ?? "-" }
        return Evidence(
            source: .cloudtrail,
            summary: "CloudTrail: \(parts.joined(separator: "; "))\(current.map { " (now \($0) s)" } ?? "").",
            details: details
        )
    }
}
