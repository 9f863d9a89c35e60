import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    @Suite struct LambdaClientTests {
        static func createFunction(_ aws: MotoAWS, name: String) async throws -> String {
            let policy =
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            let role = try await aws.query(
                .iam,
                "CreateRole",
                [("RoleName", "lambda-role"), ("AssumeRolePolicyDocument", policy)]
            )
            let roleARN = try aws.value(role.find("Arn"), "Arn")
            let zip = ZipArchive.make(files: [("index.py", Array("def handler(event, context):\n    return {}\n".utf8))]
            )
            let body = """
                {"FunctionName": "\(name)", "Runtime": "python3.12", "Role": "\(roleARN)", "Handler": "index.handler", \
                "Timeout": 7, "MemorySize": 256, "Code": {"ZipFile": "\(Data(zip).base64EncodedString())"}}
                """
            let response = try await aws.rest(
                .lambda,
                "POST",
                "/2015-03-31/functions",
                body: Array(body.utf8),
                headers: [("Content-Type", "application/json")]
            )
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            return try #require(object?["FunctionArn"] as? String)
        }

        @Test func getsTheConfigurationByNameAndByARN() async throws {
            let aws = try await MotoAWS.fresh()
            let arn = try await Self.createFunction(aws, name: "alb-target-fn")
            let lambda = LambdaClient(core: aws.core)
            let byName = try await lambda.getFunctionConfiguration(function: "alb-target-fn")
            #expect(byName.functionName == "alb-target-fn")
            #expect(byName.functionARN == arn)
            #expect(byName.timeout == 7)
            #expect(byName.memorySize == 256)
            #expect(byName.runtime == "python3.12")
            #expect(byName.subnetIDs.isEmpty)
            #expect(byName.lastModifiedDate != nil)
            let byARN = try await lambda.getFunctionConfiguration(function: arn)
            #expect(byARN.functionName == "alb-target-fn")
        }

        @Test func missingFunctionIsResourceNotFound() async throws {
            let aws = try await MotoAWS.fresh()
            let lambda = LambdaClient(core: aws.core)
            let error = await #expect(throws: AWSServiceError.self) {
                try await lambda.getFunctionConfiguration(function: "nope")
            }
            #expect(error?.code == "ResourceNotFoundException")
            #expect(error?.httpStatus == 404)
            #expect(error?.message.contains("nope") == true)
        }
    }

    @Suite struct STSClientTests {
        @Test func getCallerIdentityAndAssumeRole() async throws {
            let aws = try await MotoAWS.fresh()
            let sts = STSClient(core: aws.core)
            let identity = try await sts.getCallerIdentity()
            #expect(identity.account == "123456789012")
            #expect(identity.arn.hasPrefix("arn:aws:"))
            let credentials = try await sts.assumeRole(
                roleARN: "arn:aws:iam::123456789012:role/diagnose",
                sessionName: "test"
            )
            #expect(credentials.accessKeyID.hasPrefix("ASIA"))
            #expect(credentials.sessionToken?.isEmpty == false)
            #expect(credentials.expiration != nil)
            let web = try await sts.assumeRoleWithWebIdentity(
                roleARN: "arn:aws:iam::123456789012:role/web",
                sessionName: "web",
                webIdentityToken: "eyJ.test.token"
            )
            #expect(web.accessKeyID.hasPrefix("ASIA"))
        }
    }

    @Suite struct ServiceQuotasClientTests {
        @Test func readsAQuotaTheEmulatorKnows() async throws {
            let aws = try await MotoAWS.fresh()
            let quotas = ServiceQuotasClient(core: aws.core)
            let quota = try await quotas.getServiceQuota(serviceCode: "vpc", quotaCode: "L-29B6F2EB")
            #expect(quota.quotaCode == "L-29B6F2EB")
            #expect(quota.value == 50)
            #expect(quota.adjustable == true)
        }

        @Test func lambdaQuotaIsUnknownToTheEmulatorAndSaysSo() async throws {
            let aws = try await MotoAWS.fresh()
            let quotas = ServiceQuotasClient(core: aws.core)
            let error = await #expect(throws: AWSServiceError.self) {
                try await quotas.getServiceQuota(
                    serviceCode: "lambda",
                    quotaCode: ServiceQuotasClient.lambdaConcurrentExecutions
                )
            }
            #expect(error?.code == "NoSuchResourceException")
            #expect(error?.service == "servicequotas")
        }
    }
}
