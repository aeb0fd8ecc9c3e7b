#!/bin/sh
# The ssh backend on an AP host of tests/lib/aphost.sh (OpenSSH's sshd in a namespace,
# wired to this machine by a veth and bridged (br0) on its side; a hwsim radio moved in):
# hostapd there over ssh, the STA here in a namespace of its own on a second radio, the
# iperf peer on the wired side (this machine's end of the veth), a third radio here sniffs.
# The AP radio stands for an MT7620: the rt2800 cipher set (no BIP) in hwcrypt. The crypto
# switch is the scenario's, run on the AP host (tests/lib/modparam_switch.sh: ath9k reloaded
# with nohwcrypt=0/1, a real module parameter, and the radio made again with the mode's
# cipher set, as a driver reload does).
#  - probe --lab: the radios where they are, the switch's value, the predictions;
#  - the seed case (hwcrypt/nohwcrypt x psk2, sae) gives the same
#    verdicts as the sim backend on the same matrix: hwcrypt + PMF -> ap_start_failed,
#    no_bip_cipher, predicted, with the remedy; the rest ok, PMF verified from the air;
#  - SIGINT and SIGTERM mid-cell leave nothing: no remote child or file, no namespace, the
#    parameter as it was;
#  - SIGKILL mid-cell leaves them; `wbench cleanup` kills the remote children by their pid
#    files over ssh and leaves nothing.
. tests/lib/lib.sh
need_hwsim
. tests/lib/aphost.sh
T=$(mktemp -d /tmp/wbench-labssh.XXXXXX)
STATE=/run/wbench
SW=$(pwd)/tests/lib/modparam_switch.sh
case $WB in /*) WBA=$WB ;; *) WBA=$(pwd)/$WB ;; esac
param() { cat /sys/module/ath9k/parameters/nohwcrypt 2>/dev/null; }
modprobe ath9k nohwcrypt=0
if ! aphost_up lab 10.77.5 bridge; then not_ok "lab ssh: the AP host is up"; t_done; fi
# made here and moved there: a hwsim radio hears only those made in the same namespace
"$WB" sim radio add wbsap --profile rt2800 --netns "$APHOST_NS" >/dev/null ||
    not_ok "lab ssh: the AP's radio"
"$WB" sim radio add wbssta >/dev/null || not_ok "lab ssh: the STA's radio"
"$WB" sim radio add wbssnf >/dev/null || not_ok "lab ssh: the sniffer's radio"
opts=$(aphost_ssh_options | sed 's/.*/"&"/' | paste -sd, -)
# the switch runs on the AP host, and makes the radio in the initial namespace (above)
SWITCH="\"nsenter\", \"--net=/proc/1/ns/net\", \"sh\", \"$SW\""

# scenario FILE BACKEND MODES SECURITY REPS DURATION
scenario() {
    if [ "$2" = sim ]; then
        lab='"backend": "sim", "ap": { "profile": "rt2800", "channel": 1 },
             "sta": { "profile": "full" }, "sniffer": { "enabled": true }'
    else
        lab="\"backend\": \"ssh\",
    \"hosts\": { \"apbox\": { \"ssh\": \"$APHOST_TARGET\", \"identity_file\": \"$APHOST_KEY\",
                            \"ssh_options\": [$opts] } },
    \"ap\": { \"host\": \"apbox\", \"phy\": \"wbsap\", \"channel\": 1, \"bridge\": \"br0\",
            \"crypto_switch\": {
              \"hwcrypt\": [$SWITCH, \"0\", \"$WBA\", \"wbsap\", \"$APHOST_NS\"],
              \"nohwcrypt\": [$SWITCH, \"1\", \"$WBA\", \"wbsap\", \"$APHOST_NS\"],
              \"read\": [\"cat\", \"/sys/module/ath9k/parameters/nohwcrypt\"],
              \"values\": { \"hwcrypt\": \"0\", \"nohwcrypt\": \"1\" } } },
    \"sta\": { \"phy\": \"wbssta\", \"address\": \"10.77.5.50/24\" },
    \"peer\": { \"host\": \"local\", \"address\": \"10.77.5.1\" },
    \"sniffer\": { \"enabled\": true, \"phy\": \"wbssnf\" }"
    fi
    cat > "$1" <<EOF
{ "name": "lab-ssh-vm", "lab": { $lab },
  "crypto_modes": $3, "security": $4, "passphrase": "wbench-demo-passphrase",
  "traffic": { "proto": "tcp", "direction": "up", "duration_s": $6 },
  "repetitions": $5, "seed": 3 }
EOF
}

