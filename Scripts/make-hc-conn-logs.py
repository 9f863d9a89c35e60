#!/usr/bin/env python3
"""Writes the health-check and connection log fixtures of Tests/ALBAccessLogTests/Fixtures (issue 23).

Deterministic (fixed seed, gzip with mtime 0): running it again rewrites the same files. Python 3 stdlib only.

    Scripts/make-hc-conn-logs.py            # writes Tests/ALBAccessLogTests/Fixtures/
    Scripts/make-hc-conn-logs.py OUT_DIR    # somewhere else

For each log type it writes, next to each log, what the tests must find in it, derived from the generator's
own model of every line (never from a parser):

    health-check/aws-examples.log        AWS's documented example lines, verbatim
    health-check/variants.log            8 and 10 fields, unknown trailing fields, trailing "-", Lambda and
                                         IPv6 targets, every reason code, "-" values, a seeded random batch
    health-check/variants.expected.jsonl one JSON object per line: the typed values of the record
    health-check/bad-lines.log           good lines with bad ones between them
    health-check/bad-lines.expected.jsonl per line: {"line", "ok"} or {"line", "code", "field"} (the error)
    connection/…                         the same for connection logs
    s3/AWSLogs/…                         one load balancer's S3 folder: a health-check, a connection and an
                                         access log object (.log.gz) and ELBAccessLogTestFile
    s3.expected.json                     what each log type's reader finds in s3/
"""
import gzip
import json
import os
import random
import sys

SEED = 23
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "ALBAccessLogTests", "Fixtures")

ELB = "app/my-loadbalancer/50dc6c495c0c9188"
NODE_IP = "172.31.20.5"
ACCOUNT = "123456789012"
REGION = "us-east-2"

# AWS's documented example lines ("Health check logs for your Application Load Balancer", Example log entries).
HC_AWS_EXAMPLES = [
    "http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 -",
    "http 2025-10-31T12:44:58.901409Z 1.121980746 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError",
]

# AWS's documented example lines ("Connection logs for your Application Load Balancer", Example log entries).
# AWS shows each on three lines "only to make them easier to read"; a log line is them joined by one space.
CONN_AWS_EXAMPLES = [
    " ".join([
        "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036",
        '"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z',
        "FEF257372D5C14D4 Success TID_3180a73013c8ca4bac2f731159d4b0fe",
    ]),
    " ".join([
        "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 -",
        '"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z',
        "FEF257372D5C14D4 Failed:ClientCertUntrusted TID_1c71a68d70587445ad5127ff8b2687d7",
    ]),
]

# An access-log line in AWS's documented form (Tests/ALBAccessLogTests/TestLines.swift `awsHTTP`).
ACCESS_LINE = (
    'http 2025-10-31T12:44:59.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 '
    '0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - '
    'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 '
    '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2025-10-31T12:44:48.364000Z "forward" "-" "-" '
    '"10.0.0.1:80" "200" "-" "-"'
)

HC_REASONS = [
    "TimedOut", "ConnectionReset", "ResponseCodeMismatch", "ResponseStringMismatch", "InternalError",
    "TargetError", "GRPCStatusHeaderEmpty", "GRPCUnexpectedStatus",
    # Older codes (the page's earlier table), and one AWS may add later.
    "RequestTimedOut", "ConnectionTimedOut", "ClientCertTypeUnsupported", "SomeFutureReason",
]
VERIFY_FAILURES = [
    "ClientCertMaxChainDepthExceeded", "ClientCertMaxSizeExceeded", "ClientCertCrlHit",
    "ClientCertCrlProcessingError", "ClientCertUntrusted", "ClientCertNotYetValid", "ClientCertExpired",
    "ClientCertTypeUnsupported", "ClientCertInvalid", "ClientCertPurposeInvalid", "ClientCertRejected",
    "UnmappedConnectionError", "ClientCertIncompatible", "ClientCertSomeFutureCode",
]
LAMBDA_ARNS = [
    "arn:aws:lambda:us-east-2:123456789012:function:my-function",
    "arn:aws:lambda:us-east-2:123456789012:function:checkout:live",
]
TARGET_GROUPS = ["HCLogsTestIPs", "web-targets", "grpc-backend", "lambda-tg"]


