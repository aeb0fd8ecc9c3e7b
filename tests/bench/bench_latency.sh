#!/bin/sh
# The latency probes' cost on the link: plain iperf3 with and without the probes wbench
# sends during the measured window (ping from the client's namespace to the server, 10
# per second, 56 bytes: scenario latency's defaults) on the same link, runs interleaved.
# Prints each run, the medians and the ratio with/without (goal >= 0.99), and the
# probes' own round trips under load.
#
# usage: SERVER_NS=ns CLIENT_NS=ns ADDR=ip tests/bench/bench_latency.sh [--duration S] [--reps N]
# Needs iperf3, ping and jq; SERVER_NS and CLIENT_NS name existing namespaces (/run/netns).
set -u
DUR=10; REPS=5
while [ $# -gt 0 ]; do
    case $1 in
        --duration) DUR=$2; shift ;;
        --reps) REPS=$2; shift ;;
        *) echo "bench_latency: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
: "${SERVER_NS:?}" "${CLIENT_NS:?}" "${ADDR:?}"
for c in iperf3 ping jq; do
    command -v "$c" >/dev/null 2>&1 || { echo "bench_latency: '$c' not found" >&2; exit 3; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-benchlat.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
port=$((40000 + $$ % 10000))

run() { # PROBES(0|1): prints the receiver goodput in bit/s, or nothing
    port=$((port + 1))
    ip netns exec "$SERVER_NS" iperf3 -s -1 -B "$ADDR" -p "$port" >/dev/null 2>&1 &
    spid=$!
    i=0
    until ip netns exec "$SERVER_NS" ss -ltnH "sport = :$port" | grep -q LISTEN; do
        i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.05
    done
    if [ "$1" = 1 ]; then
        ip netns exec "$CLIENT_NS" ping -i 0.1 -c $((DUR * 10)) -W 1 -s 56 "$ADDR" > "$T/ping" 2>&1 &
        ppid=$!
    fi
    ip netns exec "$CLIENT_NS" iperf3 -c "$ADDR" -p "$port" -t "$DUR" -J 2>/dev/null |
        jq -r 'if .error then empty else .end.sum_received.bits_per_second end'
    [ "$1" = 1 ] && wait "$ppid" 2>/dev/null
    wait "$spid" 2>/dev/null
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "# netns $CLIENT_NS -> $SERVER_NS ($ADDR), tcp up, ${DUR} s, $REPS runs a side"
r=1
while [ $r -le "$REPS" ]; do
    if [ $((r % 2)) = 1 ]; then a=$(run 0); b=$(run 1); else b=$(run 1); a=$(run 0); fi
    [ -n "$a" ] && echo "$a" >> "$T/off"
    [ -n "$b" ] && echo "$b" >> "$T/on"
    sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p' "$T/ping" >> "$T/rtt"
    awk -v r="$r" -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { printf "run %d: without probes %.1f Mbit/s, with %.1f Mbit/s\n", r, a / 1e6, b / 1e6 }'
    r=$((r + 1))
done
off=$(median < "$T/off" 2>/dev/null); on=$(median < "$T/on" 2>/dev/null)
[ -n "$off" ] && [ -n "$on" ] || { echo "bench_latency: no successful run on one side" >&2; exit 3; }
awk -v a="$off" -v b="$on" 'BEGIN { printf "median: without %.1f Mbit/s, with %.1f Mbit/s, ratio with/without %.3f\n", a / 1e6, b / 1e6, b / a }'
sort -g "$T/rtt" | awk '{ v[NR] = $1 } END { if (!NR) exit; i = int(NR * 0.9); if (i < 1) i = 1;
    printf "probe round trips under load: p50 %.1f ms, p90 %.1f ms (n=%d)\n", v[int((NR + 1) / 2)], v[i], NR }'
