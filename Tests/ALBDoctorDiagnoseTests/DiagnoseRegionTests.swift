import ALBDoctor
import Testing

/// The region `diagnose` calls AWS in: a load balancer ARN names it.
@Suite struct DiagnoseRegionTests {
    static let arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web-prod/50dc6c495c0c9188"

    @Test func anARNSetsTheRegionUnlessGiven() throws {
        let options = DiagnoseRun.Options(loadBalancer: Self.arn)
        #expect(try DiagnoseRun(options: options).accessOptions().region == "eu-west-1")
        var named = DiagnoseRun.Options(loadBalancer: "web-prod")
        named.aws.region = "us-east-2"
        #expect(try DiagnoseRun(options: named).accessOptions().region == "us-east-2")
        #expect(try DiagnoseRun(options: DiagnoseRun.Options(loadBalancer: "web-prod")).accessOptions().region == nil)
    }

    @Test func aDifferentRegionOrABadARNIsAClearError() {
        var options = DiagnoseRun.Options(loadBalancer: Self.arn)
        options.aws.region = "us-east-1"
        #expect {
            try DiagnoseRun(options: options).accessOptions()
        } throws: { error in
            "\(error)".contains("--region us-east-1 differs from the load balancer ARN's region eu-west-1")
        }
        let bad = DiagnoseRun.Options(loadBalancer: "arn:aws:s3:::my-bucket")
        #expect {
            try DiagnoseRun(options: bad).accessOptions()
        } throws: { error in
            "\(error)".contains("is not a load balancer ARN")
        }
    }
}
