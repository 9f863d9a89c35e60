/// Rounds seconds to hundredths for messages: `4.98`.
func formatSeconds(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return "\(rounded)"
}
