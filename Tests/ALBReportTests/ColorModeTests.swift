import ALBReport
import Testing

@Suite struct ColorModeTests {
    @Test(arguments: [
        (ColorMode.auto, true, [String: String](), true),
        (.auto, false, [:], false),
        (.auto, true, ["NO_COLOR": "1"], false),
        (.auto, true, ["NO_COLOR": ""], true),
        (.auto, true, ["TERM": "dumb"], false),
        (.auto, true, ["TERM": "xterm-256color"], true),
        (.on, false, ["NO_COLOR": "1", "TERM": "dumb"], true),
        (.off, true, [:], false),
    ])
    func decides(mode: ColorMode, tty: Bool, env: [String: String], expected: Bool) {
        #expect(mode.isEnabled(isTTY: tty, environment: env) == expected)
    }

    @Test func formatsAndModesParseFromTheirNames() {
        #expect(ReportFormat(rawValue: "markdown") == .markdown)
        #expect(ColorMode(rawValue: "auto") == .auto)
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "markdown", "html"])
    }
}
