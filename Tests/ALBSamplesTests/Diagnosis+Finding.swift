import ALBDiagnosis

extension Diagnosis {
    /// The finding of one cause, if any (the same helper as ALBDiagnosisTests' `LogLine.swift`).
    func finding(_ id: CauseID) -> Finding? { findings.first { $0.id == id } }
}
