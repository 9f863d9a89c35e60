/// Bridge to the shared response validator of `PacketCapture` (the same rules as the packet-capture reader).
enum ResponseValidation {
    /// Validates the kept bytes of one response (head plus kept body prefix).
    static func validate(bytes: [UInt8], headLength: Int, bodyComplete: Bool, connectionEnded: Bool) -> [ResponseCheck.Violation] {
        // Filled in from PacketCapture.HTTPResponseHeaderValidator once it is merged (Contract 3).
        []
    }
}
