#!/bin/sh
# Plain iperf3 (client + one-off server) against wbench's throughput collector
# (`wbench traffic`, libiperf in forked processes) on the same link with the same
# parameters, runs interleaved so that drift hits both alike. Prints each run's receiver
# goodput, the medians and the ratio collector/iperf3 (1.0 = no overhead).
#
# usage: tests/bench/bench_throughput.sh [--build DIR] [--link lo|veth] [--proto tcp|udp]
#          [--direction up|down] [--streams N] [--duration S] [--omit S]
#          [--bitrate R] [--reps N]
#   --link veth   two network namespaces joined by a veth pair (needs root)
# Needs iperf3 and jq. Any other existing link (e.g. hwsim in the VM): leave --link at
# lo and set SERVER_NS, CLIENT_NS (names under /run/netns) and ADDR (the server's address).
set -u

BUILD=build; LINK=lo; PROTO=tcp; DIR=up; STREAMS=1; DUR=5; OMIT=1; RATE=100M; REPS=3
while [ $# -gt 0 ]; do
    case $1 in
        --build) BUILD=$2; shift ;;
        --link) LINK=$2; shift ;;
        --proto) PROTO=$2; shift ;;
        --direction) DIR=$2; shift ;;
        --streams) STREAMS=$2; shift ;;
        --duration) DUR=$2; shift ;;
        --omit) OMIT=$2; shift ;;
        --bitrate) RATE=$2; shift ;;
        --reps) REPS=$2; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_throughput: unknown option '$1'" >&2; exit 2 ;;
    esac
    shift
done
WB=$BUILD/wbench
for c in iperf3 jq "$WB"; do
    command -v "$c" >/dev/null 2>&1 || { echo "bench_throughput: '$c' not found" >&2; exit 3; }
done

SERVER_NS=${SERVER_NS:-}; CLIENT_NS=${CLIENT_NS:-}; ADDR=${ADDR:-127.0.0.1}
cleanup() { :; }
if [ "$LINK" = veth ]; then
    SERVER_NS=wbb$$-ap; CLIENT_NS=wbb$$-sta; ADDR=10.234.0.1
    cleanup() { ip netns del "$SERVER_NS" 2>/dev/null; ip netns del "$CLIENT_NS" 2>/dev/null; }
    trap cleanup EXIT INT TERM
    ip netns add "$SERVER_NS" && ip netns add "$CLIENT_NS" &&
    ip link add wbb-ap netns "$SERVER_NS" type veth peer name wbb-sta netns "$CLIENT_NS" &&
    ip -n "$SERVER_NS" addr add 10.234.0.1/24 dev wbb-ap &&
    ip -n "$CLIENT_NS" addr add 10.234.0.2/24 dev wbb-sta &&
    ip -n "$SERVER_NS" link set wbb-ap up && ip -n "$CLIENT_NS" link set wbb-sta up &&
    ip -n "$SERVER_NS" link set lo up && ip -n "$CLIENT_NS" link set lo up ||
        { echo "bench_throughput: cannot build the veth link (root needed)" >&2; exit 3; }
fi

in_ns() { # NS CMD...: run CMD in namespace NS (or here when NS is empty)
    ns=$1; shift
    if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# iperf3's own options for the chosen traffic.
IPERF_OPTS="-t $DUR -O $OMIT -P $STREAMS"
WB_OPTS="-t $DUR -O $OMIT -P $STREAMS -d $DIR"
[ "$DIR" = down ] && IPERF_OPTS="$IPERF_OPTS -R"
if [ "$PROTO" = udp ]; then
    IPERF_OPTS="$IPERF_OPTS -u -b $RATE -l 1460"
    WB_OPTS="$WB_OPTS -u -b $RATE -l 1460"
fi
[ -n "$SERVER_NS" ] && WB_OPTS="$WB_OPTS --server-netns $SERVER_NS"
[ -n "$CLIENT_NS" ] && WB_OPTS="$WB_OPTS --client-netns $CLIENT_NS"

port=$((20000 + $$ % 20000))
next_port() { port=$((port + 1)); }

run_iperf3() { # prints the receiver goodput in bit/s, or nothing
    next_port
    in_ns "$SERVER_NS" iperf3 -s -1 -B "$ADDR" -p "$port" >/dev/null 2>&1 &
    spid=$!
    # bounded readiness check: the server is listening within 5 s or never
    i=0
    until in_ns "$SERVER_NS" ss -ltnH "sport = :$port" | grep -q LISTEN; do
        i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.05
    done
    # shellcheck disable=SC2086
    in_ns "$CLIENT_NS" iperf3 -c "$ADDR" -p "$port" $IPERF_OPTS -J 2>/dev/null |
        jq -r 'if .error then empty else .end.sum_received.bits_per_second end'
    wait "$spid" 2>/dev/null
}

run_wbench() {
    next_port
    # shellcheck disable=SC2086
    "$WB" traffic -s "$ADDR" -p "$port" $WB_OPTS 2>/dev/null |
        jq -r 'if .status == "ok" then .bits_per_second else empty end'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1;
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

where=$LINK
[ -n "$SERVER_NS" ] && where="netns $CLIENT_NS -> $SERVER_NS ($ADDR)"
echo "# link=$where proto=$PROTO direction=$DIR streams=$STREAMS duration=${DUR}s omit=${OMIT}s reps=$REPS$( [ "$PROTO" = udp ] && echo " bitrate=$RATE")"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wbench-bench.XXXXXX")
fails=0
r=1
while [ $r -le "$REPS" ]; do
    # alternate which goes first, so that neither always runs on a warmer system
    if [ $((r % 2)) = 1 ]; then a=$(run_iperf3); b=$(run_wbench); else b=$(run_wbench); a=$(run_iperf3); fi
    [ -n "$a" ] && echo "$a" >> "$TMP/iperf3" || fails=$((fails + 1))
    [ -n "$b" ] && echo "$b" >> "$TMP/wbench" || fails=$((fails + 1))
    awk -v r="$r" -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { printf "run %d: iperf3 %.1f Mbit/s, wbench %.1f Mbit/s\n", r, a / 1e6, b / 1e6 }'
    r=$((r + 1))
done
ma=$(median < "$TMP/iperf3" 2>/dev/null); mb=$(median < "$TMP/wbench" 2>/dev/null)
rm -rf "$TMP"
if [ -z "$ma" ] || [ -z "$mb" ]; then
    echo "bench_throughput: no successful run on one side ($fails failed runs)" >&2
    exit 3
fi
awk -v a="$ma" -v b="$mb" 'BEGIN { printf "median: iperf3 %.1f Mbit/s, wbench %.1f Mbit/s, ratio wbench/iperf3 %.3f\n", a / 1e6, b / 1e6, b / a }'
[ $fails = 0 ]
