#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (each harness compiled together with its module's sources by
# `swiftc -sanitize=fuzzer,address`), makes their seed corpora from the test fixtures, and runs them.
#
# Usage: Scripts/fuzz.sh [LIBFUZZER_OPTION...] [TARGET...]
#   Scripts/fuzz.sh                                  every target for -runs=20000 (what CI runs)
#   Scripts/fuzz.sh -runs=10000000 access-log-line   one target for 10 million executions
#   Scripts/fuzz.sh -max_total_time=600 pcap-reader  one target for 10 minutes
# Targets: access-log-line log-reader health-check-line connection-line pcap-reader http-response aws-response
#          aws-config mcp-request
# Work files (binaries, corpora, crash reproducers) are under .build/fuzz/. A crash stops the script with a
# non-zero status and leaves its input in .build/fuzz/artifacts/TARGET/; reproduce it with
# `.build/fuzz/bin/TARGET FILE`. Environment: FUZZ_TIMEOUT (seconds per target, default 3600), FUZZ_JOBS.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT="$ROOT/.build/fuzz"
ALL_TARGETS=(access-log-line log-reader health-check-line connection-line pcap-reader http-response aws-response
    aws-config mcp-request)
export SWIFT_BACKTRACE=enable=no

options=()
targets=()
for arg in "$@"; do
    case "$arg" in
        -*) options+=("$arg") ;;
        *) targets+=("$arg") ;;
    esac
done
[ ${#options[@]} -eq 0 ] && options=(-runs=20000)
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")

# Module directories (a module split into several keeps working as long as it is listed here).
module_sources() {
    for dir in "$@"; do
        [ -d "Sources/$dir" ] && find "Sources/$dir" -name '*.swift' | sort
    done
    return 0
}

# The swift-sdk files the MCP server decodes frames with, from the resolved package (`swift package resolve`),
# copied to $OUT/mcp-sdk; Error.swift loses its SystemPackage import (only an errno check needs it).
mcp_sdk_sources() {
    local sdk=.build/checkouts/swift-sdk/Sources/MCP dir="$OUT/mcp-sdk"
    [ -d "$sdk" ] || swift package resolve >&2
    mkdir -p "$dir"
    for f in Base/Value Base/ID Base/Messages Base/Error Base/Versioning Base/UnitInterval Base/Icon \
        Base/Utilities/Progress Base/Utilities/Cancellation Server/Tools Server/Resources Extensions/Data+Extensions; do
        local to="$dir/$(basename "$f").swift"
        if [ ! -f "$to" ] || [ "$sdk/$f.swift" -nt "$to" ]; then
            sed -e '/^#if canImport(System)/,/^#endif/d' -e '/^        #if canImport(System)/,/^        #endif/d' \
                "$sdk/$f.swift" > "$to"
        fi
        echo "$to"
    done
}

# target → module name, harness, sources.
sources_of() {
    case "$1" in
        access-log-line) module_sources ALBAccessLog; echo Fuzz/FuzzAccessLogLine.swift ;;
        log-reader) module_sources ALBAccessLog; echo Fuzz/FuzzLogReader.swift ;;
        health-check-line) module_sources ALBAccessLog; echo Fuzz/FuzzHealthCheckLogLine.swift ;;
        connection-line) module_sources ALBAccessLog; echo Fuzz/FuzzConnectionLogLine.swift ;;
        pcap-reader) module_sources PacketCapture; echo Fuzz/FuzzPcapReader.swift ;;
        http-response)
            if [ -d Sources/ALBWire ]; then module_sources ALBWire; else module_sources PacketCapture; fi
            echo Fuzz/FuzzHTTPResponse.swift ;;
        aws-response)
            echo Sources/AWSClients/Core/XMLNode.swift Sources/AWSClients/Core/XMLTreeParser.swift Sources/AWSClients/Core/AWSTimestamp.swift \
                Sources/AWSClients/Core/AWSClientError.swift Sources/AWSClients/CloudWatch/CloudWatchModels.swift \
                Fuzz/FuzzAWSResponse.swift | tr ' ' '\n' ;;
        aws-config)
            echo Sources/AWSClients/Credentials/INIFile.swift Sources/AWSClients/Core/AWSClientError.swift \
                Fuzz/FuzzAWSConfigFile.swift | tr ' ' '\n' ;;
        mcp-request)
            mcp_sdk_sources
            echo Sources/ALBMCP/ToolArguments.swift Sources/ALBMCP/ToolError.swift Sources/ALBMCP/PathPolicy.swift \
                Sources/ALBMCP/MCPServerConfiguration.swift Fuzz/FuzzMCPRequest.swift | tr ' ' '\n' ;;
        *) echo "unknown target $1 (targets: ${ALL_TARGETS[*]})" >&2; return 1 ;;
    esac
}

