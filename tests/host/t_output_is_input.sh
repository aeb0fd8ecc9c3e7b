#!/bin/sh
# An output path that is also an input is refused before anything is written (exit 2),
# whatever way it is spelled (./x, dir/../x, a symbolic link to it), and two outputs may
# not name the same file: report -o/--markdown, compare -o/--junit, run -o/--report/
# --markdown against the scenario. The input stays byte-identical; a distinct output works.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-outin.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkdir "$T/d"
cp tests/fixtures/results/sample.json "$T/a.json"
cp tests/fixtures/results/sample.json "$T/b.json"
cp scenarios/quick-sim.json "$T/s.json"
ln -s a.json "$T/link.json"
for f in a b s; do cp "$T/$f.json" "$T/$f.orig"; done

intact() {
    check "$1: the inputs are byte-identical" sh -c \
        "cmp -s '$T/a.json' '$T/a.orig' && cmp -s '$T/b.json' '$T/b.orig' && cmp -s '$T/s.json' '$T/s.orig'"
}

expect_exit "report -o INPUT: refused" 2 "$WB" report "$T/a.json" -o "$T/a.json"
contains "report -o INPUT: names both" "-o '$T/a.json' is the input '$T/a.json'"
expect_exit "report --markdown d/../INPUT: refused" 2 "$WB" report "$T/a.json" --markdown "$T/d/../a.json"
expect_exit "report -o INPUT through a symbolic link: refused" 2 "$WB" report "$T/link.json" -o "$T/a.json"
expect_exit "report -o X --markdown ./X: refused" 2 "$WB" report "$T/a.json" -o "$T/r.html" --markdown "$T/d/../r.html"
contains "report: the two outputs named" "-o and --markdown name the same file"
check "report: nothing written" test ! -e "$T/r.html"
expect_exit "compare --junit CANDIDATE: refused" 2 "$WB" compare "$T/a.json" "$T/b.json" --junit "$T/b.json"
expect_exit "compare -o BASELINE: refused" 2 "$WB" compare "$T/a.json" "$T/b.json" -o "$T/a.json"
expect_exit "run -o SCENARIO: refused" 2 "$WB" run "$T/s.json" -o "$T/s.json" --dry-run
expect_exit "run --report SCENARIO: refused" 2 "$WB" run "$T/s.json" --report "$T/./s.json" --dry-run
intact "after the refusals"
expect_exit "compare -o a new file: works" 0 "$WB" compare "$T/a.json" "$T/b.json" -o "$T/c.json"
check "compare -o: written" test -s "$T/c.json"
expect_exit "report -o a new file: works" 0 "$WB" report "$T/a.json" -o "$T/r.html"
intact "after the outputs"
t_done
