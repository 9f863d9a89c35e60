import ALBDoctor
import ArgumentParser

/// Options shared by every command that calls AWS.
struct AWSOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "AWS profile from ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE or 'default').",
            valueName: "name"
        )
    )
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).",
            valueName: "region"
        )
    )
    var region: String?

    @Option(
        name: .customLong("endpoint-url"),
        help: ArgumentHelp(
            "Send every AWS call to this endpoint (e.g. http://127.0.0.1:5000 for moto).",
            valueName: "url"
        )
    )
    var endpointURL: String?

    /// The library's view of these options.
    var access: AWSAccessOptions {
        AWSAccessOptions(profile: profile, region: region, endpointURL: endpointURL)
    }
}
