import ALBDiagnosis
import Testing

@Suite struct StatusClassifierTests {
    typealias F = StatusClassifier.Fields

    @Test func ordersTheSignaturesAsDocumented() {
        func id(_ f: F) -> String { StatusClassifier.classify(f).id }
        #expect(id(F(status: 503, targetStatusCode: 503, hasTarget: true, errorReason: "X")) == "target-returned")
        #expect(id(F(status: 500, errorReason: "WAFServiceError", actionsExecuted: "waf-failed")) == "error-reason")
        #expect(id(F(status: 503, actionsExecuted: "fixed-response")) == "fixed-response")
        #expect(id(F(status: 500, matchedRulePriority: -1)) == "rule-evaluation-error")
        #expect(StatusClassifier.classify(F(status: 504, targetStatusCode: 200, hasTarget: true)).code == "200")
        #expect(id(F(status: 503, actionsExecuted: "forward")) == "no-target")
        #expect(id(F(status: 504, hasTarget: true, elapsed: 10.004)) == "connect-timeout")
        #expect(id(F(status: 504, hasTarget: true, elapsed: 60.01)) == "response-timeout")
        #expect(id(F(status: 504, hasTarget: true)) == "response-timeout")
        #expect(
            id(
                F(
                    status: 460,
                    hasTarget: true,
                    requestProcessingTime: -1,
                    targetProcessingTime: -1,
                    responseProcessingTime: -1
                )
            )
                == "not-dispatched"
        )
        #expect(id(F(status: 460, hasTarget: true, requestProcessingTime: 0, targetProcessingTime: 2)) == "no-response")
    }

    @Test func attributesTheSource() {
        #expect(StatusClassifier.source(F(status: 500, targetStatusCode: 500, hasTarget: true)) == .target)
        #expect(StatusClassifier.source(F(status: 503, actionsExecuted: "fixed-response")) == .other)
        #expect(StatusClassifier.source(F(status: 504, targetStatusCode: 200, hasTarget: true)) == .loadBalancer)
        #expect(StatusClassifier.source(F(status: 500, targetStatusCode: 404, hasTarget: true)) == .other)
        #expect(StatusClassifier.source(F(status: 463)) == .loadBalancer)
    }
}
