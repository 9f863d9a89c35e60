/// Minimal ANSI SGR styling that becomes a no-op when colours are off.
struct ANSIStyle: Sendable {
    let enabled: Bool

    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "31") }
    func green(_ s: String) -> String { wrap(s, "32") }
    func yellow(_ s: String) -> String { wrap(s, "33") }
    func cyan(_ s: String) -> String { wrap(s, "36") }

    func emphasis(_ s: String, _ e: ReportEmphasis) -> String {
        switch e {
        case .normal: s
        case .good: green(s)
        case .warning: yellow(s)
        case .bad: red(s)
        case .strong: bold(s)
        }
    }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