def stamp(rng, day=31, hour=12, digits=6):
    fraction = "".join(rng.choice("0123456789") for _ in range(digits))
    return "2025-10-%02dT%02d:%02d:%02d.%sZ" % (day, hour, rng.randrange(60), rng.randrange(60), fraction)


def seconds_text(nanoseconds, digits):
    """Seconds with `digits` fraction digits, from a whole number of nanoseconds divisible accordingly."""
    whole, frac = divmod(nanoseconds, 10**9)
    return "%d.%s" % (whole, ("%09d" % frac)[:digits])


# MARK: health-check lines


def hc_line(kind, time, latency_ns, target, group, status, code, reason, elb=None, ip=None, extra=()):
    """A health-check line and its expected record (the generator's model)."""
    latency = "-" if latency_ns is None else seconds_text(latency_ns, 9)
    target_text = "-" if target is None else (target["lambda"] if "lambda" in target else target["text"])
    fields = [kind, time, latency, target_text, group or "-", status, "-" if code is None else str(code),
              reason or "-"]
    if elb is not None or ip is not None or extra:
        fields += [elb or "-", ip or "-"]
    fields += list(extra)
    expected = {
        "type": kind, "time": time, "latency_ns": latency_ns,
        "target": None if target is None else ({"lambda": target["lambda"]} if "lambda" in target
                                               else {"ip": target["ip"], "port": target["port"]}),
        "target_group_name": group, "status": status, "status_code": code, "reason_code": reason,
        "elb": elb, "ip_address": ip, "unknown_fields": list(extra), "field_count": len(fields),
    }
    return " ".join(fields), expected


def endpoint(ip, port, bracketed=False):
    text = ("[%s]:%d" % (ip, port)) if bracketed else ("%s:%d" % (ip, port))
    return {"ip": ip, "port": port, "text": text}


