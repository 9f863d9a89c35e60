import TestSupport
import Testing

/// Every test that talks to the emulator lives under this suite: one shared `moto_server` per test
/// process, reset at the start of each test, tests run one at a time.
@Suite(.serialized, .enabled(if: MotoServer.shouldRun, Comment(rawValue: MotoServer.skipReason)))
struct MotoBackedTests {}
