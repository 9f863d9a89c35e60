import ALBDiagnosis
import Foundation
import Testing

/// The lists of causes kept outside the code — the JSON schema's enums, the README's stable ids, the cause
/// table of Docs/Triage.md — against the registry (``CauseID``), so that a new cause cannot be left out of
/// them and a removed one cannot linger.
@Suite struct CauseListDriftTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var ids: [String] { CauseID.allCases.map(\.rawValue) }

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theSchemaEnumsAreTheRegistry() throws {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("schema/analyze-report.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        let cause = try #require(defs["cause"] as? [String: Any])
        let properties = try #require(cause["properties"] as? [String: Any])
        let id = try #require(properties["id"] as? [String: Any])
        #expect(id["enum"] as? [String] == Self.ids)
        let alternatives = try #require(properties["alternatives"] as? [String: Any])
        let items = try #require(alternatives["items"] as? [String: Any])
        #expect(items["enum"] as? [String] == Self.ids)
    }

    @Test func theReadmeNamesEveryStableID() throws {
        let readme = try text("README.md")
        let missing = Self.ids.filter { !readme.contains("`\($0)`") }
        #expect(missing.isEmpty, "README.md does not list \(missing)")
    }

    @Test func triageDocumentsEveryCause() throws {
        let triage = try text("Docs/Triage.md")
        let missing = Self.ids.filter { !triage.contains($0) }
        #expect(missing.isEmpty, "Docs/Triage.md does not document \(missing)")
    }

    @Test func everyCauseHasItsTestFile() throws {
        // One test file per cause under Tests/ALBDiagnosisTests/Causes, or a suite elsewhere naming the cause
        // type (the older rule tests), so that a new cause does not land untested.
        let tests = Self.repository.appendingPathComponent("Tests/ALBDiagnosisTests")
        var corpus = ""
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            corpus += (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        }
        let untested = CauseID.allCases.filter { id in
            !corpus.contains("\(type(of: id.cause))") && !corpus.contains(".\(caseName(id))")
        }
        #expect(untested.isEmpty, "no test names \(untested.map(\.rawValue))")
    }

    /// `target-refused-connection` → `targetRefusedConnection`, as the test sources spell the case.
    func caseName(_ id: CauseID) -> String { String(describing: id) }
}
