import ALBDiagnosis
import Testing

/// `TriageAggregator.groupName(fromARN:)`: the name of a target group in its ARN, read from bytes.
struct TargetGroupNameTests {
    /// The rule as first written on `String` (the reference the byte version must match).
    static func reference(_ arn: String) -> String {
        guard let range = arn.firstRange(of: "targetgroup/") else { return arn }
        let rest = arn[range.upperBound...]
        return String(rest.split(separator: "/").first ?? rest)
    }

    @Test(arguments: [
        "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
        "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:targetgroup/web-http/6d0ecf831eec9f09",
        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/name-only",
        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup//double/slash",
        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/",
        "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup///",
        "targetgroup/a/b",
        "xtargetgroup/t/u",
        "targetgrou",
        "targetgroup",
        "-",
        "",
        "web-http",
        "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/y",
        "ttargetgroup/tt/targetgroup/other",
        "arn:…:targetgroup/ünï/1",
    ])
    func theNameIsTheSegmentAfterTargetGroup(_ arn: String) {
        #expect(TriageAggregator.groupName(fromARN: arn) == Self.reference(arn))
    }

    @Test func theBytesVersionSaysWhenThereIsNoTargetGroup() {
        var arn = "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/y"
        let none = arn.withUTF8 { TriageAggregator.groupName(fromARN: UnsafeRawBufferPointer($0)) == nil }
        #expect(none)
        var group = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1"
        let name = group.withUTF8 {
            TriageAggregator.groupName(fromARN: UnsafeRawBufferPointer($0)).map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(name == "web")
    }
}
