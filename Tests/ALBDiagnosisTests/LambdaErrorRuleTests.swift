import ALBDiagnosis
import Testing

@Suite struct LambdaErrorRuleTests {
    @Test func everyOtherDocumentedCodeIsALambdaError() {
        let codes = LambdaErrorCatalog.entries.filter { $0.cause == .lambdaError }.map(\.code)
        #expect(codes.count == 23)
        var lines = healthy(200, targets: webTargets)
        for (i, code) in codes.enumerated() {
            lines.append(.lambda(code, at: Double(i) * 10))
            lines.append(.lambda(code, at: Double(i) * 10 + 1))
        }
        lines.append(.lambda("LambdaSomethingNew", at: 500))
        let d = diagnose(lines)
        let f = d.finding(.lambdaError)
        #expect(f?.count == codes.count * 2 + 1)
        #expect(f?.evidence.count == codes.count + 1)
        #expect(f?.evidence.contains { $0.details["code"] == "LambdaSomethingNew" } == true)
        #expect(d.finding(.lambdaThrottled) == nil)
        #expect(d.finding(.lambdaUnhandled) == nil)
        // Every code keeps its own signature.
        for code in codes {
            #expect(d.context.logs.count(of: Signature(.lambdaError, code: code)) == 2)
        }
    }

    @Test func catalogMapsTheThreeSpecialCodes() {
        #expect(LambdaErrorCatalog.cause(of: "LambdaResponseTooLarge") == .lambdaResponseTooLarge)
        #expect(LambdaErrorCatalog.cause(of: "LambdaUnhandled") == .lambdaUnhandled)
        #expect(LambdaErrorCatalog.cause(of: "LambdaThrottling") == .lambdaThrottled)
        #expect(LambdaErrorCatalog.cause(of: "LambdaInvalidResponse") == .lambdaError)
        #expect(LambdaErrorCatalog.entries.count == 26)
    }
}
