#!/usr/bin/env python3
"""Results files for tests/host/t_compare.sh, derived from tests/fixtures/compare/seed.json
(a trimmed real seed run: 16 modes x 3 repetitions on the sim). Deterministic: no
randomness, fixed scale patterns.
usage: compare_fixtures.py OUTDIR
       compare_fixtures.py --random OUTDIR N SEED   (N random pairs rand-I-a/b.json)

  base.json            6 repetitions per mode: the 3 real ones and 3 scaled copies
  cand-same.json       every ok value scaled by a different small pattern (within 1%)
  cand-regressed.json  cand-same with nohwcrypt/sae/tcp/up at 70%
  cand-newfail.json    cand-same with nohwcrypt/sae-mixed/tcp/down failing to start
  cand-missing.json    cand-same without nohwcrypt/psk2/tcp/down (an interrupted run)
  cand-lab.json        cand-same claiming another backend and a 30 s duration
  cand-schema2.json    cand-same with "schema": "wbench-result/2"
"""
import copy
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "fixtures", "compare", "seed.json")
MODE = ("crypto", "security", "proto", "direction")
T975 = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 6: 2.4469, 7: 2.3646,
        8: 2.3060, 9: 2.2622, 10: 2.2281}


def key(c):
    return tuple(c[k] for k in MODE)


def scaled(cell, factor, cpu_shift):
    c = copy.deepcopy(cell)
    if c["status"] == "ok":
        c["throughput"]["bits_per_second"] *= factor
        for end in ("ap", "sta"):
            h = c["cpu"].get(end)
            if h:
                for k in ("busy_pct", "softirq_pct", "max_core_busy_pct"):
                    h[k] = min(100.0, max(0.0, h[k] + cpu_shift))
    return c


def most_common(values):
    best, count = None, 0
    for v in values:
        n = values.count(v)
        if v is not None and n > count:
            best, count = v, n
    return best


def summary(cells):
    groups = {}
    for c in sorted(cells, key=lambda c: c["index"]):
        groups.setdefault(key(c), []).append(c)
    out = []
    for k, cs in groups.items():
        ok = [c for c in cs if c["status"] == "ok"]
        failed = [c for c in cs if c["status"] != "ok"]
        v = [c["throughput"]["bits_per_second"] for c in ok]
        e = dict(zip(MODE, k))
        e.update(n=len(ok), n_failed=len(failed))
        mean = statistics.fmean(v) if v else None
        sd = statistics.stdev(v) if len(v) > 1 else None
        t = T975.get(len(v) - 1, 1.96)  # beyond the table: close enough for a fixture
        half = t * sd / len(v) ** 0.5 if sd is not None else None
        e.update(median_bits_per_second=statistics.median(v) if v else None,
                 mean_bits_per_second=mean, stddev_bits_per_second=sd,
                 ci95_bits_per_second=[mean - half, mean + half] if half is not None else None,
                 min_bits_per_second=min(v) if v else None,
                 max_bits_per_second=max(v) if v else None)
        cpu = {}
        for end in ("ap", "sta"):
            hs = [c["cpu"][end] for c in ok if c["cpu"].get(end)]
            cpu[end] = {m: statistics.median([h[m] for h in hs]) if hs else None
                        for m in ("busy_pct", "softirq_pct", "max_core_busy_pct")}
        e["cpu_median"] = cpu
        e["failure_status"] = most_common([c["status"] for c in failed])
        e["failure_diagnosis"] = most_common([(c.get("diagnosis") or {}).get("code")
                                              for c in failed])
        out.append(e)
    return out


def finish(doc, cells, reps):
    """Renumber cells (index = mode * reps + repetition, run order = index)."""
    modes = []
    for c in cells:
        if key(c) not in modes:
            modes.append(key(c))
    seen = {}
    for c in cells:
        r = seen.get(key(c), 0)
        seen[key(c)] = r + 1
        c["repetition"] = r
        c["index"] = modes.index(key(c)) * reps + r
    cells.sort(key=lambda c: c["index"])
    for i, c in enumerate(cells):
        c["order"] = i
    doc["cells"] = cells
    doc["summary"] = summary(cells)
    doc["planned_cells"] = len(cells)
    doc["scenario"]["repetitions"] = reps
    return doc


def with_pattern(doc, pattern, cpu):
    out = copy.deepcopy(doc)
    cells = []
    per_mode = {}
    for c in out["cells"]:
        i = per_mode.get(key(c), 0)
        per_mode[key(c)] = i + 1
        cells.append(scaled(c, pattern[i % len(pattern)], cpu[i % len(cpu)]))
    return finish(out, cells, 6)


