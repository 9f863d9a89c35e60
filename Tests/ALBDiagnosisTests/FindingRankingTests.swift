import ALBDiagnosis
import Testing

@Suite struct FindingRankingTests {
    @Test func impactIsCountTimesConfidence() {
        #expect(Finding(id: .targetKeepaliveTimeout, confidence: 0.6, count: 180).impact == 108)
        #expect(Finding(id: .targetUnreachable, confidence: 0.9, count: 0).impact == 0)
    }

    /// The demo's case: a small, certain Lambda cause against bigger, uncertain ones.
    @Test func biggerLikelyProblemFirst() {
        let lambda = Finding(id: .lambdaUnhandled, confidence: 0.9, count: 45)
        let keepAlive = Finding(id: .targetKeepaliveTimeout, confidence: 0.6, count: 150)
        let refused = Finding(id: .targetRefusedConnection, confidence: 0.6, count: 140)
        let application = Finding(id: .targetApplication502, confidence: 0.95, count: 140)
        let ranked = Finding.ranked([lambda, keepAlive, refused, application])
        // 133, 90, 84, 40.5
        #expect(
            ranked.map(\.id) == [
                .targetApplication502, .targetKeepaliveTimeout, .targetRefusedConnection, .lambdaUnhandled,
            ]
        )
    }

    @Test func uncountedFindingsFollowByConfidence() {
        let probeHigh = Finding(id: .targetTLSHandshakeFailed, confidence: 0.9, count: 0)
        let probeLow = Finding(id: .targetUnreachable, confidence: 0.5, count: 0)
        let counted = Finding(id: .targetMalformedResponse, confidence: 0.3, count: 2)
        #expect(
            Finding.ranked([probeLow, probeHigh, counted]).map(\.id) == [
                .targetMalformedResponse, .targetTLSHandshakeFailed, .targetUnreachable,
            ]
        )
    }

    @Test func tiesBreakOnConfidenceThenCountThenID() {
        let a = Finding(id: .lambdaError, confidence: 0.5, count: 20)  // impact 10
        let b = Finding(id: .lambdaThrottled, confidence: 1, count: 10)  // impact 10, more confident
        let c = Finding(id: .targetDeregistered, confidence: 0.5, count: 20)  // same as a, later id
        #expect(Finding.ranked([c, a, b]).map(\.id) == [.lambdaThrottled, .targetDeregistered, .lambdaError])
    }
}