def hc_variants(rng):
    lines = []
    t = lambda: stamp(rng)
    # 8 fields, like AWS's examples.
    lines.append(hc_line("http", t(), 19_584_011, endpoint("172.31.20.97", 80), "HCLogsTestIPs", "PASS", 200, None))
    # 10 fields with elb and ip_address; a TLS check that timed out without a status code.
    lines.append(hc_line("https", t(), 5_000_000_000, endpoint("10.0.1.17", 443), "web-targets", "FAIL", None,
                         "TimedOut", ELB, NODE_IP))
    lines.append(hc_line("h2", t(), 1_000_000, endpoint("10.0.1.18", 8443), "web-targets", "FAIL", None,
                         "ConnectionReset", ELB, NODE_IP))
    # gRPC checks answer with gRPC status codes.
    lines.append(hc_line("grpc", t(), 2_500_000, endpoint("10.0.2.5", 50051), "grpc-backend", "FAIL", 12,
                         "GRPCUnexpectedStatus", ELB, NODE_IP))
    lines.append(hc_line("grpc", t(), 2_000_000, endpoint("10.0.2.6", 50051), "grpc-backend", "FAIL", None,
                         "GRPCStatusHeaderEmpty", ELB, NODE_IP))
    # Lambda targets: the function's ARN (with and without a qualifier).
    lines.append(hc_line("lambda", t(), 120_000_000, {"lambda": LAMBDA_ARNS[0]}, "lambda-tg", "PASS", 200, None,
                         ELB, NODE_IP))
    lines.append(hc_line("lambda", t(), 3_000_000_000, {"lambda": LAMBDA_ARNS[1]}, "lambda-tg", "FAIL", 502,
                         "TargetError"))
    # IPv6 targets, bare (split on the last colon) and bracketed.
    lines.append(hc_line("http", t(), 4_000_000, endpoint("2001:db8:1::10", 80), "web-targets", "PASS", 200, None,
                         ELB, "2600:1f16:abc::5"))
    lines.append(hc_line("http", t(), 4_000_000, endpoint("2001:db8:1::11", 80, bracketed=True), "web-targets",
                         "FAIL", 404, "ResponseCodeMismatch", ELB, NODE_IP))
    # A field AWS has not documented yet, and the trailing "-" written before a field is released.
    lines.append(hc_line("http", t(), 7_000_000, endpoint("10.0.1.19", 80), "web-targets", "PASS", 200, None, ELB,
                         NODE_IP, extra=("new-field-value",)))
    lines.append(hc_line("http", t(), 7_000_000, endpoint("10.0.1.19", 80), "web-targets", "PASS", 200, None, ELB,
                         NODE_IP, extra=("-",)))
    lines.append(hc_line("http", t(), 7_000_000, endpoint("10.0.1.19", 80), "web-targets", "PASS", 200, None, ELB,
                         NODE_IP, extra=("x", "y", "-")))
    # A trailing "-" after 8 fields is where `elb` goes: it reads as elb absent.
    line, exp = hc_line("http", t(), 9_000_000, endpoint("10.0.1.20", 80), "web-targets", "FAIL", 503,
                        "TargetError")
    lines.append((line + " -", dict(exp, field_count=9)))
    # "-" latency and target, a check type AWS does not document.
    lines.append(hc_line("tcp", t(), None, None, "web-targets", "FAIL", None, "InternalError", ELB, NODE_IP))
    # Every reason code, documented, older and unknown.
    for reason in HC_REASONS:
        lines.append(hc_line("http", t(), rng.randrange(1, 6_000) * 1_000_000, endpoint("10.0.3.%d" % rng.randrange(2, 250), 80),
                             rng.choice(TARGET_GROUPS), "FAIL", rng.choice([None, 500, 503, 404]), reason, ELB,
                             NODE_IP))
    # A seeded random batch over the same dimensions.
    for _ in range(40):
        kind = rng.choice(["http", "https", "h2", "grpc", "lambda"])
        passed = rng.random() < 0.6
        if kind == "lambda":
            target = {"lambda": rng.choice(LAMBDA_ARNS)}
        elif rng.random() < 0.2:
            target = endpoint("2001:db8:2::%x" % rng.randrange(1, 4096), rng.choice([80, 443, 8080]),
                              bracketed=rng.random() < 0.5)
        else:
            target = endpoint("10.0.%d.%d" % (rng.randrange(0, 8), rng.randrange(2, 250)), rng.choice([80, 443, 8080]))
        reason = None if passed else rng.choice(HC_REASONS[:8])
        code = (0 if kind == "grpc" else 200) if passed else (
            None if reason in ("TimedOut", "ConnectionReset") else rng.choice([500, 502, 503, 404]))
        width = rng.choice([8, 10, 10, 11])
        extra = ("-",) if width == 11 else ()
        elb, ip = (ELB, NODE_IP) if width >= 10 else (None, None)
        lines.append(hc_line(kind, t(), rng.randrange(1, 5_000_000) * 1_000, target, rng.choice(TARGET_GROUPS),
                             "PASS" if passed else "FAIL", code, reason, elb, ip, extra=extra))
    return lines


def hc_bad_lines(rng, good):
    """Good lines with bad ones between them; each bad line with the error it must give."""
    base = "http 2025-10-31T12:45:01.000001Z 0.002000000 10.0.1.17:80 web-targets FAIL 502 TargetError %s %s" % (
        ELB, NODE_IP)
    bad = [
        (base.replace(" FAIL ", " OK "), "invalid-value", "status"),
        (base.replace("2025-10-31T12:45:01", "2025-13-31T12:45:01"), "invalid-value", "time"),
        (base.replace("0.002000000", "fast"), "invalid-value", "latency"),
        (base.replace("10.0.1.17:80", "10.0.1.17"), "invalid-value", "target_addr"),
        (base.replace(" 502 ", " 5020 "), "invalid-value", "status_code"),
        (" ".join(base.split(" ")[:7]), "missing-field", "reason_code"),
        (base.replace("web-targets", 'web"targets'), "unexpected-quote", "target_group_id"),
        (base.replace(NODE_IP, "node!"), "invalid-value", "ip_address"),
        ("garbage line", "invalid-value", "type"),
        # An access-log line in a health-check log: its third field is the load balancer id, not a latency.
        (ACCESS_LINE, "invalid-value", "latency"),
    ]
    lines, expected = [], []
    goods = list(good)
    for line, code, field in bad:
        for _ in range(2):
            g = goods.pop(0)
            lines.append(g)
            expected.append({"line": len(lines), "ok": True})
        lines.append(line)
        expected.append({"line": len(lines), "ok": False, "code": code, "field": field})
    for g in goods[:3]:
        lines.append(g)
        expected.append({"line": len(lines), "ok": True})
    return lines, expected


