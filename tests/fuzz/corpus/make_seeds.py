#!/usr/bin/env python3
"""Write the seed inputs of the fuzz targets fuzz_results, fuzz_compare, fuzz_gate,
fuzz_procstat and fuzz_ctrl into tests/fuzz/corpus/NAME/ from the fixtures: results
documents trimmed to a few modes (small seeds mutate faster) and compact, pairs joined by
a NUL byte as the targets split them. Deterministic; run from the repository root:
    python3 tests/fuzz/corpus/make_seeds.py
usage in a fuzz run (a scratch copy first, so that the tree does not fill with new inputs):
    cp -r tests/fuzz/corpus/fuzz_X /tmp/c && build-fuzz/fuzz/fuzz_X /tmp/c"""
import copy
import json
import os

FX = "tests/fixtures"
OUT = "tests/fuzz/corpus"


def load(path):
    with open(path) as f:
        return json.load(f)


def raw(path):
    with open(path, "rb") as f:
        return f.read()


def dump(doc):
    return json.dumps(doc, separators=(",", ":")).encode()


def mode(cell):
    return (cell["crypto"], cell["security"], cell["proto"], cell["direction"])


def keep_modes(doc, modes):
    """@doc with only the cells and summary entries of @modes, renumbered."""
    d = copy.deepcopy(doc)
    d["cells"] = [c for c in d["cells"] if mode(c) in modes]
    for i, c in enumerate(d["cells"]):
        c["order"] = i
    d["summary"] = [g for g in d.get("summary", []) if mode(g) in modes]
    d["planned_cells"] = len(d["cells"])
    return d


