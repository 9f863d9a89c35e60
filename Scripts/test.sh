#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs the real tools the tests drive, then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-test-tools.sh
swift test "$@"
