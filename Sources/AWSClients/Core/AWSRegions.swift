/// The AWS regions `scan --all-regions` visits.
public enum AWSRegions {
    /// The commercial regions enabled by default in every account (opt-in regions such as `af-south-1` or
    /// `me-south-1` are left out: a call there answers `UnrecognizedClientException` unless the account opted in;
    /// name them with `--region`).
    public static let defaultEnabled: [String] = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "ca-central-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1",
        "sa-east-1",
    ]
}
