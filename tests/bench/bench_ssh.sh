#!/bin/sh
# make bench, inside the VM (as root): the per-cell overhead of the ssh backend against the
# sim backend on the same cells in the same VM, and the ssh connections a cell opens.
#  - sim: the AP's hostapd, the STA, the iperf server all here in namespaces;
#  - ssh: the AP on an AP host of tests/lib/aphost.sh (OpenSSH's sshd in a namespace, a
#    hwsim radio moved in, bridged to this machine), the STA here, the iperf peer on the
#    wired side; the same cells, the same sniffer.
# Overhead = a cell's wall time minus its traffic time (association, daemons, collectors,
# capture, teardown). Connections are counted where they arrive: the AP host's sshd log
# ("Accepted publickey"), for a 1-cell run and an N-cell run; (N-cell - 1-cell) / (N - 1)
# is what a cell after the first costs.
set -u
BUILD=${1:-build}
WB=$BUILD/wbench
T=$(mktemp -d /tmp/wbench-bench-ssh.XXXXXX)
. tests/lib/aphost.sh
cleanup() {
    aphost_down bssh 2>/dev/null
    for r in wbbap wbbsta wbbsnf; do "$WB" sim radio del "$r" >/dev/null 2>&1; done
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

modprobe mac80211_hwsim radios=0
aphost_up bssh 10.77.9 bridge || { echo "bench: the AP host did not come up" >&2; exit 3; }
# made here and moved there: a hwsim radio hears only those made in the same namespace
"$WB" sim radio add wbbap --profile full --netns "$APHOST_NS" >/dev/null &&
"$WB" sim radio add wbbsta >/dev/null && "$WB" sim radio add wbbsnf >/dev/null ||
    { echo "bench: cannot create the radios" >&2; exit 3; }
opts=$(aphost_ssh_options | sed 's/.*/"&"/' | paste -sd, -)

# scenario FILE BACKEND REPS: nohwcrypt x psk2, sae; 10 s of TCP up, 2 s omitted
scenario() {
    if [ "$2" = sim ]; then
        lab='"backend": "sim", "ap": { "profile": "full" }, "sta": { "profile": "full" },
             "sniffer": { "enabled": true }'
    else
        # hwsim has no crypto switch: the scenario's reads nohwcrypt, so no cell flips
        lab="\"backend\": \"ssh\",
    \"hosts\": { \"apbox\": { \"ssh\": \"$APHOST_TARGET\", \"identity_file\": \"$APHOST_KEY\",
                            \"ssh_options\": [$opts] } },
    \"ap\": { \"host\": \"apbox\", \"phy\": \"wbbap\", \"channel\": 6, \"bridge\": \"br0\",
            \"crypto_switch\": { \"hwcrypt\": [\"false\"], \"nohwcrypt\": [\"true\"],
              \"read\": [\"echo\", \"1\"], \"values\": { \"hwcrypt\": \"0\", \"nohwcrypt\": \"1\" } } },
    \"sta\": { \"phy\": \"wbbsta\", \"address\": \"10.77.9.50/24\" },
    \"peer\": { \"host\": \"local\", \"address\": \"10.77.9.1\" },
    \"sniffer\": { \"enabled\": true, \"phy\": \"wbbsnf\" }"
    fi
    cat > "$1" <<EOF
{ "name": "bench-$2", "lab": { $lab },
  "crypto_modes": ["nohwcrypt"], "security": ["psk2", "sae"],
  "passphrase": "wbench-demo-passphrase",
  "traffic": { "proto": "tcp", "direction": "up", "duration_s": 10, "omit_s": 2 },
  "repetitions": $3 }
EOF
}

accepted() { grep -c 'Accepted publickey' "$APHOST_DIR/sshd.log"; }

# median_overhead RESULTS: the median of wall_s - traffic_s over the ok cells
median_overhead() {
    jq -r '[.cells[] | select(.status == "ok") | (.wall_s - .traffic_s)] | sort |
           if length == 0 then "none" else .[length/2|floor] * 100 | round / 100 end' "$1"
}

for b in sim ssh; do scenario "$T/$b.json" "$b" 3; done
scenario "$T/ssh1.json" ssh 1
sed -i 's/"security": \["psk2", "sae"\]/"security": ["psk2"]/' "$T/ssh1.json"

"$WB" run "$T/sim.json" -o "$T/r-sim.json" >/dev/null 2>&1 ||
    { echo "bench: the sim run failed" >&2; exit 3; }
c0=$(accepted)
"$WB" run "$T/ssh1.json" -o "$T/r-ssh1.json" >/dev/null 2>&1 ||
    { echo "bench: the 1-cell ssh run failed" >&2; exit 3; }
c1=$(accepted)
"$WB" run "$T/ssh.json" -o "$T/r-ssh.json" >/dev/null 2>&1 ||
    { echo "bench: the ssh run failed" >&2; exit 3; }
c6=$(accepted)

n=$(jq '[.cells[] | select(.status == "ok")] | length' "$T/r-ssh.json")
[ "$n" -gt 0 ] || jq -r '.cells[] | "bench: ssh cell \(.index): \(.status) \(.diagnosis.message // "")"' \
    "$T/r-ssh.json" >&2
sim=$(median_overhead "$T/r-sim.json")
ssh=$(median_overhead "$T/r-ssh.json")
echo "overhead per cell (median wall - traffic, $n cells each): sim $sim s, ssh $ssh s"
awk -v a="$ssh" -v b="$sim" 'BEGIN { if (b > 0) printf "ssh / sim overhead ratio: %.2fx (goal <= 1.5x)\n", a / b }'
jq -r '[.cells[] | select(.status == "ok") | .ap_start_ms] | sort |
       "AP start: median \(.[length/2|floor]) ms over ssh"' "$T/r-ssh.json"
jq -r '[.cells[] | select(.status == "ok") | .ap_start_ms] | sort |
       "AP start: median \(.[length/2|floor]) ms on the sim"' "$T/r-sim.json"
cells=$(jq '.cells | length' "$T/r-ssh.json")
echo "ssh connections: $((c1 - c0)) for a 1-cell run, $((c6 - c1)) for a $cells-cell run"
awk -v a="$((c6 - c1))" -v b="$((c1 - c0))" -v n="$cells" \
    'BEGIN { printf "ssh connections per cell after the first: %.2f (goal 0)\n", (a - b) / (n - 1) }'
