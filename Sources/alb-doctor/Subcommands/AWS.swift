import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// AWS access helpers.
    struct AWS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "aws",
            abstract: "Check the AWS identity, region and credentials alb-doctor will use.",
            subcommands: [WhoAmI.self]
        )
    }
}

extension ALBDoctorCommand.AWS {
    /// Prints the caller identity and how profile, region and credentials were resolved.
    struct WhoAmI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami",
            abstract: "Show the AWS account, identity, profile, region and credential source in use (secrets masked).",
            discussion: """
                Credentials, region and endpoints are resolved exactly as the AWS CLI does (environment, \
                shared config and credentials files, credential_process, assume-role, web identity, container \
                and instance metadata), then checked with STS GetCallerIdentity, which needs no IAM permission.
                """
        )

        @OptionGroup var aws: AWSOptions

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() async throws {
            let report = try await AWSWhoAmI(options: aws.access).run()
            print(json ? report.json : report.text, terminator: "")
        }
    }
}