def write(outdir, name, doc):
    with open(os.path.join(outdir, name), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def main():
    outdir = sys.argv[1]
    seed = json.load(open(SEED))
    cells = []
    # Scenario order (index), so that the modes keep their order when renumbered.
    for c in sorted(seed["cells"], key=lambda c: c["index"]):
        cells.append(copy.deepcopy(c))
        # The copies sit between the real values: a plausible fourth to sixth run.
        cells.append(scaled(c, 0.985 + 0.01 * c["repetition"], 0.4))
    base = finish(copy.deepcopy(seed), cells, 6)
    write(outdir, "base.json", base)

    same = with_pattern(base, [1.004, 0.996, 1.002, 0.998, 1.001, 0.999], [0.3, -0.3])
    write(outdir, "cand-same.json", same)

    reg = copy.deepcopy(same)
    for c in reg["cells"]:
        if key(c) == ("nohwcrypt", "sae", "tcp", "up"):
            c["throughput"]["bits_per_second"] *= 0.7
    write(outdir, "cand-regressed.json", finish(reg, reg["cells"], 6))

    nf = copy.deepcopy(same)
    for c in nf["cells"]:
        if key(c) == ("nohwcrypt", "sae-mixed", "tcp", "down"):
            c.update(status="ap_start_failed",
                     diagnosis={"code": "no_bip_cipher", "message": "test: no BIP"})
            c["throughput"]["bits_per_second"] = None
            c["cpu"] = {"ap": None, "sta": None}
            c["pmf"] = {"verdict": "n/a"}
    write(outdir, "cand-newfail.json", finish(nf, nf["cells"], 6))

    miss = copy.deepcopy(same)
    kept = [c for c in miss["cells"] if key(c) != ("nohwcrypt", "psk2", "tcp", "down")]
    miss = finish(miss, kept, 6)
    miss["planned_cells"] = len(same["cells"])
    miss.update(complete=False, interrupted=True, finished_at=None)
    write(outdir, "cand-missing.json", miss)

    lab = copy.deepcopy(same)
    lab["environment"]["backend"] = "local"
    lab["scenario"]["traffic"]["duration_s"] = 30
    write(outdir, "cand-lab.json", lab)

    s2 = copy.deepcopy(same)
    s2["schema"] = "wbench-result/2"
    write(outdir, "cand-schema2.json", s2)


def random_pairs(outdir, n, seed):
    """Valid but awkward pairs: statuses, missing CPU or PMF data, zero throughput, odd
    security labels, modes dropped or added, interrupted runs. Seeded: reproducible."""
    import random
    rng = random.Random(seed)
    base = json.load(open(SEED))
    statuses = ["ok", "ok", "ok", "ap_start_failed", "assoc_failed", "traffic_failed", "error"]
    labels = ["sae", "psk2", "sae<&\"'>", "s\u00e9curit\u00e9", "x/y", "sae\u0001"]
    for i in range(n):
        docs = []
        for side in range(2):
            d = copy.deepcopy(base)
            reps = rng.choice([1, 3, 5, 6, 8])
            cells = []
            for c in sorted(d["cells"], key=lambda c: c["index"]):
                if c["repetition"] != 0 or rng.random() < 0.1:
                    continue
                for r in range(reps):
                    e = copy.deepcopy(c)
                    if rng.random() < 0.3:
                        e["security"] = rng.choice(labels)
                    st = rng.choice(statuses) if rng.random() < 0.3 else c["status"]
                    e["status"] = st
                    if st == "ok":
                        bps = c["throughput"]["bits_per_second"] or 4e7
                        e["throughput"]["bits_per_second"] = rng.choice(
                            [0.0, bps * rng.uniform(0.5, 1.5), bps])
                        if rng.random() < 0.2:
                            e["cpu"] = {"ap": None, "sta": None}
                    else:
                        e["throughput"]["bits_per_second"] = rng.choice([None, None, 1.0])
                        e["diagnosis"] = rng.choice([None, {"code": "no_bip_cipher"}])
                    if rng.random() < 0.2:
                        e.pop("pmf", None)
                    elif rng.random() < 0.2:
                        e["pmf"] = {"verdict": rng.choice(["pass", "fail", "n/a"])}
                    cells.append(e)
            d = finish(d, cells, reps)
            if rng.random() < 0.2:
                d.update(complete=False, interrupted=rng.random() < 0.5, finished_at=None)
            if rng.random() < 0.2:
                d["environment"]["backend"] = rng.choice(["local", "ssh"])
            if rng.random() < 0.2:
                d["scenario"]["traffic"]["omit_s"] = rng.choice([0, 2])
            docs.append(d)
        # Every third pair is A/A: the same awkward run on both sides must pass.
        if i % 3 == 0:
            docs[1] = docs[0]
        write(outdir, f"rand-{i}-a.json", docs[0])
        write(outdir, f"rand-{i}-b.json", docs[1])


if sys.argv[1] == "--random":
    random_pairs(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
else:
    main()
