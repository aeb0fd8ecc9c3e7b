#!/bin/sh
# make run: the seed scenario (MT7620 WPA3/PMF failure and the nohwcrypt remedy) on the
# simulated lab; inside the VM when this host has no mac80211_hwsim. Writes the results
# JSON, the HTML report and the Markdown summary side by side under results/.
BUILD=${1:-build}
base=results/mt7620-wpa3-sim-$(date -u +%Y%m%d-%H%M%S)
mkdir -p results
exec "$BUILD"/wbench run scenarios/mt7620-wpa3-sim.json -o "$base.json" \
    --report "$base.html" --markdown "$base.md"
