#!/usr/bin/env bash
# The package's test: proves the release tarball runs on a Linux machine without Swift.
#
#   Scripts/test-package.sh [TARBALL]     (no argument: builds one with Scripts/package.sh first)
#
# 1. Checks the tarball against its .sha256, its layout, and the binary's linkage (Scripts/check-linkage.sh:
#    glibc and libgcc_s only), and that the packed man page renders.
# 2. Makes a minimal Debian root file system of this machine's release (debootstrap --variant=minbase from the
#    Debian mirror apt uses), cached in /var/cache/alb-doctor/rootfs-<codename> (ALB_DOCTOR_ROOTFS_CACHE) between
#    runs, and checks it holds no Swift toolchain, no Swift runtime and no libxml2, ICU or libdeflate (and
#    removes zlib and libstdc++ from its working copy).
# 3. Unpacks the tarball in a copy of it and, with chroot, runs: alb-doctor --version, demo (no checkout: the
#    built-in sample generator), analyze on a .gz log, records --count, iam-policy, and loads the bash
#    completions in bash; then, against moto_server on loopback, aws whoami (STS XML) and analyze s3://…
#    (S3 XML, the .gz streamed). Outputs are checked against the same log read on this machine.
# Any failure stops the script with "test-package: FAIL: …" and the command's output. Needs root (chroot, mount).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
started=$SECONDS

say() { echo "test-package: $*"; }
fail() {
    echo "test-package: FAIL: $*" >&2
    exit 1
}
[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap and chroot)"

