#!/usr/bin/env bash
# Regenerates Samples/ byte-identically: the deterministic ALB access-log sample set (S3 layout,
# gzip) with every 502 signature and cause mixed into healthy traffic, the web load balancer's
# health-check and connection logs of the same scenarios, plus Samples/manifest.json
# (the exact expected counts). Same seed -> same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product alb-fixtures >&2
BIN="$(swift build --show-bin-path)/alb-fixtures"
rm -rf Samples/AWSLogs Samples/manifest.json
"$BIN" --output Samples --seed 502 "$@"