module_of() {
    case "$1" in
        access-log-line | log-reader | health-check-line | connection-line) echo ALBAccessLog ;;
        pcap-reader) echo PacketCapture ;;
        mcp-request) echo MCP ;;
        http-response) if [ -d Sources/ALBWire ]; then echo ALBWire; else echo PacketCapture; fi ;;
        *) echo AWSClients ;;
    esac
}

# Modules a target's module imports that have sources of their own (built first as instrumented static
# libraries): PacketCapture imports ALBWire once that module exists.
dependencies_of() {
    case "$1" in
        pcap-reader) [ -d Sources/ALBWire ] && echo ALBWire ;;
    esac
    return 0
}

build_library() {  # module → $OUT/lib/lib<module>.a and its .swiftmodule
    local module=$1 lib="$OUT/lib/lib$1.a"
    local -a sources
    mapfile -t sources < <(module_sources "$module")
    if [ -f "$lib" ] && [ -z "$(find "${sources[@]}" -newer "$lib" 2>/dev/null | head -1)" ]; then return 0; fi
    echo "== build library $module (${#sources[@]} files)" >&2
    mkdir -p "$OUT/lib"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "$module" -I Sources/CZlib \
        -emit-module -emit-module-path "$OUT/lib/$module.swiftmodule" -emit-library -static -o "$lib" \
        "${sources[@]}"
}

build() {  # target
    local target=$1 bin="$OUT/bin/$1"
    local -a sources libraries=() link=()
    mapfile -t sources < <(sources_of "$target")
    mapfile -t libraries < <(dependencies_of "$target")
    for library in "${libraries[@]}"; do
        build_library "$library"
        sources+=("$OUT/lib/lib$library.a")
        link+=("-l$library")
    done
    if [ -x "$bin" ] && [ -z "$(find "${sources[@]}" -newer "$bin" 2>/dev/null | head -1)" ]; then return 0; fi
    echo "== build $target (${#sources[@]} files)" >&2
    mkdir -p "$OUT/bin"
    local -a swift_sources=()
    for f in "${sources[@]}"; do [[ "$f" == *.swift ]] && swift_sources+=("$f"); done
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "$(module_of "$target")" \
        -I Sources/CZlib -I "$OUT/lib" -L "$OUT/lib" -use-ld=lld "${swift_sources[@]}" -o "$bin" \
        "${link[@]}" -lz
}

# Seed corpora from the test fixtures (deterministic; rebuilt each run, the learned corpus is kept apart).
seeds() {  # target → directory
    local target=$1 dir="$OUT/seeds/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    case "$target" in
        access-log-line)
            python3 - "$dir" <<'PY'
import gzip, glob, re, sys, os
out = sys.argv[1]; n = 0
src = open("Tests/ALBAccessLogTests/TestLines.swift").read()
lines = [l for l in re.findall(r'#"(.*?)"#\n', src) if len(l) > 30]
for path in sorted(glob.glob("Samples/AWSLogs/**/*.log.gz", recursive=True))[:6]:
    lines += gzip.open(path, "rt", errors="replace").read().splitlines()[:40:7]
for l in lines:
    open(os.path.join(out, "line-%03d" % n), "w").write(l); n += 1
PY
            ;;
        health-check-line | connection-line)
            python3 - "$dir" "$target" <<'PY'
import glob, sys, os
out, target = sys.argv[1], sys.argv[2]
folder = "health-check" if target == "health-check-line" else "connection"
n = 0
for path in sorted(glob.glob("Tests/ALBAccessLogTests/Fixtures/%s/*.log" % folder)):
    for line in open(path, "rb").read().split(b"\n"):
        if line:
            open(os.path.join(out, "line-%03d" % n), "wb").write(line); n += 1
PY
            ;;
        log-reader)
            python3 - "$dir" <<'PY'
import gzip, glob, sys, os
out = sys.argv[1]
files = sorted(glob.glob("Samples/AWSLogs/**/*.log.gz", recursive=True))[:4]
for i, path in enumerate(files):
    text = gzip.open(path, "rb").read().split(b"\n")[:12]
    plain = b"\n".join(text) + b"\n"
    open(os.path.join(out, "plain-%d" % i), "wb").write(bytes([7 + 60 * i]) + plain)
    open(os.path.join(out, "gzip-%d" % i), "wb").write(bytes([30 * i]) + gzip.compress(plain, mtime=0))
    # Two members.
    half = len(text) // 2
    a = gzip.compress(b"\n".join(text[:half]) + b"\n", mtime=0)
    b = gzip.compress(b"\n".join(text[half:]) + b"\n", mtime=0)
    open(os.path.join(out, "members-%d" % i), "wb").write(bytes([13 * i + 1]) + a + b)
