#!/usr/bin/env python3
"""Runs a command under a real pseudo-terminal (python3's `pty` module) and reports what it wrote.

    Scripts/pty-run.py [--interrupt-after MARKER --count N] [--timeout S] -- COMMAND ARGS...

The command's standard input, output and error are the terminal (so `isatty` is true and ANSI redraws are what a
user sees). With --interrupt-after, once MARKER has appeared N times in the output, Ctrl-C is typed: the byte 0x03
is written to the terminal, whose line discipline sends SIGINT to the command, as a keyboard would. Prints one JSON
object: {"status": exit status (negative: killed by that signal), "interrupted": bool, "output": text}.
Used by the `watch` tests (Tests/ALBDoctorDiagnoseTests/WatchCommandTests.swift).
"""

import argparse
import json
import os
import pty
import select
import signal
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--interrupt-after")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    # A parent started by Foundation's Process may hand down a blocked signal mask: unblock it for the command.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    output = b""
    interrupted = False
    deadline = time.time() + options.timeout
    marker = options.interrupt_after.encode() if options.interrupt_after else None
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if marker and not interrupted and output.count(marker) >= options.count:
            os.write(fd, b"\x03")
            interrupted = True
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"status": code, "interrupted": interrupted, "output": output.decode("utf-8", "replace")}))


if __name__ == "__main__":
    sys.exit(main())
