/// Which `elb_status_code` values a report covers (`--status`).
///
/// Grammar (comma-separated, case-insensitive): a three-digit code (`502`), a class (`4xx`, `5xx`),
/// or `all-elb` (every 4xx/5xx code the load balancer itself generated at least once in the window).
/// The default is `502`.
public struct StatusSelection: Sendable, Hashable, CustomStringConvertible {
    /// Explicit codes (`502`, `504`).
    public private(set) var codes: Set<Int>
    /// Classes given as `4xx` / `5xx` (the hundreds digit).
    public private(set) var classes: Set<Int>
    /// `all-elb`: every code with at least one load-balancer-generated line.
    public private(set) var allLoadBalancerCodes: Bool

    /// The default selection, `502`.
    public static let default502 = StatusSelection(codes: [502])

    /// Creates a selection.
    public init(codes: Set<Int> = [], classes: Set<Int> = [], allLoadBalancerCodes: Bool = false) {
        self.codes = codes
        self.classes = classes
        self.allLoadBalancerCodes = allLoadBalancerCodes
    }

    /// Parses `--status` text; throws a message naming the bad item and what is expected.
    public init(parsing text: String) throws(StatusSelectionError) {
        var codes: Set<Int> = []
        var classes: Set<Int> = []
        var all = false
        let items = text.lowercased().split(separator: ",", omittingEmptySubsequences: false)
        for raw in items {
            let item = raw.trimmingWhitespace()
            if item == "all-elb" {
                all = true
            } else if item.count == 3, item.hasSuffix("xx"), let d = item.first?.wholeNumberValue, (1...5).contains(d) {
                classes.insert(d)
            } else if item.count == 3, let code = Int(item), (100...599).contains(code) {
                codes.insert(code)
            } else {
                throw StatusSelectionError(text: text, item: String(item))
            }
        }
        self.init(codes: codes, classes: classes, allLoadBalancerCodes: all)
    }

    /// Whether `code` is selected; `loadBalancerGenerated` says whether the load balancer produced
    /// at least one line with that code (used by `all-elb`).
    public func contains(_ code: Int, loadBalancerGenerated: Bool = false) -> Bool {
        if codes.contains(code) || classes.contains(code / 100) { return true }
        return allLoadBalancerCodes && loadBalancerGenerated && code >= 400
    }

    /// Whether this is exactly the default (`502` only).
    public var isDefault: Bool { self == StatusSelection.default502 }

    /// `502`, `5xx,460`, `all-elb`, … (sorted, canonical).
    public var description: String {
        var parts = classes.sorted().map { "\($0)xx" }
        parts += codes.sorted().map(String.init)
        if allLoadBalancerCodes { parts.append("all-elb") }
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
        "--status \(text): '\(item)' is not a status code (e.g. 504), a class (4xx, 5xx) or all-elb; separate several with commas"
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
