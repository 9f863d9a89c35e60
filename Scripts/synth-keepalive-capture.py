#!/usr/bin/env python3
"""Writes a deterministic pcap (LINUX_SLL2, like `tcpdump -i any`) of HTTP/1.1 keep-alive traffic between
load-balancer-like clients and one nginx-like target, for Scripts/bench-pcap.sh.

Usage: synth-keepalive-capture.py OUTPUT MEGABYTES
Connections carry 50-150 requests each (seeded PRNG), with SYN/SYN-ACK/ACK, request, ACK, response, ACK,
and FIN/ACK at the end. No randomness beyond the fixed seed: the same size gives the same bytes.
"""
import random
import struct
import sys

out_path, megabytes = sys.argv[1], int(sys.argv[2])
limit = megabytes * 1024 * 1024
rng = random.Random(20261125)

TARGET = bytes([10, 0, 1, 7])
TARGET_PORT = 8080
LINKTYPE_LINUX_SLL2 = 276

BODY = b"<html><body>" + b"x" * 590 + b"</body></html>\n"
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Wed, 25 Nov 2026 13:00:00 GMT\r\n"
    b"Content-Type: text/html\r\nContent-Length: %d\r\nLast-Modified: Tue, 24 Nov 2026 09:00:00 GMT\r\n"
    b"Connection: keep-alive\r\nETag: \"6745a1b2-264\"\r\nAccept-Ranges: bytes\r\n\r\n" % len(BODY)
) + BODY


def request(n):
    return (
        b"GET /api/items/%d?page=2 HTTP/1.1\r\nHost: shop.example.com\r\nX-Forwarded-For: 198.51.100.%d\r\n"
        b"X-Forwarded-Proto: https\r\nX-Forwarded-Port: 443\r\nX-Amzn-Trace-Id: Root=1-6744f000-%024x\r\n"
        b"User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n"
        % (n % 100000, n % 250, n)
    )


out = open(out_path, "wb")
out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, LINKTYPE_LINUX_SLL2))
written = 24
ts_us = 1_764_075_600 * 1_000_000  # 2025-11-25T13:00:00Z
packets = requests = 0
buf = bytearray()


def packet(src, sport, dst, dport, seq, ack, flags, payload):
    global ts_us, packets, written
    ts_us += 37
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 502, 0, 0)
    total = 20 + 20 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, packets & 0xFFFF, 0x4000, 64, 6, 0, src, dst)
    # SLL2: protocol, reserved, ifindex, arphrd, pkttype, addrlen, addr[8]
    sll2 = struct.pack("!HHIHBB8s", 0x0800, 0, 2, 1, 0 if dst == TARGET else 4, 6, b"\x02\x00\x00\x00\x00\x01\x00\x00")
    frame = sll2 + ip + tcp + payload
    buf.extend(struct.pack("<IIII", ts_us // 1_000_000, ts_us % 1_000_000, len(frame), len(frame)))
    buf.extend(frame)
    packets += 1
    written += 16 + len(frame)


SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01
connection = 0
while written < limit:
    connection += 1
    client = bytes([10, 0, (connection // 200) % 4, 10 + connection % 200])
    cport = 10000 + connection % 50000
    cseq, sseq = rng.getrandbits(32), rng.getrandbits(32)
    packet(client, cport, TARGET, TARGET_PORT, cseq, 0, SYN, b"")
    packet(TARGET, TARGET_PORT, client, cport, sseq, cseq + 1, SYN | ACK, b"")
    cseq += 1
    sseq += 1
    packet(client, cport, TARGET, TARGET_PORT, cseq, sseq, ACK, b"")
    for _ in range(rng.randint(50, 150)):
        req = request(requests)
        requests += 1
        packet(client, cport, TARGET, TARGET_PORT, cseq, sseq, PSH | ACK, req)
        cseq += len(req)
        packet(TARGET, TARGET_PORT, client, cport, sseq, cseq, ACK, b"")
        packet(TARGET, TARGET_PORT, client, cport, sseq, cseq, PSH | ACK, RESPONSE)
        sseq += len(RESPONSE)
        packet(client, cport, TARGET, TARGET_PORT, cseq, sseq, ACK, b"")
        ts_us += rng.randint(1000, 50000)
    packet(client, cport, TARGET, TARGET_PORT, cseq, sseq, FIN | ACK, b"")
    packet(TARGET, TARGET_PORT, client, cport, sseq, cseq + 1, FIN | ACK, b"")
    packet(client, cport, TARGET, TARGET_PORT, cseq + 1, sseq + 1, ACK, b"")
    if len(buf) > 8 * 1024 * 1024:
        out.write(buf)
        buf.clear()
out.write(buf)
out.close()
print(f"{out_path}: {written} bytes, {packets} packets, {requests} requests, {connection} connections")
