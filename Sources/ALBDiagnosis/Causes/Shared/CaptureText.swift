/// Figures as the packet-capture evidence of the causes writes them.
enum CaptureText {
    /// `12 of 40 (30%)`.
    static func share(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "\(part)" }
        let percent = Double(part) * 100 / Double(whole)
        let text =
            percent >= 10 || percent == 0 ? String(Int(percent.rounded())) : String(Double(Int(percent * 10)) / 10)
        return "\(part) of \(whole) (\(text)%)"
    }

    /// `a: 3, b: 1` ordered by count then key.
    static func list(_ counts: [String: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key): \($0.value)" }.joined(
            separator: ", "
        )
    }

    /// Seconds with up to three decimals.
    static func seconds(_ value: Double) -> String {
        let millis = (value * 1000).rounded() / 1000
        return millis == millis.rounded() ? "\(Int(millis)) s" : "\(millis) s"
    }
}