# nothing_left WHAT
nothing_left() {
    check "$1: no interface of ours on the AP host" \
        sh -c "! ip netns exec '$APHOST_NS' iw dev | grep -q wbap0"
    check "$1: no private directory left on the AP host" \
        sh -c "! ls -d /tmp/wbench-host.* 2>/dev/null | grep -q ."
    check "$1: no hostapd, wpa_supplicant or iperf3 left" \
        sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant && ! pgrep -x iperf3"
    check "$1: no wbench namespace left here" sh -c "! ip netns list | grep -q '^wbench-'"
    check "$1: no monitor interface left" sh -c "! iw dev | grep -q wbmon"
    check "$1: ath9k nohwcrypt is 0 again" test "$(param)" = 0
    check "$1: the AP radio is back in hwcrypt (no BIP)" \
        sh -c "ip netns exec '$APHOST_NS' iw phy wbsap info | grep -q CCMP &&
               ! ip netns exec '$APHOST_NS' iw phy wbsap info | grep -q BIP"
    check "$1: no state record left" sh -c "! ls $STATE/*.json 2>/dev/null | grep -q ."
    cat $STATE/*.json 2>/dev/null | sed 's/^/#   /'
}

# psk2 and sae: one profile without PMF, one that needs BIP (the other PMF profiles take
# the same paths, and the sim's seed run covers them)
SEC='["psk2", "sae"]'
MODES='["hwcrypt", "nohwcrypt"]'

# --- probe --lab: read-only ---
scenario "$T/run.json" ssh "$MODES" "$SEC" 1 3
expect_exit "lab ssh: probe --lab, exit 0" 0 "$WB" probe --lab "$T/run.json" --json
printf '%s\n' "$OUT" > "$T/probe.json"
p() { jq -r "$@" "$T/probe.json"; }
check "lab ssh: probe --lab: the AP on apbox, the STA and the sniffer here" \
    test "$(p '[.phys[] | "\(.role)@\(.host)"] | join(" ")')" = "ap@apbox sta@local sniffer@local"
check "lab ssh: probe --lab: the AP's ciphers from iw there: no BIP" \
    test "$(p '.phys[] | select(.role == "ap") | .bip_supported')" = false
check "lab ssh: probe --lab: PMF profiles predicted to fail on the AP, with a remedy" \
    test "$(p '.phys[] | select(.role == "ap") | [.predictions.sae.verdict, (.predictions.sae.remedy != null)] | @tsv')" = "will_fail	true"
check "lab ssh: probe --lab: the AP's crypto switch (the scenario's) reads hwcrypt" \
    test "$(p '.phys[] | select(.role == "ap") | [.crypto_mode, .switch_value] | @tsv')" = "hwcrypt	0"
check "lab ssh: probe --lab: no problem found" test "$(p '[.findings[] | select(.problem)] | length')" = 0
check "lab ssh: probe --lab changed nothing" \
    sh -c "[ \"\$(cat /sys/module/ath9k/parameters/nohwcrypt)\" = 0 ] && ! ls -d /tmp/wbench-host.* 2>/dev/null | grep -q . && ! ip netns list | grep -q '^wbench-'"

# --- the seed matrix over ssh, and on the sim ---
expect_exit "lab ssh: the seed matrix over ssh, exit 0" 0 "$WB" run "$T/run.json" -o "$T/r.json"
printf '%s\n' "$OUT" | grep -i "warn\|error" | sed 's/^/#   /' 
q() { jq -r "$@" "$T/r.json"; }
q '.cells[] | "#   cell \(.index): \(.crypto) \(.security) \(.status) \(.diagnosis.code // "") \(.diagnosis.message // .error // "")"'
check "lab ssh: 4 cells, complete" test "$(q '[(.cells | length), .complete] | @tsv')" = "4	true"
check "lab ssh: the hwcrypt + PMF cell is ap_start_failed / no_bip_cipher, predicted, with the remedy" \
    test "$(q '[.cells[] | select(.crypto == "hwcrypt" and .security != "psk2")
            | select(.status == "ap_start_failed" and .diagnosis.code == "no_bip_cipher"
                     and .diagnosis.predicted and (.diagnosis.remedy | test("nohwcrypt=1")))] | length')" = 1
check "lab ssh: every other cell is ok with throughput > 0" \
    test "$(q '[.cells[] | select(.crypto == "nohwcrypt" or .security == "psk2")
            | select(.status == "ok" and .throughput.bits_per_second > 0)] | length')" = 3
check "lab ssh: PMF verified from the air: sae passes, psk2 n/a" \
    test "$(q '[.cells[] | select(.status == "ok") | select((.security == "psk2" and .pmf.verdict == "n/a")
            or (.security != "psk2" and .pmf.verdict == "pass"))] | length')" = 3
check "lab ssh: ok cells have the AP's CPU from the AP host" \
    test "$(q '[.cells[] | select(.status == "ok") | select((.cpu.ap.busy_pct | type) == "number")] | length')" = 3
check "lab ssh: nohwcrypt switched the parameter on the AP host (read back 1)" \
    test "$(q '[.cells[] | select(.crypto == "nohwcrypt") | .crypto_state | "\(.host) \(.read_back)"] | unique | join(",")')" = "apbox 1"
check "lab ssh: the AP's environment is the remote host's" \
    test "$(q '[.environment.backend, .environment.ap.host, .environment.hosts.apbox.kind] | @tsv')" = "ssh	apbox	ssh"
check "lab ssh: passphrase not in the results" sh -c "! grep -q wbench-demo-passphrase '$T/r.json'"
nothing_left "lab ssh: after the run"

scenario "$T/sim.json" sim "$MODES" "$SEC" 1 3
expect_exit "lab ssh: the same matrix on the sim, exit 0" 0 "$WB" run "$T/sim.json" -o "$T/s.json"
verdicts() {
    jq -r '[.cells[] | "\(.crypto) \(.security) \(.status) \(.diagnosis.code // "-") \(.pmf.verdict // "-")"] | sort | .[]' "$1"
}
verdicts "$T/r.json" > "$T/v-ssh"
verdicts "$T/s.json" > "$T/v-sim"
check "lab ssh: the same verdicts as the sim backend" cmp -s "$T/v-ssh" "$T/v-sim"
sed 's/^/#   /' "$T/v-ssh"
diff "$T/v-sim" "$T/v-ssh" | sed 's/^/#   /'

# --- interrupted mid-cell ---
scenario "$T/int.json" ssh '["nohwcrypt"]' '["psk2"]' 3 20
# run_until_traffic SIG: start a run, wait (bounded) for the switch and for the first
# cell's traffic (the AP host's hostapd up, the STA's wpa_supplicant here), send SIG
run_until_traffic() {
    "$WB" run "$T/int.json" -o "$T/int-$1.json" > "$T/int-$1.out" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 600 ]; do
        [ "$(param)" = 1 ] && pgrep -x hostapd >/dev/null &&
            [ -n "$(ip netns pids "wbench-sta-$pid" 2>/dev/null)" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.2; i=$((i + 1))
    done
    sleep 1
    left_hostapd=$(pgrep -x hostapd | wc -l)
    kill "-$1" $pid
    wait $pid; rc=$?
    [ "$rc" = 130 ] || [ "$rc" = 143 ] || [ "$rc" = 137 ] || sed 's/^/#   /' "$T/int-$1.out"
}
run_until_traffic INT
check "lab ssh: SIGINT: exit 130" test "$rc" = 130
nothing_left "lab ssh: after SIGINT"
run_until_traffic TERM
check "lab ssh: SIGTERM: exit 143" test "$rc" = 143
nothing_left "lab ssh: after SIGTERM"

run_until_traffic KILL
check "lab ssh: SIGKILL: the run is gone (exit 137)" test "$rc" = 137
check "lab ssh: SIGKILL: hostapd was up on the AP host when killed" test "$left_hostapd" -ge 1
check "lab ssh: SIGKILL: the remote hostapd is left" sh -c "pgrep -x hostapd >/dev/null"
check "lab ssh: SIGKILL: the remote directory and interface are left" \
    sh -c "ls -d /tmp/wbench-host.* >/dev/null 2>&1 && ip netns exec '$APHOST_NS' iw dev | grep -q wbap0"
check "lab ssh: SIGKILL: the parameter is left at 1" test "$(param)" = 1
check "lab ssh: SIGKILL: the state record is left" test -f "$STATE/$pid.json"
expect_exit "lab ssh: cleanup, exit 0" 0 "$WB" cleanup
printf '%s\n' "$OUT" | sed 's/^/#   /'
contains "lab ssh: cleanup killed the remote children by their pid files" "on apbox: its children killed, removed"
contains "lab ssh: cleanup put the parameter back over ssh" "the scenario's crypto_switch on apbox put back to '0'"
nothing_left "lab ssh: after SIGKILL and cleanup"

aphost_down lab
for r in wbsap wbssta wbssnf; do "$WB" sim radio del "$r" >/dev/null 2>&1; done
modprobe -r ath9k
rm -rf "$T"
t_done