# MARK: connection lines


def conn_line(time, ip, port, listener, tls=None, latency_ms=None, cert=None, verify=None, trace=None,
              keyexchange=None, elb=None, node=None, width=12, extra=(), subject_quoted=True):
    """A connection line and its expected record. `tls` = (protocol, cipher); `cert` = (subject, before, after,
    serial); `width` = 11, 12 or 15 documented fields."""
    protocol, cipher = tls if tls else ("-", "-")
    latency = "-" if latency_ms is None else seconds_text(latency_ms * 1_000_000, 3)
    if cert:
        subject, before, after, serial = cert
        subject_text = '"%s"' % subject
        validity = "NotBefore=%s;NotAfter=%s" % (before, after)
    else:
        subject, before, after, serial = None, None, None, None
        subject_text = '"-"' if subject_quoted else "-"
        validity = "-"
    fields = [time, ip, str(port), str(listener), protocol, cipher, latency, subject_text, validity, serial or "-",
              verify or "-"]
    if width >= 12:
        fields.append(trace or "-")
    if width >= 15:
        fields += [keyexchange or "-", elb or "-", node or "-"]
    fields += list(extra)
    expected = {
        "timestamp": time, "client_ip": ip, "client_port": port, "listener_port": listener,
        "tls_protocol": tls[0] if tls else None, "tls_cipher": tls[1] if tls else None,
        "tls_handshake_latency_ns": None if latency_ms is None else latency_ms * 1_000_000,
        "leaf_client_cert_subject": subject,
        "leaf_client_cert_validity": None if cert is None else {"not_before": before, "not_after": after},
        "leaf_client_cert_serial_number": serial, "tls_verify_status": verify,
        "conn_trace_id": trace if width >= 12 else None,
        "tls_keyexchange": keyexchange if width >= 15 else None,
        "elb": elb if width >= 15 else None, "ip_address": node if width >= 15 else None,
        "unknown_fields": list(extra), "field_count": len(fields),
    }
    return " ".join(fields), expected


def trace_id(rng):
    return "TID_" + "".join(rng.choice("0123456789abcdef") for _ in range(32))


def serial(rng):
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(16))