missing=()
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- the tarball
if [ $# -ge 1 ]; then
    tarball=$1
else
    say "no tarball given: building one with Scripts/package.sh"
    tarball=$(Scripts/package.sh)
fi
[ -f "$tarball" ] || fail "$tarball not found"
tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
name=$(basename "$tarball" .tar.gz)
[[ $name =~ ^alb-doctor-(.+)-linux-([a-z0-9_]+)$ ]] || fail "$name is not alb-doctor-VERSION-linux-ARCH"
version=${BASH_REMATCH[1]}
[ "${BASH_REMATCH[2]}" = "$(uname -m)" ] || fail "$name is not for this machine ($(uname -m))"

(cd "$(dirname "$tarball")" && sha256sum --quiet -c "$name.tar.gz.sha256") || fail "checksum of $tarball"

work=$(mktemp -d /var/tmp/alb-doctor-test-package.XXXXXX)
mounted=()
moto_pid=""
cleanup() {
    local m
    if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; fi
    for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

expected_files="$name/
$name/README.md
$name/THIRD-PARTY-NOTICES.txt
$name/alb-doctor
$name/completions/
$name/completions/_alb-doctor
$name/completions/alb-doctor.bash
$name/completions/alb-doctor.fish
$name/man/
$name/man/alb-doctor.1"
listing=$(tar -tzf "$tarball" | sort)
[ "$listing" = "$(sort <<<"$expected_files")" ] || fail "tarball layout:
$listing
expected:
$expected_files"
tar -xzf "$tarball" -C "$work"
pkg="$work/$name"
Scripts/check-linkage.sh "$pkg/alb-doctor" || fail "linkage of the packaged binary"
say "binary: $(stat -c %s "$pkg/alb-doctor") bytes"
for part in "Swift runtime" swift-nio swift-crypto async-http-client swift-sdk ICU zlib; do
    grep -q "^$part" "$pkg/THIRD-PARTY-NOTICES.txt" || fail "THIRD-PARTY-NOTICES.txt has no section for $part"
done
grep -q "Apache License" "$pkg/THIRD-PARTY-NOTICES.txt" || fail "THIRD-PARTY-NOTICES.txt holds no license text"

man_text=$(groff -mandoc -Tutf8 -ww -z "$pkg/man/alb-doctor.1" 2>&1) || fail "groff on the man page: $man_text"
[ -z "$man_text" ] || fail "groff warns on the man page: $man_text"
rendered=$(groff -mandoc -Tutf8 "$pkg/man/alb-doctor.1" 2>/dev/null | sed 's/.\x08//g')
for heading in NAME SYNOPSIS DESCRIPTION; do
    grep -qx "$heading" <<<"$rendered" || fail "the rendered man page has no $heading section"
done
for command in analyze demo records diagnose iam-policy probe pcap athena; do
    grep -qE "^ {5}$command( |$)" <<<"$rendered" || fail "the rendered man page does not describe $command"
done

# --- a minimal Debian of this machine's release, without Swift
# shellcheck disable=SC1091
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")
cache_dir=${ALB_DOCTOR_ROOTFS_CACHE:-/var/cache/alb-doctor}
cache="$cache_dir/rootfs-$codename"
if [ ! -d "$cache" ]; then
    # The mirror apt uses here for this release (deb822 or one-line sources), else Debian's.
    mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v s="$codename" '
        /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) found = uri }
        /^$/ { uri = "" } END { print found }')
    [ -n "$mirror" ] || mirror=$(awk -v s="$codename" '$1 == "deb" && $3 == s { print $2; exit }' \
        /etc/apt/sources.list 2>/dev/null || true)
    mirror=${mirror:-http://deb.debian.org/debian}
    say "debootstrap --variant=minbase $codename from $mirror into $cache (once; cached)"
    mkdir -p "$cache_dir"
    rm -rf --one-file-system "$cache.partial"
    t0=$SECONDS
    debootstrap --variant=minbase "$codename" "$cache.partial" "$mirror" > "$work/debootstrap.log" 2>&1 \
        || fail "debootstrap (log: $(tail -20 "$work/debootstrap.log"))"
    rm -rf "$cache.partial/var/cache/apt/archives/"*.deb
    mv "$cache.partial" "$cache"
    say "root file system made in $((SECONDS - t0)) s ($(du -sm "$cache" | cut -f1) MB)"
else
    say "root file system: $cache (cached)"
fi
rootfs="$work/rootfs"
cp -a "$cache" "$rootfs"
[ -x "$rootfs/bin/bash" ] && [ -x "$rootfs/usr/bin/gzip" ] || fail "$cache is not a Debian root file system"
for tool in swift swiftc swift-build; do
    chroot "$rootfs" /bin/sh -c "command -v $tool" >/dev/null && fail "the root file system has $tool"
done
# Debian's minbase has zlib and libstdc++ (dpkg and apt need them); the binary has both linked in, so this copy
# of the root loses them, and the checks below prove the binary runs without them.
rm -f "$rootfs"/usr/lib/*-linux-gnu/libz.so.* "$rootfs"/usr/lib/*-linux-gnu/libstdc++.so.*
found=$(find "$rootfs" -xdev \( -name 'libswift*.so*' -o -name 'libFoundation*.so*' -o -name 'libxml2.so*' \
    -o -name 'libicu*.so*' -o -name 'libdeflate.so*' -o -name 'libstdc++.so*' -o -name 'libz.so*' \) \
    ! -path '*/share/*' -print)
[ -z "$found" ] || fail "the root file system holds libraries the binary must do without: $found"
mount -t proc proc "$rootfs/proc" && mounted+=("$rootfs/proc") || say "note: could not mount /proc in the root"

mkdir -p "$rootfs/opt" "$rootfs/root/logs"
tar -xzf "$tarball" -C "$rootfs/opt"
app="/opt/$name"
# The first bundled sample log (S3 layout, gzip) that holds ELB 502s; counted here with zcat and awk.
gz=""
while read -r candidate; do
    if [ "$(zcat "$candidate" | awk '$9 == 502' | wc -l)" -gt 0 ]; then
        gz=$candidate
        break
    fi
done < <(find Samples/AWSLogs -name '*.log.gz' | sort)
[ -n "$gz" ] || fail "no bundled sample .gz log under Samples/AWSLogs holds a 502"
cp "$gz" "$rootfs/root/logs/sample.log.gz"
lines=$(zcat "$gz" | wc -l)
lines502=$(zcat "$gz" | awk '$9 == 502' | wc -l)

# Runs a command line in the root (bash -c, no environment from here, cwd /root) and keeps stdout, stderr and
# the exit status in $work/out, $work/err, $status.
status=0
last=""
in_root() {
    status=0
    chroot "$rootfs" /usr/bin/env -i PATH="$app:/usr/local/bin:/usr/bin:/bin" HOME=/root TERM=dumb LANG=C.UTF-8 \
        /bin/bash -c "cd /root && $1" > "$work/out" 2> "$work/err" || status=$?
}
check() {  # description, command: fails with the output when the command's status is not 0
    local what=$1
    shift
    "$@" || fail "$what
--- command: $last
--- exit status: $status
--- stdout (first 40 lines):
$(head -40 "$work/out")
--- stderr (first 40 lines):
$(head -40 "$work/err")"
}
step() {  # command line: runs it in the root and checks that it exits 0
    last=$1
    in_root "$1"
    check "exit status $status, expected 0" test "$status" -eq 0
    say "ok: $1"
}

step "alb-doctor --version"
check "--version prints $version" test "$(cat "$work/out")" = "$version"

step "alb-doctor demo --color off"
check "demo prints the report" grep -qE '^ALB (502|error) analysis' "$work/out"
for id in target-refused-connection target-unreachable target-tls-handshake-failed target-keepalive-timeout \
    target-malformed-response target-deregistered lambda-response-too-large lambda-unhandled lambda-throttled \
    lambda-error target-application-502; do
    check "demo names cause $id" grep -qF "[$id]" "$work/out"
done
check "demo says it generated its samples" grep -q 'Samples/ not found; generated the sample set' "$work/err"
leftover=$(find "$rootfs/tmp" -maxdepth 1 -name 'alb-doctor-samples-*' | head -1)
check "demo removes the samples it generated ($leftover)" test -z "$leftover"

step "alb-doctor analyze logs/sample.log.gz --color off"
check "analyze prints the report" grep -qE '^ALB (502|error) analysis' "$work/out"
step "alb-doctor analyze logs/sample.log.gz --format json"
elb502=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["elb_502"])' < "$work/out") \
    || fail "analyze --format json is not JSON: $(head -c 300 "$work/out")"
check "analyze finds the $lines502 ELB 502s of the log (found $elb502)" test "$elb502" -eq "$lines502"

step "alb-doctor records --count logs/sample.log.gz"
check "records --count counts the $lines lines (printed $(cat "$work/out"))" test "$(cat "$work/out")" = "$lines"
step "alb-doctor records --status 502 --count logs/sample.log.gz"
check "records --status 502 --count = $lines502 (printed $(cat "$work/out"))" test "$(cat "$work/out")" = "$lines502"
step "alb-doctor records --status 502 logs/sample.log.gz | head -1"
check "records prints JSON lines" python3 -c 'import json,sys; assert json.loads(sys.stdin.readline())["elb_status_code"] == 502' \
    < "$work/out"

step "alb-doctor iam-policy"
check "iam-policy is an IAM policy document" python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["Version"] == "2012-10-17"
actions = [a for s in doc["Statement"] for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])]
assert "elasticloadbalancing:DescribeLoadBalancers" in actions, actions' < "$work/out"

# The MCP server (whose SDK brings in Foundation's URLSession layer, linked against Scripts/curl-unavailable.c
# instead of libcurl): initialize and list the tools over stdio.
mcp_init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test-package","version":"1"}}}'
mcp_list='{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
step "printf '%s\\n%s\\n%s\\n' '$mcp_init' '{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}' '$mcp_list' | timeout 20 alb-doctor mcp"
check "mcp lists its tools" python3 -c '
import json, sys
replies = [json.loads(l) for l in sys.stdin if l.strip()]
tools = [t["name"] for r in replies if r.get("id") == 2 for t in r["result"]["tools"]]
assert "analyze_logs" in tools and "explain_cause" in tools, replies' < "$work/out"

step "source $app/completions/alb-doctor.bash && complete -p alb-doctor"
check "bash registers a completion for alb-doctor" grep -q 'complete .* alb-doctor$' "$work/out"
function=$(sed -n 's/.*-F \([^ ]*\) .*/\1/p' "$work/out")
step "source $app/completions/alb-doctor.bash && COMP_WORDS=(alb-doctor rec) COMP_CWORD=1 COMP_LINE='alb-doctor rec' COMP_POINT=14 && $function alb-doctor rec alb-doctor && printf '%s\n' \"\${COMPREPLY[@]}\""
check "bash completes 'alb-doctor rec' to records" grep -qx records "$work/out"

# The AWS side over loopback, against moto_server (the AWS emulator the tests use) on this machine: STS's XML
# (GetCallerIdentity) and S3's (ListObjectsV2, then the .gz streamed) read by the packaged binary in the root.
if command -v moto_server >/dev/null 2>&1; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
    moto_pid=$!
    python3 - "$port" "$gz" <<'PY' || fail "moto_server did not start, or the upload failed: $(tail -5 "$work/moto.log")"
import os, sys, time, urllib.request
port, path = sys.argv[1], sys.argv[2]
for _ in range(180):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
        break
    except Exception:
        time.sleep(0.5)
import boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                  aws_access_key_id="testing", aws_secret_access_key="testing")
s3.create_bucket(Bucket="alb-logs")
s3.upload_file(path, "alb-logs", "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/24/" + os.path.basename(path))
PY
    # moto's dummy credentials, in a file so that the log shows no key.
    printf '%s\n' AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 \
        "AWS_ENDPOINT_URL=http://127.0.0.1:$port" > "$rootfs/root/moto.env"
    aws_env="set -a && . ./moto.env && set +a &&"
    step "$aws_env alb-doctor aws whoami"
    check "aws whoami reads moto's STS answer" grep -q 'arn:aws:sts::123456789012:' "$work/out"
    step "$aws_env alb-doctor analyze s3://alb-logs/AWSLogs/ --format json"
    elb502=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["elb_502"])' < "$work/out") \
        || fail "analyze s3:// --format json is not JSON: $(head -c 300 "$work/out")"
    check "analyze s3:// finds the $lines502 ELB 502s of the log (found $elb502)" test "$elb502" -eq "$lines502"
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    moto_pid=""
elif [ "${CI:-}" = true ]; then
    fail "moto_server is not installed but CI=true (Scripts/install-test-tools.sh installs it)"
else
    say "SKIPPED: the AWS calls over loopback (moto_server not installed: pip install 'moto[server]')"
fi

# libdeflate stays optional: the root has none and the .gz was read (zlib, linked in); here it is loaded.
if [ -e /usr/lib/"$(uname -m)"-linux-gnu/libdeflate.so.0 ]; then
    LD_DEBUG=files "$pkg/alb-doctor" records --count "$gz" > /dev/null 2> "$work/ld-debug" || true
    grep -q 'file=libdeflate.so.0 .*dynamically loaded' "$work/ld-debug" \
        || fail "the packaged binary does not load libdeflate at run time on this machine"
    say "ok: libdeflate loaded at run time where installed (dlopen), and not needed in the root"
fi

say "passed: $name runs in a Swift-less $codename root file system ($((SECONDS - started)) s)"
