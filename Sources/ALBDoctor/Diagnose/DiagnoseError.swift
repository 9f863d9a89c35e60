/// Why `diagnose` could not produce a report at all (missing evidence never is such a reason).
public enum DiagnoseError: Error, Sendable, CustomStringConvertible {
    /// `--since` / `--start` / `--end` could not be read, or the window is empty.
    case window(String)
    /// The load balancer does not exist in this account and region.
    case notFound(loadBalancer: String, region: String)
    /// AWS settings could not be resolved (no region, no credentials, bad profile).
    case aws(String)
    /// `--logs` paths could not be read.
    case logs(String)
    /// `--save-evidence` / `--evidence` failed.
    case evidence(String)

    public var description: String {
        switch self {
        case .window(let message): "time window: \(message)"
        case .notFound(let name, let region):
            "load balancer '\(name)' not found in region \(region) (check --region and the name; an ARN works too)"
        case .aws(let message): message
        case .logs(let message): "--logs: \(message)"
        case .evidence(let message): "evidence: \(message)"
        }
    }
}
