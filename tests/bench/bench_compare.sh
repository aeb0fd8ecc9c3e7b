#!/bin/sh
# make bench (gate part): calibration of the regression gate's verdict (reports/
# verdict.c) by simulation, with the routine tests/unit/test_verdict.c asserts on.
# Usage: tests/bench/bench_compare.sh [BUILD_DIR] [PAIRS] [CV]
set -eu
BUILD=${1:-build}
PAIRS=${2:-1000}
CV=${3:-0.02}
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-bench-compare.XXXXXX")
trap 'rm -rf "$T"' EXIT

PKG_LIBS=$(pkg-config --libs libnl-3.0 libnl-genl-3.0 libnl-route-3.0 libpcap jansson \
    libcrypto 2>/dev/null || true)
# shellcheck disable=SC2086 # PKG_LIBS is a list of flags
cc -O2 -std=c11 -D_GNU_SOURCE -I. -o "$T/calibrate" tests/bench/calibrate.c \
    "$BUILD/libwbench.a" $PKG_LIBS -liperf -lm
"$T/calibrate" "$PAIRS" "$CV"