def repeat_ok(doc, m, reps, factor=1.0):
    """Mode @m of @doc with @reps ok cells (copies of its first, throughput spread by 1% and
    scaled by @factor)."""
    first = next(c for c in doc["cells"] if mode(c) == m and c["status"] == "ok")
    cells = [c for c in doc["cells"] if mode(c) != m]
    for r in range(reps):
        c = copy.deepcopy(first)
        c["repetition"] = r
        bps = c["throughput"]["bits_per_second"] * factor * (1 + 0.01 * (r - reps // 2))
        c["throughput"]["bits_per_second"] = bps
        cells.append(c)
    d = copy.deepcopy(doc)
    d["cells"] = cells
    for i, c in enumerate(d["cells"]):
        c["order"] = i
    d["planned_cells"] = len(cells)
    return d


def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


def trim_soaks(doc, points=30):
    """@doc with every soak's series cut to @points (the three columns alike)."""
    d = copy.deepcopy(doc)
    for c in d["cells"]:
        series = (c.get("soak") or {}).get("series")
        for k in ("t_s", "mean_bps", "min_bps"):
            if series:
                series[k] = series[k][:points]
    return d


sample = load(f"{FX}/results/sample.json")
soak = trim_soaks(load(f"{FX}/results/soak.json"))
seed = load(f"{FX}/compare/seed.json")
lab = load(f"{FX}/report/lab.json")
sim = load(f"{FX}/report/sim.json")
latency = load(f"{FX}/results/latency.json")

OK = ("hwcrypt", "psk2", "tcp", "down")
FAILED = ("hwcrypt", "sae", "tcp", "down")
MIXED = ("nohwcrypt", "sae", "tcp", "down")  # 2 ok, 1 assoc_failed in sample.json

# fuzz_results: one document each
small = keep_modes(sample, {OK, FAILED})
write("fuzz_results", "sample-2modes.json", dump(small))
mixed = keep_modes(sample, {MIXED})
mixed["scenario"]["passphrase"] = "Seed1Passphrase2Value"  # a file from before redaction
write("fuzz_results", "sample-assoc-failed.json", dump(mixed))
rich = keep_modes(lab, {("nohwcrypt", "psk2+pmf", "tcp", "up"),
                        ("hwcrypt", "psk2+pmf", "tcp", "up")})
write("fuzz_results", "lab-pmf-evidence.json", dump(rich))
write("fuzz_results", "sim-2modes.json", dump(keep_modes(sim, {OK, FAILED})))
SOAK_UP = ("hwcrypt", "psk2", "tcp", "up")
SOAK_FAILED = ("hwcrypt", "sae", "tcp", "up")
write("fuzz_results", "soak-2modes.json", dump(keep_modes(soak, {SOAK_UP, SOAK_FAILED})))
# latency: a TCP mode with both phases, a UDP mode with a silent and a failed cell, a
# failed mode without probes
LAT_UP = ("hwcrypt", "psk2", "tcp", "up")
LAT_UDP = ("hwcrypt", "psk2", "udp", "down")
write("fuzz_results", "latency-3modes.json",
      dump(keep_modes(latency, {LAT_UP, LAT_UDP, SOAK_FAILED})))

# fuzz_compare: baseline NUL candidate (no NUL: compared with itself)
up = ("hwcrypt", "psk2", "tcp", "up")
base = keep_modes(seed, {up, OK, ("hwcrypt", "sae", "tcp", "up")})
base = repeat_ok(repeat_ok(base, up, 6), OK, 6)
cand = repeat_ok(repeat_ok(base, up, 6, 0.8), OK, 6, 1.1)
write("fuzz_compare", "regressed-improved.bin", dump(base) + b"\0" + dump(cand))
broken = copy.deepcopy(small)
for c in broken["cells"]:
    if mode(c) == OK:
        c.update(status="ap_start_failed", diagnosis={"code": "no_bip_cipher"})
        c["throughput"] = {"bits_per_second": None, "retransmits": None, "intervals": []}
        c["cpu"] = {"ap": None, "sta": None}
broken["cells"] += [c for c in mixed["cells"]]
write("fuzz_compare", "new-failure-new-mode.bin", dump(small) + b"\0" + dump(broken))
write("fuzz_compare", "lab-self.json", dump(rich))
# a soak each side: the candidate's down mode disconnects 12 times per cell (worse), the
# baseline's up mode ran none (new_disconnects)
soak_base = keep_modes(soak, {SOAK_UP, OK})
soak_cand = copy.deepcopy(soak_base)
for c in soak_cand["cells"]:
    if mode(c) == OK:
        c["soak"]["disconnects"] = {"count": 12, "events": [
            {"at_s": 20.0 * i + 5, "reason": 4 if i % 2 else None} for i in range(12)]}
for c in soak_base["cells"]:
    if mode(c) == SOAK_UP:
        c["soak"]["disconnects"] = {"count": 0, "events": []}
write("fuzz_compare", "soak-disconnects.bin", dump(soak_base) + b"\0" + dump(soak_cand))

# latency: six cells a side of tcp up, the candidate's loaded round trips 20 ms longer; tcp
# down has a cell without an idle baseline (the loaded p90 is compared)
LAT_DOWN = ("hwcrypt", "psk2", "tcp", "down")
lat_base = repeat_ok(keep_modes(latency, {LAT_UP, LAT_DOWN}), LAT_UP, 6)
lat_cand = copy.deepcopy(lat_base)
for c in lat_cand["cells"]:
    if mode(c) == LAT_UP:
        lat = c["latency"]
        lat["loaded"]["rtt_ms"] = {k: v + 20 for k, v in lat["loaded"]["rtt_ms"].items()}
        lat["added_ms"] = {k: v + 20 for k, v in lat["added_ms"].items()}
write("fuzz_compare", "latency-regressed.bin", dump(lat_base) + b"\0" + dump(lat_cand))

# fuzz_gate: gate file NUL results document (compared with itself under the gate)
gate = raw("docs/examples/gate.json")
write("fuzz_gate", "example.json", gate)
write("fuzz_gate", "example-floors.bin", gate + b"\0" + dump(base))
write("fuzz_gate", "unknown-fails.bin", dump({
    "schema": "wbench-gate/1",
    "settings": {"min_runs": 3, "fail_on_unknown": True, "bootstrap_resamples": 200,
                 "gates": {"cpu": False}},
    "floors": [{"match": {"security": "psk2"}, "min_bits_per_second": 1e6}]})
    + b"\0" + dump(small))
write("fuzz_gate", "soak-disconnects-off.bin", dump({
    "schema": "wbench-gate/1", "settings": {"gates": {"disconnects": False, "reconnect": False}}})
    + b"\0" + dump(soak_cand))

write("fuzz_gate", "latency-on.bin", dump({
    "schema": "wbench-gate/1", "settings": {"latency_band_ms": 0.5, "gates": {"latency": True}}})
    + b"\0" + dump(lat_cand))

# fuzz_procstat: earlier NUL later
for a, b in (("2core_a.stat", "2core_b.stat"), ("hotplug_a.stat", "hotplug_b.stat"),
             ("backwards_a.stat", "backwards_b.stat"),
             ("1core_guest_a.stat", "1core_guest_b.stat"), ("softirqs_a", "softirqs_b")):
    write("fuzz_procstat", a.replace("_a", "").replace(".stat", "") + ".bin",
          raw(f"{FX}/procstat/{a}") + b"\0" + raw(f"{FX}/procstat/{b}"))

# fuzz_ctrl: replies, the clis' interactive output, events
for src in ("ctrl/hostapd-sta.txt", "ctrl/wpas-status.txt", "ctrl/cli/hostapd_cli-interactive.txt",
            "ctrl/cli/wpa_cli-interactive.txt", "logs/wpas-wrong-psk.events"):
    write("fuzz_ctrl", os.path.basename(src), raw(f"{FX}/{src}"))
