#!/usr/bin/env bash
# Formats the sources in place with the toolchain's swift-format, then lints strictly.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Package.swift)
swift format format --in-place --recursive --parallel "${paths[@]}"
swift format lint --strict --recursive --parallel "${paths[@]}"
