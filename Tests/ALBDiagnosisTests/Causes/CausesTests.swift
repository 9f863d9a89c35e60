import Testing

@testable import ALBDiagnosis

@Suite struct CausesTests {
    @Test func everyCauseIDHasItsCauseOnce() {
        #expect(Causes.all.map(\.id) == CauseID.allCases)
        for id in CauseID.allCases {
            let cause = id.cause
            #expect(cause.id == id)
            #expect(!cause.title.isEmpty)
            #expect(id.displayName == cause.title)
            // Only the findings of the health-check and connection logs that explain no error (count 0) have no code.
            #expect(!cause.statusCodes.isEmpty || Self.noStatus.contains(id), "\(id.rawValue) explains no status code")
        }
    }

    /// The causes that answer no status code: they report what the health-check and connection logs show.
    static let noStatus: Set<CauseID> = [.healthCheckMisconfigured, .targetFlapping, .clientCertificateRejected]

    @Test func every502CauseIsListedForStatus502AndTheStatusCausesForTheirCodes() {
        let statusIDs = Set(StatusCauseRules.all.map(\.id))
        #expect(
            Causes.explaining(status: 502).map(\.id)
                == CauseID.allCases.filter { !statusIDs.contains($0) && !Self.noStatus.contains($0) }
        )
        #expect(
            Causes.explaining(status: 504).map(\.id) == [
                .targetResponseTimeout, .targetConnectTimeout, .targetBodyShorterThanContentLength,
                .lambdaConnectTimeout, .targetTLSHandshakeTimeout, .targetApplicationError,
            ]
        )
        #expect(Causes.explaining(status: 463).map(\.id) == [.xffTooManyAddresses, .targetApplicationError])
        #expect(Causes.explaining(status: 302).isEmpty)
    }

    @Test func aCauseWithAProbeOutcomeIsProbeable() {
        for cause in Causes.all where cause.probeOutcome != nil {
            #expect(cause.probeable, "\(cause.id.rawValue)")
        }
        #expect(ProbeMerge.probeableCauses.contains(.targetDeregistered))
        #expect(!ProbeMerge.probeableCauses.contains(.lambdaThrottled))
    }

    @Test func confirmationMovesHalfWayAndNeverDownOrToCertainty() {
        #expect(EvidenceMerge.confirmed(0.6, by: 0.7) == 0.8)
        #expect(EvidenceMerge.confirmed(0.6, by: 0.95) == 0.95)
        #expect(EvidenceMerge.confirmed(0.9, by: 0.5) == 0.95)
        #expect(EvidenceMerge.confirmed(0.98, by: 1) == 0.99)
        #expect(EvidenceMerge.confirmed(1, by: 0.2) == 1)
        #expect(EvidenceMerge.contradicted(0.8) == 0.48)
    }
}