PY
            ;;
        pcap-reader)
            for f in Tests/PacketCaptureTests/Fixtures/*.pcap Tests/PacketCaptureTests/Fixtures/*.pcapng \
                Tests/PacketCaptureTests/Fixtures/*.pcap.gz; do
                head -c 65536 "$f" > "$dir/$(basename "$f")"
            done
            ;;
        http-response)
            python3 - "$dir" <<'PY'
import re, sys, os
out = sys.argv[1]
path = "Tests/ALBWireTests/HTTPResponseHeaderValidatorTests.swift"
if not os.path.exists(path): path = "Tests/PacketCaptureTests/HTTPResponseHeaderValidatorTests.swift"
src = open(path).read()
for i, s in enumerate(re.findall(r'"(HTTP/[^"\\]*(?:\\.[^"\\]*)*)"', src)):
    try:
        body = s.encode().decode("unicode_escape").encode("latin-1")
    except (UnicodeDecodeError, UnicodeEncodeError):
        continue  # a Swift-only escape such as \u{…}
    open(os.path.join(out, "response-%03d" % i), "wb").write(bytes([i % 8]) + body)
PY
            ;;
        aws-response)
            printf '\000<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult><LoadBalancers><member><LoadBalancerName>web</LoadBalancerName><CreatedTime>2026-11-24T09:00:00.000Z</CreatedTime><Scheme>internet-facing</Scheme></member></LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>' > "$dir/elbv2.xml"
            printf '\000<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/x is not authorized</Message><RequestId>1</RequestId></Error>' > "$dir/error.xml"
            printf '\001[{"Name":"LoadBalancer","Value":"app/web/50dc6c495c0c9188"},{"Name":"TargetGroup","Value":"targetgroup/t/1"}]' > "$dir/dimensions.json"
            printf '\002Tue, 24 Nov 2026 09:20:00 GMT' > "$dir/http-date"
            printf '\0022026-11-24T09:20:00.123Z' > "$dir/iso8601"
            ;;
        aws-config)
            printf '# comment\n[default]\nregion = eu-west-1\n\n[profile cfg]\naws_access_key_id = AKIAEXAMPLE\nregion=ap-southeast-2\ns3 =\n    addressing_style = path\n; other\n[sso-session x]\nsso_region = us-east-1\n' > "$dir/config"
            printf '[both]\r\naws_access_key_id = AKIAEXAMPLE\r\naws_secret_access_key = secret\r\n' > "$dir/credentials"
            ;;
        mcp-request)
            printf '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{"roots":{}},"clientInfo":{"name":"c","version":"1"}}}' > "$dir/initialize"
            printf '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"analyze_logs","arguments":{"paths":["Samples/AWSLogs","../../etc/passwd","-"],"since":"2h","status":"502,504"},"_meta":{"progressToken":7}}}' > "$dir/call-analyze"
            printf '{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"records_query","arguments":{"paths":"/tmp/a/./b/../../c","status":[502,504],"limit":1e3,"target":"10.0.1.1"}}}' > "$dir/call-records"
            printf '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":2,"reason":"user"}}' > "$dir/cancelled"
            printf '[{"jsonrpc":"2.0","id":3,"method":"tools/list"},{"jsonrpc":"2.0","method":"notifications/initialized"}]' > "$dir/batch"
            printf '{"jsonrpc":"2.0","id":4,"result":{"roots":[{"uri":"file:///tmp/fuzz-root","name":"r"}]}}' > "$dir/roots-response"
            ;;
    esac
    echo "$dir"
}

max_len_of() {
    case "$1" in
        pcap-reader) echo 65536 ;;
        log-reader) echo 16384 ;;
        *) echo 8192 ;;
    esac
}

# Extra libFuzzer options per target (none at present: aws-response ran with leak detection off while XMLNode
# used FoundationXML's XMLParser, which leaked a CFError per malformed document; XMLTreeParser does not).
extra_options_of() {
    case "$1" in
        *) ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    build "$target"
    seed_dir=$(seeds "$target")
    corpus="$OUT/corpus/$target"
    artifacts="$OUT/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    echo "== fuzz $target ${options[*]}" >&2
    log="$OUT/$target.log"
    if ASAN_OPTIONS="detect_leaks=1" \
        timeout "${FUZZ_TIMEOUT:-3600}" "$OUT/bin/$target" -max_len="$(max_len_of "$target")" -timeout=10 \
        -rss_limit_mb=1024 -artifact_prefix="$artifacts" -print_final_stats=1 $(extra_options_of "$target") \
        "${options[@]}" \
        "$corpus" "$seed_dir" > "$log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$log" | tr '\n' ' ' >&2
        echo >&2
    else
        rc=$?
        status=1
        if [ "$rc" -eq 124 ]; then
            echo "!! $target: stopped by FUZZ_TIMEOUT; see $log" >&2
        else
            echo "!! $target failed (exit $rc); reproducer in $artifacts; log $log:" >&2
            grep -E 'ERROR|Fatal error|precondition|SUMMARY|Test unit written' "$log" | head -20 >&2
        fi
    fi
done
exit $status
