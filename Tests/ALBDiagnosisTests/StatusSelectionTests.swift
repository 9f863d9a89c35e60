import ALBDiagnosis
import Testing

@Suite struct StatusSelectionTests {
    @Test func parsesCodesClassesListsAndAllELB() throws {
        #expect(try StatusSelection(parsing: "502") == .default502)
        #expect(try StatusSelection(parsing: "502").isDefault)
        let list = try StatusSelection(parsing: "502, 504")
        #expect(list.contains(504) && list.contains(502) && !list.contains(503))
        let fives = try StatusSelection(parsing: "5XX")
        #expect(fives.contains(500) && fives.contains(561) && !fives.contains(460))
        let fours = try StatusSelection(parsing: "4xx")
        #expect(fours.contains(460) && fours.contains(464) && !fours.contains(504))
        let all = try StatusSelection(parsing: "all-elb")
        #expect(all.contains(504, loadBalancerGenerated: true))
        #expect(!all.contains(500, loadBalancerGenerated: false))
        #expect(!all.contains(301, loadBalancerGenerated: true))
        #expect(try StatusSelection(parsing: "504,5xx,all-elb").description == "5xx,504,all-elb")
    }

    @Test(arguments: ["", "50", "5044", "abc", "502,,504", "6xx", "999"])
    func rejectsWhatIsNotACodeWithAClearMessage(_ text: String) {
        #expect(throws: StatusSelectionError.self) { try StatusSelection(parsing: text) }
        do {
            _ = try StatusSelection(parsing: text)
        } catch {
            #expect(error.description.contains("--status \(text)"))
            #expect(error.description.contains("4xx, 5xx"))
        }
    }
}
