import Testing

@testable import AWSClients

@Suite struct EndpointResolutionTests {
    @Test func precedenceOfEndpointSettings() throws {
        let env = ["AWS_ENDPOINT_URL": "http://127.0.0.1:1111", "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:2222"]
        let resolver = AWSEndpointResolver(environment: env, profileEndpoint: "http://127.0.0.1:3333")
        #expect(try resolver.endpoint(for: .s3, region: "us-east-1").endpoint.description == "http://127.0.0.1:2222")
        #expect(try resolver.endpoint(for: .elbv2, region: "us-east-1").endpoint.description == "http://127.0.0.1:1111")
        #expect(try resolver.endpoint(for: .elbv2, region: "us-east-1").custom)

        var cli = resolver
        cli.commandLineOverride = "http://127.0.0.1:4444"
        #expect(try cli.endpoint(for: .s3, region: "us-east-1").endpoint.description == "http://127.0.0.1:4444")

        let profileOnly = AWSEndpointResolver(environment: [:], profileEndpoint: "http://127.0.0.1:3333")
        #expect(try profileOnly.endpoint(for: .lambda, region: "us-east-1").endpoint.port == 3333)

        let ignoring = AWSEndpointResolver(
            environment: env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 },
            profileEndpoint: "http://127.0.0.1:3333"
        )
        let standard = try ignoring.endpoint(for: .cloudWatch, region: "eu-west-1")
        #expect(standard.endpoint.description == "https://monitoring.eu-west-1.amazonaws.com")
        #expect(standard.custom == false)
        #expect(
            AWSEndpoint.standard(service: .serviceQuotas, region: "cn-north-1").host
                == "servicequotas.cn-north-1.amazonaws.com.cn"
        )

        let variableName = "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"
        let elbOnly = AWSEndpointResolver(environment: [variableName: "http://127.0.0.1:5555"])
        #expect(try elbOnly.endpoint(for: .elbv2, region: "us-east-1").endpoint.port == 5555)
        #expect(try elbOnly.endpoint(for: .ec2, region: "us-east-1").custom == false)

        let bad = AWSEndpointResolver(environment: ["AWS_ENDPOINT_URL": "localhost:5000"])
        let error = #expect(throws: AWSClientError.self) { try bad.endpoint(for: .sts, region: "us-east-1") }
        #expect(error?.message.contains("AWS_ENDPOINT_URL") == true)
    }

    func core(_ resolver: AWSEndpointResolver) -> AWSHTTPClient {
        AWSHTTPClient(
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "A", secretAccessKey: "S")),
            region: "eu-west-1",
            endpoints: resolver
        )
    }

    @Test func s3AddressingStyles() throws {
        let request = AWSRequest(
            operation: "GetObject",
            iamAction: "s3:GetObject",
            method: "GET",
            path: "/a/b.log.gz",
            s3Bucket: "alb-logs",
            errorProtocol: .restXML
        )
        let virtual = try core(AWSEndpointResolver()).target(request, service: .s3)
        #expect(virtual.endpoint.host == "alb-logs.s3.eu-west-1.amazonaws.com")
        #expect(virtual.path == "/a/b.log.gz")

        let forcedPath = try core(AWSEndpointResolver(s3AddressingStyle: .path)).target(request, service: .s3)
        #expect(forcedPath.endpoint.host == "s3.eu-west-1.amazonaws.com")
        #expect(forcedPath.path == "/alb-logs/a/b.log.gz")

        let emulator = try core(AWSEndpointResolver(commandLineOverride: "http://127.0.0.1:5055")).target(
            request,
            service: .s3
        )
        #expect(emulator.endpoint.hostHeader == "127.0.0.1:5055")
        #expect(emulator.path == "/alb-logs/a/b.log.gz")

        var dotted = request
        dotted.s3Bucket = "logs.example.com"
        #expect(try core(AWSEndpointResolver()).target(dotted, service: .s3).path == "/logs.example.com/a/b.log.gz")
        #expect(S3Client.keyPath("AWSLogs/odd prefix+x=y/é.log.gz") == "/AWSLogs/odd%20prefix%2Bx%3Dy/%C3%A9.log.gz")
    }

    @Test func iniFileParsing() throws {
        let text =
            "; comment\n[profile a]\nregion = us-east-1\ns3 =\n  addressing_style = virtual\n[profile a]\noutput=json\n"
        let file = try INIFile.parse(text, path: "cfg")
        #expect(file.sections.count == 1)
        #expect(
            file.section("profile a")?.values == [
                "region": "us-east-1", "s3": "", "s3.addressing_style": "virtual", "output": "json",
            ]
        )
        let error = #expect(throws: AWSClientError.self) { try INIFile.parse("key = value\n", path: "cfg") }
        #expect(error?.message.hasPrefix("cfg:1:") == true)
        let unterminated = #expect(throws: AWSClientError.self) { try INIFile.parse("\n[profile x\n", path: "cfg") }
        #expect(unterminated?.message.hasPrefix("cfg:2:") == true)
    }
}
