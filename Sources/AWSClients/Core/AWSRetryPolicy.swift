import Foundation

/// Retry behaviour of the SDKs' "standard" mode: up to `maxAttempts` attempts in total; throttling, 5xx,
/// transient errors and connection failures are retried after an exponential backoff with full jitter
/// (`random(0, 1) × base × 2^(attempt−1)`, capped at `maxBackoff`).
public struct AWSRetryPolicy: Sendable {
    /// Total attempts including the first (the SDK default is 3; `AWS_MAX_ATTEMPTS` / `max_attempts` override).
    public var maxAttempts: Int
    /// The backoff base in seconds (1 s in the SDKs).
    public var baseDelay: Double
    /// The cap of one backoff, in seconds (20 s in the SDKs).
    public var maxBackoff: Double
    /// A source of uniform random numbers in `0..<1` (injected so tests can pin it).
    public var random: @Sendable () -> Double

    /// Creates a policy.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Double = 1,
        maxBackoff: Double = 20,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.random = random
    }

    /// The standard policy, honouring `AWS_MAX_ATTEMPTS` and then the profile's `max_attempts`.
    public static func standard(environment: AWSEnvironment, profile: [String: String]?) -> AWSRetryPolicy {
        let attempts = environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? profile?["max_attempts"].flatMap(Int.init)
        return AWSRetryPolicy(maxAttempts: attempts ?? 3)
    }

    /// The delay before attempt `attempt + 1`, after `attempt` failed (1-based).
    public func delay(afterAttempt attempt: Int) -> Double {
        let exponential = baseDelay * pow(2, Double(max(0, attempt - 1)))
        return min(random() * exponential, maxBackoff)
    }
}
