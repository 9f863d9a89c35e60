#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the real tools the tests drive, then `swift test`.
#
# Two phases. Swift Testing runs tests in parallel on the concurrency pool, which has one thread per
# core; on a 2-core machine a CPU-heavy test (truncating captures at every offset, parsing big inputs)
# delays every other test's wake-ups by seconds. The suites that measure time against real servers
# (probes, retry/timeout behaviour) therefore run in a second phase, on their own.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-test-tools.sh

# The Athena suites share moto's queue of query results (each new query takes the next queued result), and
# the DuckDB and browser suites load both cores for a minute: they run in the second phase too.
timing='TargetProbeTests|AWSHTTPClientTests|CredentialChainTests|DiagnoseProbeTests|Athena|HTMLBrowserTests'
swift test --skip "$timing" "$@"
swift test --skip-build --no-parallel --filter "$timing"
