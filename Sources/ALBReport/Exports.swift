// The report model's public API is made of ALBDiagnosis types (Finding, Evidence, CauseID, ...):
// importing ALBReport is enough to use it.
@_exported import ALBDiagnosis
