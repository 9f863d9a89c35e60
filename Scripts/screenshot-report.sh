#!/usr/bin/env bash
# Regenerates Docs/images/demo-report.png, the README's screenshot of the HTML report: renders
# `alb-doctor demo --format html` and photographs it in headless Chromium, offline (Scripts/browser-check.py,
# which also checks that the page made no request and logged nothing).
#   Scripts/screenshot-report.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-Docs/images/demo-report.png}"
mkdir -p "$(dirname "$out")"
swift build --product alb-doctor >/dev/null
bin="$(swift build --show-bin-path)/alb-doctor"
page="$(mktemp --suffix=.html)"
trap 'rm -f "$page"' EXIT
"$bin" demo --format html > "$page"
result="$(Scripts/browser-check.py "$page" --png "$out" --window 1280,1500)"
echo "$result" | python3 -c '
import json, sys
r = json.load(sys.stdin)
if r.get("error") or r["requests"] or r["console"]:
    sys.exit("screenshot-report: the page is not clean: " + json.dumps(r))
print("screenshot-report: %s (%dx%d, %d colours, %d bar groups)" % (sys.argv[1], r["png"]["width"], r["png"]["height"], r["png"]["distinct_colors"], r["bar_groups"]))
' "$out"
