import ALBDiagnosis
import ALBSamples
import Testing

/// The generated samples' non-502 traffic, analysed by the real engine and status causes, matches
/// the manifest's ground truth exactly: counts, attribution and signatures per code, and every
/// injected cause with its exact count.
@Suite struct StatusSampleDataTests {
    static var set: SampleLogSet { SampleDataTests.set }
    static var logs: TriageAggregator { SampleDataTests.analysed.logs }

    static let findings: [Finding] = Finding.ranked(
        StatusCauseRules.findings(
            StatusCauseContext(
                statuses: SampleDataTests.analysed.logs.statuses,
                selection: StatusSelection(classes: [4, 5])
            )
        )
    )

    @Test func everyCodeSourceAndSignatureIsExact() {
        let truth = Self.set.manifest.statuses
        #expect(Set(truth.map(\.status)).isSuperset(of: [460, 463, 464, 500, 503, 504, 561]))
        for t in truth {
            let stats = Self.logs.statuses.codes[t.status]
            #expect(stats?.count == t.count, "status \(t.status)")
            #expect(stats?.sources[.loadBalancer] ?? 0 == t.source.loadBalancer, "status \(t.status)")
            #expect(stats?.sources[.target] ?? 0 == t.source.target, "status \(t.status)")
            #expect(stats?.sources[.other] ?? 0 == t.source.other, "status \(t.status)")
            let got = Self.logs.statuses.signatures(of: t.status).sorted { $0.signature < $1.signature }.map {
                StatusTruth.SignatureCount(id: $0.signature.id, code: $0.signature.code, count: $0.stats.count)
            }
            #expect(got == t.signatures, "status \(t.status)")
        }
    }

    @Test func everyInjectedCauseIsFoundWithItsExactCount() {
        var expectedIDs: Set<CauseID> = []
        for t in Self.set.manifest.statuses {
            for c in t.causes {
                expectedIDs.insert(c.id)
                let f = Self.findings.first { $0.id == c.id && $0.status == t.status }
                #expect(f?.count == c.count, "\(t.status) \(c.id.rawValue)")
            }
        }
        let statusCauses: Set<CauseID> = Set(StatusCauseRules.all.map(\.id))
        #expect(expectedIDs == statusCauses)
        #expect(Set(Self.findings.map(\.id)) == statusCauses)
    }

    @Test func theRightTopLoadBalancerCausePerCode() {
        func top(_ status: Int) -> CauseID? {
            Self.findings.first { $0.status == status && $0.id != .targetApplicationError }?.id
        }
        #expect(top(504) == .targetResponseTimeout)
        #expect(top(503) == .noRegisteredTargets)
        // Ranked by impact (count × confidence): 21 authentication errors at 0.90 before 12 WAF errors at 0.95.
        #expect(top(500) == .authenticationError)
        #expect(top(460) == .clientClosedEarly)
        #expect(top(463) == .xffTooManyAddresses)
        #expect(top(464) == .incompatibleProtocolVersion)
        #expect(top(561) == .idpUnauthorized)
        let response = Self.findings.first { $0.id == .targetResponseTimeout }
        #expect(response?.evidence.contains { $0.details["idle_timeout_seconds"] == "60" } == true)
        #expect(
            response?.evidence.contains {
                $0.details["path"] == "/reports/export" && $0.summary.contains("slow by nature")
            } == true
        )
        #expect(
            Self.findings.first { $0.id == .targetConnectTimeout }?.evidence.contains {
                $0.details["top_target"] == "10.0.5.12:8080"
            } == true
        )
        #expect(
            Self.findings.first { $0.id == .clientClosedEarly }?.evidence.contains {
                $0.details["client_timeout_seconds"] == "30"
            } == true
        )
    }
}
