#!/usr/bin/python3
"""Check a `wbench report` HTML page in headless Chromium against its results files.

    report_check.py --html REPORT.html --screenshot OUT.png [--compare CMP.json]
                    [--markdown REPORT.md] [--secret TEXT]... RESULTS.json...

Opens the page from file:// (Debian's chromium + chromium-driver through
python3-selenium), fails on any SEVERE browser console entry (the page's
Content-Security-Policy turns every external reference or script into one), saves a
full-page screenshot, and checks every number the page marks with data-key/data-field
against values recomputed here from the cells with the statistics module, independently
of wbench's C code. Also: the sim disclaimer is visible exactly when a file came from
the sim, and no --secret text appears in the page. With --markdown, the same two checks
on the Markdown summary: no secret, and the disclaimer there exactly when a file came
from the sim. Exit 0 when all checks pass, 1 when
one fails, 2 when the browser cannot run.
"""
import argparse
import json
import math
import os
import statistics
import sys

# t(0.975, df), df 1..30, then anchors (docs/results.md).
T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423]
T975_LARGE = [(30, 2.0423), (40, 2.0211), (60, 2.0003), (120, 1.9799), (math.inf, 1.96)]

DISCLAIMER = "no hardware crypto in the sim"


def t975(df):
    if df <= 30:
        return T975[df - 1]
    x = 1.0 / df
    for (d0, t0), (d1, t1) in zip(T975_LARGE, T975_LARGE[1:]):
        if df <= d1:
            x0, x1 = 1.0 / d0, (0.0 if math.isinf(d1) else 1.0 / d1)
            return t1 + (t0 - t1) * (x - x1) / (x0 - x1)
    return 1.96


def mode_key(c):
    return "/".join((c["crypto"], c["security"], c["proto"], c["direction"]))


def get(d, *path):
    for k in path:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def num_at(c, *path):
    v = get(c, *path)
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def latency_expected(ok, proto):
    """The Latency under load row of a mode (docs/results.md, summary "latency") from its
    ok cells, or {} when the page must have none."""
    sent = lost = 0
    replied = []
    for c in ok:
        s, r = num_at(c, "latency", "loaded", "sent"), num_at(c, "latency", "loaded", "received")
        if not s or s <= 0:
            continue
        r = min(max(r or 0, 0), s)
        sent, lost = sent + s, lost + s - r
        if r > 0:
            replied.append(c)
    if not replied:
        return {}

    def med(cells, *path):
        vals = [num_at(c, *path) for c in cells if num_at(c, *path) is not None]
        return statistics.median(vals) if vals else None
    e = {"lat_cells": len(replied),
         "lat_idle_p50_ms": med(replied, "latency", "idle", "rtt_ms", "p50"),
         "lat_loaded_p50_ms": med(replied, "latency", "loaded", "rtt_ms", "p50"),
         "lat_loaded_p90_ms": med(replied, "latency", "loaded", "rtt_ms", "p90"),
         "lat_loaded_p99_ms": med(replied, "latency", "loaded", "rtt_ms", "p99"),
         "lat_added_p90_ms": med(replied, "latency", "added_ms", "p90"),
         "lat_loss_pct": 100.0 * lost / sent}
    if proto == "udp":
        e["lat_udp_jitter_ms"] = med(ok, "throughput", "jitter_ms")
        e["lat_udp_lost_pct"] = med(ok, "throughput", "lost_percent")
    return e


def expected(doc):
    """Per mode key: field -> expected value (numbers in display units, or text)."""
    modes = {}
    for c in doc["cells"]:
        modes.setdefault(mode_key(c), []).append(c)
    out = {}
    for key, cells in modes.items():
        ok = [c for c in cells if c["status"] == "ok"]
        bad = [c for c in cells if c["status"] != "ok"]
        bps = [c["throughput"]["bits_per_second"] for c in ok]
        e = {"n": len(ok)}
        e["median_mbps"] = statistics.median(bps) / 1e6 if bps else None
        if len(bps) >= 2:
            mean, sd = statistics.mean(bps), statistics.stdev(bps)
            half = t975(len(bps) - 1) * sd / math.sqrt(len(bps))
            e["ci_lo_mbps"], e["ci_hi_mbps"] = (mean - half) / 1e6, (mean + half) / 1e6
        for field, path in (("ap_busy_pct", ("cpu", "ap", "busy_pct")),
                            ("ap_core_pct", ("cpu", "ap", "max_core_busy_pct")),
                            ("sta_busy_pct", ("cpu", "sta", "busy_pct"))):
            vals = [get(c, *path) for c in ok if isinstance(get(c, *path), (int, float))]
            e[field] = statistics.median(vals) if vals else None
        if not bad:
            e["status"] = "ok"
        else:
            # the most common status / code, ties to the earliest in the file
            def common(values):
                counts = {}
                for v in values:
                    counts[v] = counts.get(v, 0) + 1
                best = max(counts.values())
                return next(v for v in values if counts[v] == best)
            st = common([c["status"] for c in bad])
            codes = [get(c, "diagnosis", "code") for c in bad if get(c, "diagnosis", "code")]
            text = st + (": " + common(codes) if codes else "")
            e["status"] = text if not ok else "%d ok, %d %s" % (len(ok), len(bad), text)
        e.update(latency_expected(ok, cells[0]["proto"]))
        out[key] = e
    return out


