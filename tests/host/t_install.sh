#!/bin/sh
# make install and make uninstall into a scratch DESTDIR: the program, the man page
# (man finds it), the bash completion (it loads), the scenarios and the docs; uninstall
# leaves no file behind. The build is not redone (make -o): this is BUILD's wbench.
. tests/lib/lib.sh
D=$(mktemp -d "${TMPDIR:-/tmp}/wbench-install.XXXXXX")
trap 'rm -rf "$D"' EXIT
P=/usr/local
R=$D$P

expect_exit "install: make install DESTDIR=... exits 0" 0 \
    make --no-print-directory -s -o "$BUILD/wbench" BUILD="$BUILD" install DESTDIR="$D" PREFIX=$P
check "install: bin/wbench runs" sh -c "'$R/bin/wbench' --version | grep -q '^wbench '"
check "install: the man page in share/man/man1/wbench.1" test -f "$R/share/man/man1/wbench.1"
if command -v man >/dev/null 2>&1; then
    OUT=$(MANPATH=$R/share/man MANWIDTH=80 man wbench 2>&1 | sed -n '1,12p' | tr -s ' ')
    contains "install: 'man wbench' finds and renders it (MANPATH)" "wbench - what WPA3 and 802.11w"
fi
check "install: bash completion in share/bash-completion/completions/wbench" \
    test -f "$R/share/bash-completion/completions/wbench"
OUT=$(bash -c '. "$0" && complete -p wbench' "$R/share/bash-completion/completions/wbench" 2>&1)
check "install: the installed completion loads" test "$OUT" = "complete -F _wbench wbench"
check "install: scenarios and docs" test -f "$R/share/wbench/scenarios/mt7620-wpa3-sim.json" \
    -a -f "$R/share/doc/wbench/README.md" -a -f "$R/share/doc/wbench/examples/gate.json"

expect_exit "install: make uninstall exits 0" 0 \
    make --no-print-directory -s BUILD="$BUILD" uninstall DESTDIR="$D" PREFIX=$P
OUT=$(find "$D" ! -type d)
check "install: uninstall leaves no file behind" test -z "$OUT"
printf '%s\n' "$OUT" | sed '/^$/d; s/^/#   /'
t_done
