import ALBDiagnosis
import Testing

/// `ActionsExecuted.includesFixedResponse`: the same answer as `String.contains`, which it replaces on the hot path.
struct ActionsExecutedTests {
    @Test(arguments: [
        "fixed-response", "waf,fixed-response", "authenticate,fixed-response", "fixed-response,forward", "forward",
        "waf,forward", "", "-", "fixed-respons", "fixed-responsee", "xfixed-response", "fixed–response",
        "waf-failopen,forward", "ffixed-response", "fixed-fixed-response", "ñ,fixed-response",
    ])
    func agreesWithStringContains(_ actions: String) {
        #expect(ActionsExecuted.includesFixedResponse(actions) == actions.contains("fixed-response"))
    }

    @Test func aBridgedOrSubstringStringIsReadToo() {
        let line = "forward,fixed-response,waf"
        let slice = String(line.split(separator: ",")[1])
        #expect(ActionsExecuted.includesFixedResponse(slice))
        #expect(!ActionsExecuted.includesFixedResponse(String(line.prefix(14))))
    }
}
