import ALBDiagnosis
import Foundation

/// What `diagnose --save-evidence DIR` writes to `DIR/evidence.json` (the access logs read go to `DIR/logs/`),
/// so that `diagnose --evidence DIR` reproduces the diagnosis offline.
public struct EvidenceBundle: Sendable, Codable {
    /// Format version of this file.
    public static let currentVersion = 1

    /// `1`.
    public var version: Int
    /// Load balancer name.
    public var loadBalancer: String
    /// Its ARN, when known.
    public var arn: String?
    /// Region.
    public var region: String
    /// What was gathered (lines of the report).
    public var gathered: [String]
    /// Configuration, metrics, CloudTrail, what was missing.
    public var inputs: EvidenceInputs
    /// Where the logs came from originally.
    public var logSources: [String]

    enum CodingKeys: String, CodingKey {
        case version
        case loadBalancer = "load_balancer"
        case arn, region, gathered, inputs
        case logSources = "log_sources"
    }

    /// `DIR/evidence.json`.
    public static func file(in directory: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent("evidence.json")
    }

    /// `DIR/logs`.
    public static func logs(in directory: String) -> URL {
        URL(fileURLWithPath: directory).appendingPathComponent("logs")
    }

    /// Writes the bundle (pretty, sorted keys).
    func write(to directory: String) throws(DiagnoseError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try encoder.encode(self).write(to: Self.file(in: directory))
        } catch {
            throw .evidence("cannot write \(Self.file(in: directory).path): \(error.localizedDescription)")
        }
    }

    /// Reads `DIR/evidence.json`.
    static func read(from directory: String) throws(DiagnoseError) -> EvidenceBundle {
        let url = Self.file(in: directory)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .evidence(
                "cannot read \(url.path): \(error.localizedDescription) (write it with diagnose --save-evidence \(directory))"
            )
        }
        // The version first: a bundle from a newer alb-doctor may not decode as this one's.
        struct Versioned: Decodable { var version: Int }
        if let version = try? JSONDecoder().decode(Versioned.self, from: data).version, version != currentVersion {
            throw .evidence(
                "\(url.path) has version \(version); this alb-doctor reads version \(currentVersion)\(version > currentVersion ? " (it was written by a newer alb-doctor: replay it with that one)" : "")"
            )
        }
        do {
            let bundle = try JSONDecoder().decode(EvidenceBundle.self, from: data)
            guard bundle.version == currentVersion else {
                throw DiagnoseError.evidence("\(url.path): version \(bundle.version), expected \(currentVersion)")
            }
            return bundle
        } catch let error as DiagnoseError {
            throw error
        } catch {
            throw .evidence("\(url.path) is not an evidence file: \(error)")
        }
    }
}
