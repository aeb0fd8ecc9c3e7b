#!/bin/sh
# make run: the seed scenario (MT7620 WPA3/PMF failure and the nohwcrypt remedy) on the
# simulated lab; inside the VM when this host has no mac80211_hwsim.
BUILD=${1:-build}
exec "$BUILD"/wbench run scenarios/mt7620-wpa3-sim.json
