#!/usr/bin/env bash
# Benchmark: `alb-doctor pcap` throughput and peak memory next to `tcpdump -r F -w /dev/null` (the read limit)
# and `tshark -r F -Y http.response -T fields -e http.response.code` (what an engineer would run), in one run,
# on a deterministic synthesised capture of HTTP/1.1 keep-alive traffic (Scripts/synth-keepalive-capture.py).
#
# Usage: Scripts/bench-pcap.sh [MEGABYTES=600] [TSHARK_MEGABYTES=same]
#   TSHARK_MEGABYTES < MEGABYTES measures tshark on a smaller capture (it is slow and memory-hungry).
# Needs: swift, python3, tcpdump, tshark, /usr/bin/time (apt: tcpdump tshark time).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MB=${1:-600}
TSHARK_MB=${2:-$MB}
DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/alb-doctor-bench}
mkdir -p "$DIR"
F=$DIR/keepalive-$MB.pcap
[ -s "$F" ] || python3 "$ROOT/Scripts/synth-keepalive-capture.py" "$F" "$MB"
TF=$F
if [ "$TSHARK_MB" != "$MB" ]; then
    TF=$DIR/keepalive-$TSHARK_MB.pcap
    [ -s "$TF" ] || python3 "$ROOT/Scripts/synth-keepalive-capture.py" "$TF" "$TSHARK_MB"
fi

echo "building alb-doctor (release)…" >&2
(cd "$ROOT" && swift build -c release --product alb-doctor >&2)
BIN=$(cd "$ROOT" && swift build -c release --show-bin-path)/alb-doctor

cat "$F" "$TF" >/dev/null # warm the page cache

# run NAME FILE CMD... : prints a table row with MB/s and peak RSS
run() {
    local name=$1 file=$2; shift 2
    local size; size=$(stat -c %s "$file")
    local log=$DIR/time-$name.log
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    python3 - "$name" "$size" "$wall" "$rss" <<'PY'
import sys
name, size, wall, rss = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
parts = [float(p) for p in wall.split(":")]
seconds = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
print(f"{name:<14} {size/1e6:9.1f} MB {seconds:8.2f} s {size/1e6/max(seconds,1e-6):10.1f} MB/s {rss/1024:10.1f} MB peak RSS")
PY
}

echo "capture: $F ($(stat -c %s "$F") bytes), tshark on $TF ($(stat -c %s "$TF") bytes); $(nproc) cores"
printf '%-14s %12s %10s %15s %20s\n' tool size time throughput memory
run alb-doctor "$F" "$BIN" pcap --format json "$F"
run tcpdump-read "$F" tcpdump -r "$F" -w /dev/null
run tshark "$TF" tshark -r "$TF" -Y http.response -T fields -e http.response.code
echo "commands: $BIN pcap --format json F | tcpdump -r F -w /dev/null | tshark -r F -Y http.response -T fields -e http.response.code"
