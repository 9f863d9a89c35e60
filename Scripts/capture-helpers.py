#!/usr/bin/env python3
"""Loopback servers and ALB-like clients used by Scripts/make-captures.sh (all traffic on 127.0.0.1).

Every socket has a timeout and every loop is bounded, so nothing here can hang.
"""
import os
import socket
import struct
import sys
import threading
import time

HOST = "127.0.0.1"

# Responses a target might send that an ALB rejects (alb-facts.md §9), by request path.
MALFORMED = {
    b"/obs-fold": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Folded: first\r\n  second\r\nContent-Length: 2\r\n\r\nok",
    b"/bare-lf": b"HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 2\n\nok",
    b"/duplicate-content-length": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!",
    b"/te-and-content-length": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 7\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    b"/space-in-name": b"HTTP/1.1 200 OK\r\nX Bad Name: 1\r\nContent-Length: 2\r\n\r\nok",
    b"/no-colon": b"HTTP/1.1 200 OK\r\nThis line has no colon\r\nContent-Length: 2\r\n\r\nok",
    b"/bad-status-line": b"HTTP/1.1 OK\r\nContent-Length: 2\r\n\r\nok",
    b"/body-longer": b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok-and-more",
    b"/huge-header": b"HTTP/1.1 200 OK\r\nX-Huge: " + b"a" * 40000 + b"\r\nContent-Length: 2\r\n\r\nok",
    b"/good": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok",
}
# Responses after which the server closes the connection.
CLOSE_AFTER = {b"/body-shorter": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-this"}


def alb_request(path, host="target.internal", n=0):
    return (
        b"GET " + path + b" HTTP/1.1\r\n"
        b"Host: " + host.encode() + b"\r\n"
        b"X-Forwarded-For: 203.0.113.10\r\n"
        b"X-Forwarded-Proto: https\r\n"
        b"X-Forwarded-Port: 443\r\n"
        b"X-Amzn-Trace-Id: Root=1-67891233-abcdef0123456789abcd%04d\r\n"
        b"User-Agent: make-captures\r\n"
        b"Connection: keep-alive\r\n\r\n" % n
    )


def read_response(sock, timeout=2.0):
    """Reads one response (Content-Length or close framing); returns bytes (possibly empty)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.time() + timeout
    while time.time() < deadline and len(data) < 200000:
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, ConnectionResetError, OSError):
            break
        if not chunk:
            break
        data += chunk
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].lower()
            i = head.find(b"content-length:")
            if i >= 0:
                length = int(head[i + 15:].split(b"\r\n")[0].strip() or b"0")
                if len(data) >= head_end + 4 + length:
                    break
    return data


def malformed_server(port, seconds):
    """Answers each request with MALFORMED[path]; closes after CLOSE_AFTER responses."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((HOST, port))
    srv.listen(16)
    srv.settimeout(0.5)
    end = time.time() + seconds

    def handle(conn):
        conn.settimeout(2)
        buf = b""
        for _ in range(50):
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            while b"\r\n\r\n" in buf:
                head, buf = buf.split(b"\r\n\r\n", 1)
                path = head.split(b" ")[1] if b" " in head else b"/"
                if path in CLOSE_AFTER:
                    conn.sendall(CLOSE_AFTER[path])
                    conn.close()
                    return
                conn.sendall(MALFORMED.get(path, MALFORMED[b"/good"]))
        conn.close()

    while time.time() < end:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        threading.Thread(target=handle, args=(conn,), daemon=True).start()
    srv.close()


def drive_malformed(port):
    paths = list(MALFORMED.keys()) + list(CLOSE_AFTER.keys())
    for n, path in enumerate(paths):
        s = socket.create_connection((HOST, port), timeout=2)
        s.sendall(alb_request(path, n=n))
        read_response(s, 1.0)
        # Keep-alive reuse on the good path: a second request on the same connection.
        if path == b"/good":
            s.sendall(alb_request(path, n=100 + n))
            read_response(s, 1.0)
        s.close()
        time.sleep(0.05)


def drive_keepalive(port, idle):
    """Pooled connections like an ALB: a few requests, then an idle gap longer than the target's
    keep-alive timeout, then one more request on the same connection (meets the target's FIN)."""
    a = socket.create_connection((HOST, port), timeout=2)
    b = socket.create_connection((HOST, port), timeout=2)
    for n in range(3):
        a.sendall(alb_request(b"/", n=n))
        read_response(a)
        time.sleep(0.2)
    b.sendall(alb_request(b"/", n=10))
    read_response(b)
    time.sleep(idle)
    try:
        a.sendall(alb_request(b"/late", n=20))
        read_response(a, 1.0)
    except OSError:
        pass
    a.close()
    b.close()


def drive_healthy(port):
    for c in range(2):
        s = socket.create_connection((HOST, port), timeout=2)
        for n in range(3):
            s.sendall(alb_request(b"/", n=10 * c + n))
            read_response(s)
            time.sleep(0.1)
        s.close()


def drive_refused(port):
    for _ in range(3):
        try:
            socket.create_connection((HOST, port), timeout=1).close()
        except OSError:
            pass
        time.sleep(0.05)


def full_backlog_server(port, seconds):
    """A listener that never accepts: once its queue is full, further SYNs are dropped (unanswered)."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((HOST, port))
    srv.listen(0)
    time.sleep(seconds)
    srv.close()


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def inject_icmp_unreachable(src_port, dst_port):
    """Sends an ICMP host unreachable to 127.0.0.1 quoting a SYN 127.0.0.1:src_port -> 127.0.0.1:dst_port."""
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0x4000, 64, 6, 0, socket.inet_aton(HOST), socket.inet_aton(HOST))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    tcp8 = struct.pack("!HHI", src_port, dst_port, 1)
    body = struct.pack("!BBHI", 3, 1, 0, 0) + ip + tcp8
    body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    raw.sendto(body, (HOST, 0))
    raw.close()


def drive_unreachable(port, fillers=3):
    keep = []
    for _ in range(fillers):
        try:
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex((HOST, port))
            keep.append(s)
        except OSError:
            pass
        time.sleep(0.05)
    # A connection whose SYNs are dropped: retransmitted, never answered.
    s = socket.socket()
    s.bind((HOST, 18200))
    s.settimeout(3.5)
    t = threading.Thread(target=lambda: s.connect_ex((HOST, port)), daemon=True)
    t.start()
    # A second one that gets an ICMP host unreachable.
    u = socket.socket()
    u.bind((HOST, 18201))
    u.setblocking(False)
    u.connect_ex((HOST, port))
    time.sleep(0.2)
    inject_icmp_unreachable(18201, port)
    t.join(5)
    for k in keep + [s, u]:
        k.close()


if __name__ == "__main__":
    cmd = sys.argv[1]
    args = [a for a in sys.argv[2:]]
    if cmd == "malformed-server":
        malformed_server(int(args[0]), float(args[1]))
    elif cmd == "drive-malformed":
        drive_malformed(int(args[0]))
    elif cmd == "drive-keepalive":
        drive_keepalive(int(args[0]), float(args[1]))
    elif cmd == "drive-healthy":
        drive_healthy(int(args[0]))
    elif cmd == "drive-refused":
        drive_refused(int(args[0]))
    elif cmd == "full-backlog-server":
        full_backlog_server(int(args[0]), float(args[1]))
    elif cmd == "drive-unreachable":
        drive_unreachable(int(args[0]))
    else:
        sys.exit("unknown command " + cmd)
