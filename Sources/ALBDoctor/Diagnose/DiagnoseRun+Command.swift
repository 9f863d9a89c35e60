extension DiagnoseRun {
    /// The whole `diagnose` command in one call: gathers and diagnoses (``run()``), then the probing step
    /// (probes the targets the findings point at, or adds the exact probe commands) and merges the packet captures
    /// `pcaps` against every target with 502s in the logs.
    public func run(probing: DiagnoseProbing, pcaps: [String]) async throws(DiagnoseError) -> DiagnoseReport {
        let diagnosed: DiagnoseReport
        do throws(DiagnoseError) {
            diagnosed = try await run()
        } catch {
            options.progress?.finish()
            throw error
        }
        options.progress?.finish()
        var report = await probing.apply(to: diagnosed)
        try report.mergeCapture(paths: pcaps)
        return report
    }
}
