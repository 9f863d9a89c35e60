import Foundation
import TestSupport
import Testing

/// Ctrl-C during `analyze --engine athena`: a real SIGINT to the built `alb-doctor` while its query runs. The
/// process must stop the query on Athena (`StopQueryExecution`) before it exits, say what was spent, and exit 130.
///
/// Replaces: Athena, with a scripted loopback stand-in. moto cannot hold a query in RUNNING without a scripted
/// state transition that ends after a fixed number of polls, and it does not record StopQueryExecution calls.
@Suite struct AthenaInterruptCommandTests {
    final class Script: @unchecked Sendable {
        let lock = NSLock()
        var polls = 0
        var started: [String] = []
        var stopped: [String] = []

        func answer(_ request: LoopbackJSONServer.Request) -> LoopbackJSONServer.Response {
            lock.lock()
            defer { lock.unlock() }
            switch request.header("X-Amz-Target") ?? "" {
            case "AmazonAthena.StartQueryExecution":
                started.append("q-\(started.count + 1)")
                return .json(#"{"QueryExecutionId": "\#(started.last ?? "")"}"#)
            case "AmazonAthena.GetQueryExecution":
                polls += 1
                let state = stopped.isEmpty ? "RUNNING" : "CANCELLED"
                return .json(
                    #"{"QueryExecution": {"Status": {"State": "\#(state)"}, "Statistics": {"DataScannedInBytes": 2500000000, "EngineExecutionTimeInMillis": 1200}}}"#
                )
            case "AmazonAthena.StopQueryExecution":
                let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any]
                stopped.append(body?["QueryExecutionId"] as? String ?? "?")
                return .json("{}")
            default:
                return .json(#"{"__type": "InvalidRequestException", "message": "unexpected"}"#, status: 400)
            }
        }

        var snapshot: (polls: Int, started: [String], stopped: [String]) {
            lock.lock()
            defer { lock.unlock() }
            return (polls, started, stopped)
        }
    }

    @Test func ctrlCStopsTheRunningQuery() async throws {
        let script = Script()
        let answer: @Sendable (LoopbackJSONServer.Request) -> LoopbackJSONServer.Response = { script.answer($0) }
        try await withLoopbackJSONServer(answer) { server in
            let process = Process()
            process.executableURL = try CLIRunner.executable("alb-doctor")
            process.arguments = [
                "analyze", "s3://example-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/", "--engine",
                "athena", "--since", "2026-11-24T09:00:00Z", "--until", "2026-11-24T10:00:00Z", "--workgroup",
                "primary",
                "--output-location", "s3://athena-results/alb-doctor/",
            ]
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in [
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.endpoint, "AWS_PROFILE": "",
                "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
            ] {
                environment[key] = value
            }
            process.environment = environment
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            let (exited, continuation) = AsyncStream<Int32>.makeStream()
            process.terminationHandler = { continuation.yield($0.terminationStatus) }
            async let stdout = ProcessExit.drain(out)
            async let stderr = ProcessExit.drain(err)
            try process.run()
            // Wait until the query is running and has been polled, then press Ctrl-C.
            var waited = 0
            while script.snapshot.polls < 1 && waited < 600 {
                try await Task.sleep(nanoseconds: 100_000_000)
                waited += 1
            }
            #expect(script.snapshot.polls >= 1, "the query was never polled")
            kill(process.processIdentifier, SIGINT)
            var status: Int32 = -1
            for await s in exited {
                status = s
                break
            }
            let errText = String(decoding: await stderr, as: UTF8.self)
            let outText = String(decoding: await stdout, as: UTF8.self)
            #expect(status == 130, "\(errText)")
            #expect(script.snapshot.started == ["q-1"])
            #expect(script.snapshot.stopped == ["q-1"], "StopQueryExecution for the running query")
            #expect(errText.contains("interrupted: the running Athena query was stopped (StopQueryExecution)"))
            #expect(errText.contains("1 query (triage q-1), 2.5 GB scanned, $0.0125"), "\(errText)")
            #expect(outText.isEmpty)
        }
    }
}
