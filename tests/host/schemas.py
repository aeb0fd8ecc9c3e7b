#!/usr/bin/env python3
"""Holds docs/*.schema.json to the C loaders: runs the same valid and invalid inputs
through both. Prints TAP-style lines; exit status 0 only if every check passed.
usage: schemas.py WBENCH_BINARY"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

WB = sys.argv[1]
FAILS = 0


def report(ok, name, detail=""):
    global FAILS
    if ok:
        print(f"ok - {name}")
    else:
        FAILS += 1
        print(f"not ok - {name}")
        if detail:
            print("#   " + detail.replace("\n", "\n#   "))


def validator(path):
    schema = json.load(open(path))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def first_error(v, doc):
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    return errs[0].message if errs else None


def edit(doc, sets, deletes):
    doc = copy.deepcopy(doc)
    for path in deletes:
        *parents, key = path.split(".")
        obj = doc
        for p in parents:
            obj = obj[p]
        obj.pop(key, None)
    for path, value in sets.items():
        if path == "":
            doc = copy.deepcopy(value)
            continue
        *parents, key = path.split(".")
        obj = doc
        for p in parents:
            obj = obj[p]
        obj[key] = copy.deepcopy(value)
    return doc


def scenarios():
    v = validator("docs/scenario.schema.json")
    fixtures = "tests/fixtures/scenarios"
    files = sorted(glob.glob("scenarios/*.json")) + [
        f"{fixtures}/{n}" for n in ("base.json", "full.json", "open.json", "local.json", "ssh.json")]
    for f in files:
        err = first_error(v, json.load(open(f)))
        report(err is None, f"scenario schema accepts {f}", err or "")
        # and the loader's normalised form of it (what results files store)
        out = subprocess.run([WB, "scenario", "--json", f], capture_output=True, text=True)
        doc = json.loads(out.stdout) if out.returncode == 0 else None
        if doc and doc.get("passphrase") == "<redacted>":  # refused as a passphrase, rightly
            doc["passphrase"] = "a-passphrase"
        err = first_error(v, doc) if doc else out.stderr
        report(err is None, f"scenario schema accepts 'wbench scenario --json {f}'", err or "")
    m = json.load(open(f"{fixtures}/mutations.json"))
    bases = {}

    def base(case):  # the fixture a case edits: its own "base", else the file's
        name = case.get("base", m["base"])
        if name not in bases:
            bases[name] = json.load(open(f"{fixtures}/{name}"))
        return bases[name]

    bad = 0
    for i, case in enumerate(m["rejected"]):
        doc = edit(base(case), case.get("set", {}), case.get("delete", []))
        err = first_error(v, doc)
        if case.get("schema", True) and err is None:
            bad += 1
            report(False, f"scenario schema rejects rejected[{i}]", case["error"])
        # Rules marked "schema": false must really be beyond the schema, or the list lies.
        if not case.get("schema", True) and err is not None:
            bad += 1
            report(False, f"rejected[{i}] is marked beyond the schema, but it rejects it", err)
    report(bad == 0, f"scenario schema agrees with the loader on {len(m['rejected'])} bad inputs")
    bad = 0
    for i, case in enumerate(m["accepted"]):
        err = first_error(v, edit(base(case), case.get("set", {}), case.get("delete", [])))
        if err is not None:
            bad += 1
            report(False, f"scenario schema accepts accepted[{i}]", f"{case}: {err}")
    report(bad == 0, f"scenario schema accepts the {len(m['accepted'])} loader-accepted edits")


def set_path(doc, path, value):
    *parents, key = path.split(".")
    obj = doc
    for p in parents:
        obj = obj[int(p)] if isinstance(obj, list) else obj[p]
    if isinstance(obj, list):
        obj[int(key)] = value
    else:
        obj[key] = value


def both_reject(v, base, cases, what):
    """Each case's edits of @base: the schema and 'wbench summary' must both refuse it."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, sets in cases.items():
            doc = copy.deepcopy(base)
            for path, value in sets.items():
                set_path(doc, path, value)
            schema_rejects = first_error(v, doc) is not None
            path = os.path.join(tmp, "r.json")
            with open(path, "w") as f:
                json.dump(doc, f)
            rc = subprocess.run([WB, "summary", path], capture_output=True).returncode
            report(schema_rejects and rc == 2,
                   f"{what} schema and 'wbench summary' both reject: {name}",
                   f"schema rejects: {schema_rejects}, wbench summary exit {rc}")


