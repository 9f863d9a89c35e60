import ALBDiagnosis

extension Diagnosis {
    /// The finding of one cause, if the diagnosis has it.
    func finding(_ id: CauseID) -> Finding? { findings.first { $0.id == id } }
}
