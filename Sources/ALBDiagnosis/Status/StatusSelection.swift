/// Which `elb_status_code` values a report covers (`--status`).
///
/// Grammar (comma-separated, case-insensitive): a three-digit code (`502`), a class (`4xx`, `5xx`),
/// `all-elb` (every 4xx/5xx code the load balancer itself generated at least once in the window) or
/// `target-5xx` (the 5xx codes the targets answered themselves).
///
/// Without `--status` the selection is ``automatic``: the report follows the evidence and explains every code
/// the load balancer generated in the window, the 502s (whoever produced them) and the targets' own 5xx
/// (``resolved(against:)``); logs that hold no other error than 502s get exactly the 502 report.
public struct StatusSelection: Sendable, Hashable, CustomStringConvertible {
    /// Explicit codes (`502`, `504`).
    public private(set) var codes: Set<Int>
    /// Classes given as `4xx` / `5xx` (the hundreds digit).
    public private(set) var classes: Set<Int>
    /// `all-elb`: every code with at least one load-balancer-generated line.
    public private(set) var allLoadBalancerCodes: Bool
    /// `target-5xx`: every 5xx code with at least one line the target answered itself.
    public private(set) var targetGenerated5xx: Bool
    /// No `--status`: resolved against the logs (``resolved(against:)``).
    public private(set) var automatic: Bool

    /// The 502 report (`--status 502`).
    public static let default502 = StatusSelection(codes: [502])

    /// The default without `--status`: the codes the logs hold (``resolved(against:)``).
    public static let automatic = StatusSelection(automatic: true)

    /// Creates a selection.
    public init(
        codes: Set<Int> = [],
        classes: Set<Int> = [],
        allLoadBalancerCodes: Bool = false,
        targetGenerated5xx: Bool = false,
        automatic: Bool = false
    ) {
        self.codes = codes
        self.classes = classes
        self.allLoadBalancerCodes = allLoadBalancerCodes
        self.targetGenerated5xx = targetGenerated5xx
        self.automatic = automatic
    }

    /// The concrete selection for these logs. ``automatic`` becomes every code the load balancer generated,
    /// plus 502 when any line has it (the 502 procedure attributes target 502s too), plus `target-5xx` when the
    /// targets answered 5xx themselves; when that is 502 alone (or nothing), it is exactly ``default502``.
    /// Any other selection is returned as it is.
    public func resolved(against statuses: StatusAggregator) -> StatusSelection {
        guard automatic else { return self }
        var codes = Set(statuses.loadBalancerCodes.map(\.status))
        if (statuses.codes[502]?.count ?? 0) > 0 { codes.insert(502) }
        let target5xx = statuses.codes.contains { status, stats in
            (500...599).contains(status) && status != 502 && (stats.sources[.target] ?? 0) > 0
        }
        if codes.subtracting([502]).isEmpty && !target5xx { return .default502 }
        return StatusSelection(codes: codes, targetGenerated5xx: target5xx)
    }

    /// Parses `--status` text; throws a message naming the bad item and what is expected.
    public init(parsing text: String) throws(StatusSelectionError) {
        var codes: Set<Int> = []
        var classes: Set<Int> = []
        var all = false
        var target = false
        let items = text.lowercased().split(separator: ",", omittingEmptySubsequences: false)
        for raw in items {
            let item = raw.trimmingWhitespace()
            if item == "all-elb" {
                all = true
            } else if item == "target-5xx" {
                target = true
            } else if item.count == 3, item.hasSuffix("xx"), let d = item.first?.wholeNumberValue, (1...5).contains(d) {
                classes.insert(d)
            } else if item.count == 3, let code = Int(item), (100...599).contains(code) {
                codes.insert(code)
            } else {
                throw StatusSelectionError(text: text, item: String(item))
            }
        }
        self.init(codes: codes, classes: classes, allLoadBalancerCodes: all, targetGenerated5xx: target)
    }

    /// Whether `code` is selected; `loadBalancerGenerated` says whether the load balancer produced
    /// at least one line with that code (used by `all-elb`), `targetGenerated` whether a target answered it
    /// itself at least once (used by `target-5xx`).
    public func contains(_ code: Int, loadBalancerGenerated: Bool = false, targetGenerated: Bool = false) -> Bool {
        if codes.contains(code) || classes.contains(code / 100) { return true }
        if targetGenerated5xx && targetGenerated && (500...599).contains(code) { return true }
        return allLoadBalancerCodes && loadBalancerGenerated && code >= 400
    }

    /// Whether `code` is selected, judged on the lines of these logs.
    public func contains(_ code: Int, in statuses: StatusAggregator) -> Bool {
        let sources = statuses.codes[code]?.sources
        return contains(
            code,
            loadBalancerGenerated: (sources?[.loadBalancer] ?? 0) > 0,
            targetGenerated: (sources?[.target] ?? 0) > 0
        )
    }

    /// Whether this is exactly the default (`502` only).
    public var isDefault: Bool { self == StatusSelection.default502 }

    /// `502`, `5xx,460`, `all-elb`, … (sorted, canonical).
    public var description: String {
        var parts = classes.sorted().map { "\($0)xx" }
        parts += codes.sorted().map(String.init)
        if allLoadBalancerCodes { parts.append("all-elb") }
        if targetGenerated5xx { parts.append("target-5xx") }
        if automatic { parts.append("auto") }
        return parts.joined(separator: ",")
    }
}

/// A `--status` value that is not a code, a class or `all-elb`.
public struct StatusSelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole value as given.
    public var text: String
    /// The item that failed.
    public var item: String

    public var description: String {
        "--status \(text): '\(item)' is not a status code (e.g. 504), a class (4xx, 5xx), all-elb or target-5xx; separate several with commas"
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
