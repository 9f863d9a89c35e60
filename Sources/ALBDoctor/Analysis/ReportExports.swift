// The CLI imports only ALBDoctor; re-export the report model and renderers so it can name
// `ReportFormat`, `ColorMode` and the report types.
@_exported import ALBDiagnosis
@_exported import ALBReport
