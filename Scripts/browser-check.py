#!/usr/bin/env python3
"""Opens an HTML report in headless Chromium, offline, and prints what happened as one JSON object.

    Scripts/browser-check.py REPORT.html [--png OUT.png] [--strip-csp] [--chromium PATH]

Every request the page makes goes to a loopback proxy that only counts and refuses (nothing leaves the
machine); the page is loaded twice: once for the DOM (--dump-dom) and once for a screenshot. Printed keys:
  requests        requests the proxy received from the page (0 for a self-contained page); Chromium's own
                  background requests (updates, sign-in) are counted apart in browser_requests
  console         console messages Chromium logged (errors, CSP violations)
  bar_groups      `<g class="bar"` elements in the DOM after load
  pwned           whether <html> carries data-pwned="1" (set by the hostile test's payload if it ever ran)
  dom_bytes       size of the DOM
  png             width, height, distinct_colors (sampled) of the screenshot
--strip-csp removes the Content-Security-Policy <meta> first, so that a failure of the escaping alone would
show (the payload would run). Used by the Swift browser tests (Tests/ALBDoctorCLITests/HTMLBrowserTests.swift)
and by Scripts/screenshot-report.sh. Standard library only.
"""
import argparse
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import zlib


def find_chromium(explicit):
    for name in [explicit, "chromium", "chromium-browser", "google-chrome"]:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


# Chromium's own background requests (component/extension updates, sign-in), not the page's.
BROWSER_HOSTS = ("update.googleapis.com", "accounts.google.com", "clients2.google.com", "clients1.google.com",
                 "clientservices.googleapis.com", "optimizationguide-pa.googleapis.com", "edgedl.me.gvt1.com",
                 "redirector.gvt1.com", "safebrowsing.googleapis.com", "content-autofill.googleapis.com")


def is_browser_request(line):
    parts = line.split(" ")
    if len(parts) < 2:
        return False
    target = parts[1]
    host = target.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host in BROWSER_HOSTS


class CountingProxy:
    """Accepts connections on 127.0.0.1, records the first line, and closes them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.lines = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            try:
                conn.settimeout(1)
                data = conn.recv(512)
                self.lines.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
            except OSError:
                self.lines.append("(no request line)")
            finally:
                conn.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def png_stats(path):
    """Width, height and the number of distinct colours of an 8-bit RGB(A) PNG (every 7th pixel)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos = 8
    idat = b""
    width = height = depth = ctype = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6):
        raise ValueError(f"unsupported PNG depth {depth} colour type {ctype}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    colours = set()
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        for x in range(0, width, 7):
            colours.add(bytes(line[x * bpp:x * bpp + 3]))
        prev = line
    return {"width": width, "height": height, "distinct_colors": len(colours)}


def run_chromium(chromium, proxy_port, profile, extra, url):
    args = [
        chromium, "--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--metrics-recording-only", "--no-pings", "--disable-default-apps",
        "--no-service-autorun", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
        "--password-store=basic", "--use-mock-keychain", "--disable-breakpad", "--disable-crash-reporter",
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,"
        "DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,"
        "SafeBrowsing,InterestFeedContentSuggestions,PrivacySandboxSettings4,AccountConsistency,"
        "SigninInterceptBubble,ChromeWhatsNewUI",
        f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{proxy_port}",
        "--proxy-bypass-list=<-loopback>", "--enable-logging=stderr", "--v=0",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    args += extra + [url]
    return subprocess.run(args, capture_output=True, timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("--png")
    ap.add_argument("--strip-csp", action="store_true")
    ap.add_argument("--chromium")
    ap.add_argument("--window", default="1280,2000")
    ap.add_argument("--dom-only", action="store_true", help="no screenshot (faster)")
    ap.add_argument("--dom-out", help="also write the DOM after load to this file")
    opts = ap.parse_args()

    chromium = find_chromium(opts.chromium)
    if not chromium:
        print(json.dumps({"error": "chromium not found (Scripts/install-test-tools.sh installs it)"}))
        return 3

    work = tempfile.mkdtemp(prefix="alb-browser-")
    try:
        with open(opts.html, "rb") as f:
            page = f.read()
        if opts.strip_csp:
            page = re.sub(rb'<meta http-equiv="Content-Security-Policy"[^>]*>', b"", page)
        target = os.path.join(work, "report.html")
        with open(target, "wb") as f:
            f.write(page)
        url = "file://" + target
        proxy = CountingProxy()
        try:
            dom_run = run_chromium(chromium, proxy.port, os.path.join(work, "p1"), ["--dump-dom"], url)
            png = opts.png or os.path.join(work, "shot.png")
            shot_run = None
            if not opts.dom_only:
                shot_run = run_chromium(
                    chromium, proxy.port, os.path.join(work, "p2"),
                    [f"--screenshot={png}", f"--window-size={opts.window}", "--hide-scrollbars"], url,
                )
        finally:
            proxy.close()
        dom = dom_run.stdout.decode("utf-8", "replace")
        if opts.dom_out:
            with open(opts.dom_out, "w", encoding="utf-8") as f:
                f.write(dom)
        console = []
        for stream in (dom_run.stderr, shot_run.stderr if shot_run else b""):
            for line in stream.decode("utf-8", "replace").splitlines():
                if ":CONSOLE" in line:
                    console.append(line.split("] ", 1)[-1])
        result = {
            "chromium": chromium,
            "exit": [dom_run.returncode] + ([shot_run.returncode] if shot_run else []),
            "requests": len([r for r in proxy.lines if not is_browser_request(r)]),
            "request_lines": [r for r in proxy.lines if not is_browser_request(r)][:20],
            "browser_requests": len([r for r in proxy.lines if is_browser_request(r)]),
            "console": console,
            "bar_groups": len(re.findall(r'<g class="bar"', dom)),
            # The attribute on <html> itself (the text "data-pwned" of an escaped log line does not count).
            "pwned": re.search(r'<html[^>]*\sdata-pwned="1"', dom) is not None,
            "dom_bytes": len(dom),
            "png": png_stats(png) if os.path.exists(png) else None,
        }
        print(json.dumps(result))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