def matches(shown, want):
    """A displayed number equals the recomputed one to the displayed precision."""
    if want is None:
        return shown.strip() == "-"
    if isinstance(want, str):
        return shown.strip() == want
    s = shown.strip()
    try:
        v = float(s)
    except ValueError:
        return False
    decimals = len(s.split(".")[1]) if "." in s else 0
    return abs(v - want) <= 0.5 * 10 ** -decimals + 1e-9


def open_browser(width):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        print("not ok - report: python3-selenium missing (%s)" % e)
        sys.exit(2)
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=%d,1000" % width):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=opts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--html", required=True)
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--compare")
    ap.add_argument("--secret", action="append", default=[])
    ap.add_argument("--markdown")
    ap.add_argument("results", nargs="+")
    a = ap.parse_args()

    docs = [json.load(open(p)) for p in a.results]
    fails = []

    def check(cond, what):
        if not cond:
            fails.append(what)

    driver = open_browser(1400)
    try:
        from selenium.webdriver.common.by import By
        driver.get("file://" + os.path.abspath(a.html))
        severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        for e in severe:
            fails.append("browser console: " + e.get("message", "?"))

        # numbers against the JSON: every marked element in one round trip
        marked = driver.execute_script(
            "return Array.from(document.querySelectorAll('[data-field]')).map(e => ({"
            "file: e.getAttribute('data-file'), key: e.getAttribute('data-key'),"
            "field: e.getAttribute('data-field'), text: e.innerText}));")
        index = {}
        for e in marked:
            index.setdefault((e["file"], e["key"], e["field"]), []).append(e["text"])
        checked = 0
        for f, doc in enumerate(docs):
            exp = expected(doc)
            for key, fields in exp.items():
                for field, want in fields.items():
                    texts = index.get((str(f), key, field), [])
                    if field.startswith("ci_") and want is None:
                        check(not texts, "file %d %s %s: shown %r without an interval" %
                              (f, key, field, texts))
                        continue
                    check(len(texts) == 1, "file %d %s %s: %d elements" %
                          (f, key, field, len(texts)))
                    for t in texts:
                        checked += 1
                        check(matches(t, want), "file %d %s %s: page shows %r, the "
                              "JSON gives %r" % (f, key, field, t, want))
            # every mode of the file is in the page, and no other
            shown = {k for (fi, k, fd) in index if fi == str(f) and fd == "median_mbps"}
            check(shown == set(exp), "file %d: modes in the page %s, in the JSON %s" %
                  (f, sorted(shown), sorted(exp)))
        check(checked > 0, "no numbers checked")

        if a.compare:
            cmp = json.load(open(a.compare))
            for g in cmp["groups"]:
                texts = index.get((None, g["key"], "cmp_change_pct"), [])
                want = get(g, "throughput", "change_pct")
                check(len(texts) == 1, "compare %s: %d cells" % (g["key"], len(texts)))
                for t in texts:
                    checked += 1
                    check(matches(t.strip().rstrip("%"), want), "compare %s: page %r, JSON %r"
                          % (g["key"], t, want))
            res = index.get((None, None, "compare_result"), [])
            check(res == [cmp["result"]], "compare result shown: %r" % res)

        # the sim disclaimer: visible iff a file came from the sim
        sim = any(get(d, "environment", "backend") == "sim" for d in docs)
        banner = driver.find_elements(By.ID, "sim-disclaimer")
        if sim:
            check(len(banner) == 1 and banner[0].is_displayed() and
                  DISCLAIMER in banner[0].text, "sim disclaimer visible")
        else:
            check(not banner, "no sim disclaimer for lab files")

        body = driver.find_element(By.TAG_NAME, "body").text
        src = driver.page_source
        for s in a.secret:
            check(s not in src, "secret %r in the page" % s)
        check(not driver.find_elements(By.TAG_NAME, "script"), "no script element")

        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1400, min(int(height) + 100, 30000))
        driver.save_screenshot(a.screenshot)
        check(len(body) > 200, "page has text")
    finally:
        driver.quit()

    with open(a.screenshot, "rb") as fh:
        png = fh.read()
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000,
          "screenshot is a non-trivial PNG (%d bytes)" % len(png))

    if a.markdown:
        with open(a.markdown, encoding="utf-8") as fh:
            md = fh.read()
        for s in a.secret:
            check(s not in md, "secret %r in the Markdown" % s)
        if sim:
            check(DISCLAIMER in md, "sim disclaimer in the Markdown")
        else:
            check(DISCLAIMER not in md, "no sim disclaimer in the Markdown of lab files")

    for m in fails:
        print("#   " + m)
    print("%d numbers checked, %d problems" % (checked, len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
