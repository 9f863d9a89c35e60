#!/usr/bin/env bash
# Size and start-up of the packaged alb-doctor, measured against the AWS CLI in the same run (the figures in the
# README's Install section).
#
#   Scripts/bench-startup.sh [TARBALL]     (default: the newest dist/alb-doctor-*-linux-<arch>.tar.gz)
#
# Prints the stripped binary's and the tarball's size, then the wall time of `alb-doctor --version` and
# `aws --version` (hyperfine, no shell, 5 warm-up runs, then 40 runs each) and their peak RSS. Needs hyperfine
# (installed from Debian's packages when missing) and the AWS CLI (`pip install awscli`).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "bench-startup: $*" >&2
    exit 1
}
tarball=${1:-$(ls -t dist/alb-doctor-*-linux-"$(uname -m)".tar.gz 2>/dev/null | head -1)}
[ -n "$tarball" ] && [ -f "$tarball" ] || fail "no tarball: run Scripts/package.sh first, or pass one"
aws_cli=$(command -v aws) || fail "the AWS CLI is not installed (pip install awscli)"
if ! command -v hyperfine >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq hyperfine >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
bin=$(find "$work" -type f -name alb-doctor | head -1)
[ -x "$bin" ] || fail "$tarball holds no alb-doctor binary"

mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "machine: $(nproc) cores, $(uname -m), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "alb-doctor $("$bin" --version): binary $(mb "$(stat -c %s "$bin")") stripped ($(stat -c %s "$bin") bytes), tarball $(mb "$(stat -c %s "$tarball")")"
echo "aws: $("$aws_cli" --version 2>&1)"
hyperfine -N --warmup 5 --runs 40 --export-json "$work/startup.json" \
    -n "alb-doctor --version" "$bin --version" \
    -n "aws --version" "$aws_cli --version" > "$work/hyperfine.txt" 2>&1 \
    || { cat "$work/hyperfine.txt" >&2; fail "hyperfine failed"; }
if [ -x /usr/bin/time ]; then
    rss_alb=$(rss "$bin" --version)
    rss_aws=$(rss "$aws_cli" --version)
else
    rss_alb="?"
    rss_aws="?"
fi
python3 - "$work/startup.json" "$rss_alb" "$rss_aws" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
rss = dict(zip(["alb-doctor --version", "aws --version"], sys.argv[2:4]))
print(f"{'command':<22} {'mean':>9} {'± σ':>8} {'median':>9} {'min':>9}  {'peak RSS':>9}")
for r in results:
    ms = [t * 1000 for t in r["times"]]
    kb = rss.get(r["command"], "?")
    peak = f"{int(kb) / 1024:.1f} MB" if kb.isdigit() else "?"
    print(f"{r['command']:<22} {statistics.mean(ms):7.1f} ms {statistics.stdev(ms):5.1f} ms "
          f"{statistics.median(ms):7.1f} ms {min(ms):7.1f} ms  {peak:>9}")
alb, aws = (statistics.mean(r["times"]) for r in results)
print(f"aws --version takes {aws / alb:.0f}x as long as alb-doctor --version (means)")
PY