def soak_results(v):
    """tests/fixtures/results/soak.json (cells[3] has a soak with a disconnect, stalls and
    rekeys; summary[0] the pooled soak) and bad soaks that both refuse."""
    doc = json.load(open("tests/fixtures/results/soak.json"))
    err = first_error(v, doc)
    report(err is None, "results schema accepts tests/fixtures/results/soak.json", err or "")
    s = "cells.3.soak"
    many = [{"at_s": float(i), "reason": None} for i in range(101)]
    both_reject(v, doc, {
        "soak not an object": {s: 5},
        "negative soak time": {f"{s}.measured_s": -1.0},
        "soak median above 1e12": {f"{s}.median_bps": 2e12},
        "stall count as string": {f"{s}.stalls.count": "2"},
        "101 listed disconnects": {f"{s}.disconnects.count": 101, f"{s}.disconnects.events": many},
        "reason code above 65535": {f"{s}.disconnects.events.0.reason": 70000},
        "rekey type": {f"{s}.rekeys.events.0.type": "gtk"},
        "rekey dip above 100%": {f"{s}.rekeys.events.1.dip_pct": 120.0},
        "series of 601 points": {f"{s}.series.t_s": [1.0] * 601,
                                 f"{s}.series.mean_bps": [1.0] * 601,
                                 f"{s}.series.min_bps": [1.0] * 601},
        "summary disconnect rate negative": {"summary.0.soak.disconnects_per_hour": -1.0},
    }, "results (soak)")


def latency_results(v):
    """tests/fixtures/results/latency.json (cells[5]: psk2 tcp up with both phases, 1 of 90
    probes lost; summary[3]: psk2 udp down with iperf's numbers) and bad latencies that
    both refuse."""
    doc = json.load(open("tests/fixtures/results/latency.json"))
    err = first_error(v, doc)
    report(err is None, "results schema accepts tests/fixtures/results/latency.json", err or "")
    lat = "cells.5.latency"
    both_reject(v, doc, {
        "latency not an object": {lat: "fast"},
        "latency status": {f"{lat}.status": "fine"},
        "payload above 1400 bytes": {f"{lat}.size_bytes": 1500},
        "rate of 0 probes/s": {f"{lat}.loaded.probes_per_s": 0},
        "negative round trip": {f"{lat}.loaded.rtt_ms.p90": -1.0},
        "no count in an ok phase": {f"{lat}.idle.sent": None},
        "probe loss above 100%": {f"{lat}.loaded.loss_pct": 101.0},
        "1001 lost probes listed": {f"{lat}.loaded.sent": 5000, f"{lat}.loaded.received": 0,
                                    f"{lat}.loaded.lost_at_s": [1.0] * 1001},
        "added as text": {f"{lat}.added_ms.p50": "3"},
        "summary loss negative": {"summary.0.latency.loss_pct": -1.0},
        "summary jitter as text": {"summary.3.latency.udp.jitter_ms": "1"},
    }, "results (latency)")


def results():
    v = validator("docs/results.schema.json")
    sample = json.load(open("tests/fixtures/results/sample.json"))
    err = first_error(v, sample)
    report(err is None, "results schema accepts tests/fixtures/results/sample.json", err or "")
    soak_results(v)
    latency_results(v)
    ok_cell = next(i for i, c in enumerate(sample["cells"]) if c["status"] == "ok")
    cases = {
        "wrong schema": {"schema": "wbench-result/2"},
        "bad status": {f"cells.{ok_cell}.status": "fine"},
        "ok without throughput": {f"cells.{ok_cell}.throughput.bits_per_second": None},
        "cpu without per_core": {f"cells.{ok_cell}.cpu.ap": {"busy_pct": 1, "softirq_pct": 1,
                                                             "max_core_busy_pct": 1}},
        "ci95 of three": {"summary.0.ci95_bits_per_second": [1, 2, 3]},
        "started_at local time": {"started_at": "2024-05-01 12:00:00"},
        "complete as string": {"complete": "yes"},
        "diagnosis without code": {"cells.0.diagnosis": {"summary": "x"}},
        "beacon_protection as string": {"cells.0.beacon_protection": "no"},
        "negative throughput": {f"cells.{ok_cell}.throughput.bits_per_second": -1.0},
        "negative CPU load": {f"cells.{ok_cell}.cpu.ap.max_core_busy_pct": -0.5},
        "negative summary median": {"summary.0.median_bits_per_second": -1.0},
    }
    both_reject(v, sample, cases, "results")


scenarios()
results()
sys.exit(1 if FAILS else 0)
