#!/usr/bin/env bash
# Records the packet captures the PacketCapture tests read, from real servers on 127.0.0.1:
#   nginx with a 2 s keepalive_timeout (target closes pooled connections before the ALB would),
#   a small python3 server answering each kind of malformed response,
#   openssl s_server speaking only TLS 1.3, and one accepting only a cipher outside ELBSecurityPolicy-2016-08,
#   a closed port (refused), a listener whose accept queue is full (SYN unanswered) + an ICMP host unreachable.
# ALB-like clients: pooled keep-alive connections with X-Forwarded-* headers, and `openssl s_client -tls1_2`
# with the ELBSecurityPolicy-2016-08 cipher list.
# Records with `tcpdump -i lo -w` and `tcpdump -i any -w` (Linux cooked v1 and v2), converts one capture to
# pcapng with editcap, gzips one. Needs root, tcpdump, nginx, openssl, python3, editcap (tshark package).
#
# Usage: sudo Scripts/make-captures.sh [OUTPUT_DIR]   (default Tests/PacketCaptureTests/Fixtures)
# All traffic stays on loopback; every step is bounded by `timeout`.
set -euo pipefail

# A parent (e.g. a test runner) may have blocked signals; children inherit the mask and then `kill -INT`
# and `timeout` could not stop tcpdump. Re-exec once with an empty signal mask and default handlers.
if [ -z "${MAKE_CAPTURES_UNMASKED:-}" ]; then
    export MAKE_CAPTURES_UNMASKED=1
    exec python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_SETMASK, [])
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGCHLD):
    signal.signal(s, signal.SIG_DFL)
os.execv("/bin/bash", ["bash"] + sys.argv[1:])' "$0" "$@"
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/Tests/PacketCaptureTests/Fixtures}
HELPERS=$ROOT/Scripts/capture-helpers.py
mkdir -p "$OUT"
for tool in tcpdump nginx openssl python3 editcap; do
    command -v "$tool" >/dev/null || { echo "make-captures: $tool is missing (apt-get install -y tcpdump nginx openssl tshark)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "make-captures: needs root (tcpdump, raw ICMP socket)" >&2; exit 2; }

for port in 18080 18081 18082 18097 18099 18443 18444 18445; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "make-captures: 127.0.0.1:$port is already in use; stop what listens there first" >&2; exit 2
    fi
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

POLICY_2016_08="ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:AES128-GCM-SHA256:AES128-SHA256:AES128-SHA:AES256-GCM-SHA384:AES256-SHA256:AES256-SHA"

# start_capture NAME FILTER TCPDUMP-ARGS... ; stop_capture
start_capture() {
    local file=$1 filter=$2; shift 2
    timeout -k 5 60 tcpdump -U --immediate-mode -n "$@" -w "$WORK/$file" "$filter" 2>"$WORK/tcpdump.log" &
    CAPTURE_PID=$!
    for _ in $(seq 1 50); do grep -q "listening on" "$WORK/tcpdump.log" 2>/dev/null && break; sleep 0.1; done
    sleep 1
}
stop_capture() {
    sleep 0.5
    kill -INT "$CAPTURE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$CAPTURE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CAPTURE_PID" 2>/dev/null || true
    wait "$CAPTURE_PID" 2>/dev/null || true
}

# --- nginx: short keep-alive (18080) and a healthy long one (18082) ---
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 64; }
http {
    access_log off;
    server { listen 127.0.0.1:18080; keepalive_timeout 2s; location / { return 200 "ok\n"; } }
    server { listen 127.0.0.1:18082; keepalive_timeout 75s; location / { return 200 "ok\n"; } }
}
NGINX
nginx -p "$WORK" -c "$WORK/nginx.conf" </dev/null >/dev/null 2>&1
sleep 0.5

echo "make-captures: keep-alive race (nginx keepalive_timeout 2s), tcpdump -i lo"
start_capture keepalive-lo.pcap "tcp port 18080" -i lo
timeout 20 python3 "$HELPERS" drive-keepalive 18080 3.0
stop_capture

echo "make-captures: healthy keep-alive (nginx keepalive_timeout 75s), tcpdump -i lo, nanosecond timestamps"
start_capture healthy-lo-ns.pcap "tcp port 18082" -i lo --time-stamp-precision=nano
timeout 20 python3 "$HELPERS" drive-healthy 18082
stop_capture
kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true

echo "make-captures: malformed responses, tcpdump -i any (LINUX_SLL2)"
timeout 30 python3 "$HELPERS" malformed-server 18081 15 &
PIDS+=($!)
sleep 0.5
start_capture malformed-any-sll2.pcap "tcp port 18081" -i any -y LINUX_SLL2
timeout 20 python3 "$HELPERS" drive-malformed 18081
stop_capture

echo "make-captures: refused connections (closed port), tcpdump -i any (LINUX_SLL)"
start_capture refused-any-sll1.pcap "tcp port 18099" -i any -y LINUX_SLL
timeout 10 python3 "$HELPERS" drive-refused 18099
stop_capture

echo "make-captures: unanswered SYN (full accept queue) and ICMP host unreachable, tcpdump -i lo"
timeout 30 python3 "$HELPERS" full-backlog-server 18097 8 &
PIDS+=($!)
sleep 0.5
start_capture unreachable-lo.pcap "tcp port 18097 or icmp" -i lo
timeout 20 python3 "$HELPERS" drive-unreachable 18097
stop_capture

echo "make-captures: TLS targets (openssl s_server)"
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=target.internal -days 2 \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

tls_client() { # port
    printf 'GET / HTTP/1.1\r\nHost: target.internal\r\nX-Forwarded-For: 203.0.113.10\r\nConnection: close\r\n\r\n' |
        timeout 5 openssl s_client -connect "127.0.0.1:$1" -servername target.internal -tls1_2 \
            -cipher "$POLICY_2016_08" -ign_eof >/dev/null 2>&1 || true
}

start_capture tls13-only-lo.pcap "tcp port 18443" -i lo
timeout 15 openssl s_server -accept 18443 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -tls1_3 -www -naccept 1 >/dev/null 2>&1 &
PIDS+=($!)
sleep 0.7
tls_client 18443
stop_capture

start_capture tls-cipher-lo.pcap "tcp port 18444 or tcp port 18445" -i lo
timeout 15 openssl s_server -accept 18444 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -tls1_2 \
    -cipher ECDHE-RSA-CHACHA20-POLY1305 -www -naccept 1 >/dev/null 2>&1 &
PIDS+=($!)
timeout 15 openssl s_server -accept 18445 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -tls1_2 \
    -cipher ECDHE-RSA-AES128-GCM-SHA256 -www -naccept 1 >/dev/null 2>&1 &
PIDS+=($!)
sleep 0.7
tls_client 18444
tls_client 18445
stop_capture
editcap -F pcapng "$WORK/tls-cipher-lo.pcap" "$WORK/tls-cipher-lo.pcapng"

for f in keepalive-lo.pcap healthy-lo-ns.pcap malformed-any-sll2.pcap refused-any-sll1.pcap unreachable-lo.pcap \
    tls13-only-lo.pcap tls-cipher-lo.pcapng; do
    cp "$WORK/$f" "$OUT/$f"
done
gzip -n -c "$WORK/healthy-lo-ns.pcap" >"$OUT/healthy-lo-ns.pcap.gz"
ls -l "$OUT"