CERT_SUBJECTS = [
    "CN=client-a.example.com,O=Example Corp,L=Seattle,ST=Washington,C=US",
    "CN=device 42,OU=Fleet,O=Example",
    "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US",
]
TLS = [("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"), ("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
       ("TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384")]


def conn_variants(rng):
    lines = []
    t = lambda: stamp(rng, hour=13)
    cert = lambda: (rng.choice(CERT_SUBJECTS), "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", serial(rng))
    # 12 fields: an mTLS connection that succeeded, as AWS's example.
    lines.append(conn_line(t(), "203.0.113.7", 40112, 443, TLS[0], 12, cert(), "Success", trace_id(rng)))
    # A plain-HTTP listener: every TLS field "-", the subject quoted and bare.
    lines.append(conn_line(t(), "198.51.100.20", 51000, 80, trace=trace_id(rng)))
    lines.append(conn_line(t(), "198.51.100.21", 51001, 80, trace=trace_id(rng), subject_quoted=False))
    # HTTPS without mTLS: TLS fields, no certificate.
    lines.append(conn_line(t(), "198.51.100.22", 51002, 443, TLS[1], 3, None, "Success", trace_id(rng)))
    # 15 fields: tls_keyexchange, elb, ip_address.
    lines.append(conn_line(t(), "203.0.113.8", 40113, 443, TLS[1], 5, cert(), "Success", trace_id(rng), "X25519",
                           ELB, NODE_IP, width=15))
    lines.append(conn_line(t(), "203.0.113.9", 40114, 443, TLS[1], 8, cert(), "Success", trace_id(rng),
                           "X25519MLKEM768", ELB, NODE_IP, width=15))
    # IPv6 client.
    lines.append(conn_line(t(), "2001:db8:5::1", 40115, 443, TLS[0], 4, None, "Success", trace_id(rng), "secp256r1",
                           ELB, "2600:1f16:abc::5", width=15))
    # 11 fields: no conn_trace_id.
    lines.append(conn_line(t(), "203.0.113.10", 40116, 443, TLS[0], 6, cert(), "Success", width=11))
    # Unknown trailing fields, and the trailing "-" before a field is released.
    lines.append(conn_line(t(), "203.0.113.11", 40117, 443, TLS[0], 6, cert(), "Success", trace_id(rng), "X25519",
                           ELB, NODE_IP, width=15, extra=("new-field",)))
    lines.append(conn_line(t(), "203.0.113.12", 40118, 443, TLS[0], 6, cert(), "Success", trace_id(rng), "X25519",
                           ELB, NODE_IP, width=15, extra=("-",)))
    # A trailing "-" after 12 fields is where tls_keyexchange goes: it reads as absent.
    line, exp = conn_line(t(), "203.0.113.13", 40119, 443, TLS[0], 6, cert(), "Success", trace_id(rng))
    lines.append((line + " -", dict(exp, field_count=13)))
    # Every failure code (documented, and one AWS may add later); a failed handshake has no latency.
    for code in VERIFY_FAILURES:
        lines.append(conn_line(t(), "203.0.113.%d" % rng.randrange(20, 250), rng.randrange(1024, 65536), 443,
                               rng.choice(TLS), None, cert(), "Failed:" + code, trace_id(rng), "X25519", ELB,
                               NODE_IP, width=15))
    # A seeded random batch.
    for _ in range(40):
        listener = rng.choice([80, 443, 443, 8443])
        width = rng.choice([12, 15, 15])
        tls = rng.choice(TLS) if listener != 80 else None
        mtls = tls is not None and rng.random() < 0.5
        failed = mtls and rng.random() < 0.3
        verify = None if tls is None else ("Failed:" + rng.choice(VERIFY_FAILURES[:13]) if failed else "Success")
        lines.append(conn_line(t(), "198.51.100.%d" % rng.randrange(1, 255), rng.randrange(1024, 65536), listener,
                               tls, None if (tls is None or failed) else rng.randrange(1, 40),
                               cert() if mtls else None, verify, trace_id(rng),
                               rng.choice(["X25519", "secp256r1"]) if tls else None, ELB, NODE_IP, width=width))
    return lines


def conn_bad_lines(rng, good):
    base = CONN_AWS_EXAMPLES[0]
    bad = [
        (base.replace(" 36280 ", " port "), "invalid-value", "client_port"),
        (base.replace(" 443 ", " 70000 "), "invalid-value", "listener_port"),
        (base.replace(" Success ", " Maybe "), "invalid-value", "tls_verify_status"),
        (base.replace("NotBefore=2023-09-21T22:43:21Z;", "NotBefore=sometime;"), "invalid-value",
         "leaf_client_cert_validity"),
        (base.replace(" 4.036 ", " 4.0.36 "), "invalid-value", "tls_handshake_latency"),
        (base.replace("2023-10-04T17:05:15", "2023-10-04T25:05:15"), "invalid-value", "timestamp"),
        (base.replace("203.0.113.1", "client_host"), "invalid-value", "client_ip"),
        (base.replace(",C=US\"", ",C=US"), "unterminated-quote", "leaf_client_cert_subject"),
        # The subject bare, and a quote further on: the fields are shifted at the subject.
        (base.replace('"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US"', "CN=bare").replace(
            "FEF257372D5C14D4", 'FEF2"57372D5C14D4'), "expected-quote", "leaf_client_cert_subject"),
        (" ".join(base.split(" ")[:10]), "missing-field", "tls_verify_status"),
        # A health-check line in a connection log.
        (HC_AWS_EXAMPLES[0], "invalid-value", "timestamp"),
    ]
    lines, expected = [], []
    goods = list(good)
    for line, code, field in bad:
        for _ in range(2):
            g = goods.pop(0)
            lines.append(g)
            expected.append({"line": len(lines), "ok": True})
        lines.append(line)
        expected.append({"line": len(lines), "ok": False, "code": code, "field": field})
    for g in goods[:3]:
        lines.append(g)
        expected.append({"line": len(lines), "ok": True})
    return lines, expected


# MARK: files


def write(path, data):
    path = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def text(lines):
    return "".join(line + "\n" for line in lines)


def jsonl(objects):
    return "".join(json.dumps(o, sort_keys=True) + "\n" for o in objects)


def object_name(prefix, end, node, suffix):
    return "%s%s_elasticloadbalancing_%s_app.my-loadbalancer.50dc6c495c0c9188_%s_%s_%s.log.gz" % (
        prefix, ACCOUNT, REGION, end, node, suffix)


def main():
    rng = random.Random(SEED)
    hc = hc_variants(rng)
    conn = conn_variants(rng)
    write("health-check/aws-examples.log", text(HC_AWS_EXAMPLES))
    write("health-check/variants.log", text(line for line, _ in hc))
    write("health-check/variants.expected.jsonl", jsonl(exp for _, exp in hc))
    lines, expected = hc_bad_lines(rng, [line for line, _ in hc])
    write("health-check/bad-lines.log", text(lines))
    write("health-check/bad-lines.expected.jsonl", jsonl(expected))

    write("connection/aws-examples.log", text(CONN_AWS_EXAMPLES))
    write("connection/variants.log", text(line for line, _ in conn))
    write("connection/variants.expected.jsonl", jsonl(exp for _, exp in conn))
    lines, expected = conn_bad_lines(rng, [line for line, _ in conn])
    write("connection/bad-lines.log", text(lines))
    write("connection/bad-lines.expected.jsonl", jsonl(expected))

    # One load balancer's S3 folder: each type in the layout AWS documents, gzip like AWS delivers it.
    folder = "s3/AWSLogs/%s/elasticloadbalancing/%s/2025/10/31/" % (ACCOUNT, REGION)
    hc_objects = [line for line, _ in hc[:20]], [line for line, _ in hc[20:32]]
    conn_object = [line for line, _ in conn[:25]]
    access_object = [ACCESS_LINE] * 3
    write(folder + object_name("health_check_log_", "20251031T1245Z", NODE_IP, "hc0a1b2c"),
          gzip.compress(text(hc_objects[0]).encode(), mtime=0))
    write(folder + object_name("health_check_log_", "20251031T1250Z", NODE_IP, "hc3d4e5f"),
          gzip.compress(text(hc_objects[1]).encode(), mtime=0))
    write(folder + object_name("conn_log_", "20251031T1305Z", NODE_IP, "cn6a7b8c"),
          gzip.compress(text(conn_object).encode(), mtime=0))
    write(folder + object_name("", "20251031T1245Z", NODE_IP, "ac9d0e1f"),
          gzip.compress(text(access_object).encode(), mtime=0))
    write("s3/AWSLogs/%s/ELBAccessLogTestFile" % ACCOUNT, "Enable AccessLog for ELB: my-loadbalancer at 2025-10-31T12:00:00.000Z\n")
    write("s3.expected.json", json.dumps({
        "health_check": {"files": 2, "records": len(hc_objects[0]) + len(hc_objects[1]), "ignored": 3},
        "connection": {"files": 1, "records": len(conn_object), "ignored": 4},
        "access": {"files": 1, "records": len(access_object), "ignored": 4},
        "health_check_first_file_records": len(hc_objects[0]),
    }, indent=2, sort_keys=True) + "\n")


main()
