import Testing

@testable import ALBWire

@Suite struct ELBSecurityPolicyTests {
    @Test func policy2016_08HasNoTLS13AndEighteenSuites() throws {
        let policy = try #require(ELBSecurityPolicy.named("ELBSecurityPolicy-2016-08"))
        #expect(policy.versions == [.tls10, .tls11, .tls12])
        #expect(policy.cipherSuites.count == 18)
        #expect(!policy.allows(.tls13))
        #expect(policy.allows(cipherSuite: 0xC02F))
        #expect(!policy.allows(cipherSuite: 0x1301))
        #expect(policy.openSSLCipherList.hasPrefix("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"))
        #expect(policy.openSSLTLS13CipherSuites.isEmpty)
    }

    @Test func tls13BackEndPolicy() throws {
        let policy = try #require(ELBSecurityPolicy.named("TLS13-1-0-2021-06"))
        #expect(policy.versions == [.tls10, .tls11, .tls12, .tls13])
        #expect(policy.allows(cipherSuite: 0x1301))
        #expect(
            policy.openSSLTLS13CipherSuites
                == "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
        )
    }

    @Test func everyPolicySuiteResolvesInTheCipherTable() {
        for policy in ELBSecurityPolicy.all {
            #expect(!policy.cipherSuites.isEmpty, "\(policy.name)")
            for suite in policy.cipherSuites {
                #expect(TLSCipherSuite.named(code: suite.code) == suite)
                #expect(TLSCipherSuite.named(suite.ianaName) == suite)
            }
        }
        #expect(Set(ELBSecurityPolicy.all.map(\.name)).count == ELBSecurityPolicy.all.count)
    }

    @Test func cipherTableCodesAndNamesAreUnique() {
        #expect(Set(TLSCipherSuite.all.map(\.code)).count == TLSCipherSuite.all.count)
        #expect(Set(TLSCipherSuite.all.map(\.ianaName)).count == TLSCipherSuite.all.count)
        #expect(TLSCipherSuite.named("ECDHE-RSA-AES128-GCM-SHA256")?.code == 0xC02F)
        #expect(TLSCipherSuite.describe(code: 0xBEEF).openSSLName == "0xBEEF")
    }

    @Test func backEndPolicyFollowsTheListenerPolicy() {
        #expect(ELBSecurityPolicy.backEndPolicy(forListenerPolicy: nil).name == "ELBSecurityPolicy-2016-08")
        #expect(
            ELBSecurityPolicy.backEndPolicy(forListenerPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06").name
                == "ELBSecurityPolicy-TLS13-1-0-2021-06"
        )
        #expect(
            ELBSecurityPolicy.backEndPolicy(forListenerPolicy: "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04").name
                == "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04"
        )
        #expect(
            ELBSecurityPolicy.backEndPolicy(forListenerPolicy: "ELBSecurityPolicy-FS-1-2-Res-2020-10").name
                == "ELBSecurityPolicy-2016-08"
        )
    }

    @Test func unknownNameIsNil() {
        #expect(ELBSecurityPolicy.named("ELBSecurityPolicy-Nope") == nil)
    }
}
