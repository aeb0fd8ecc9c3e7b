#!/bin/sh
# The man page (docs/wbench.1) against the program: it lints clean (groff -ww), its
# version is the program's, it has one section per command in the order of
# 'wbench --help', and in each section the synopsis and the option list name exactly the
# options 'wbench COMMAND --help' names (sub-commands included: 'sim radio add --help';
# -h/--help apart, which OPTIONS describes once). MANPAGE=FILE checks another page.
. tests/lib/lib.sh
. tests/lib/cli_options.sh
MAN=${MANPAGE:-docs/wbench.1}
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-man.XXXXXX")
trap 'rm -rf "$T"' EXIT

if ! command -v groff >/dev/null 2>&1; then
    not_ok "manpage: groff is needed (Debian package groff-base, tests/deps.sh)"; t_done
fi
if [ ! -f "$MAN" ]; then not_ok "manpage: $MAN missing"; t_done; fi

# man_lines CMD: the synopsis lines (.SY ... .YS) and .TP tag lines of the section
# '.SS "wbench CMD"', or of .SH SYNOPSIS when CMD is empty.
man_lines() {
    awk -v want="$( [ -n "$1" ] && printf '.SS "wbench %s"' "$1" || printf '.SH SYNOPSIS')" '
        /^\.S[SH]/ { ins = ($0 == want); sy = 0; tp = 0; next }
        !ins { next }
        /^\.SY/ { sy = 1; print; next }
        /^\.YS/ { sy = 0; next }
        tp { tp = 0; print; next }
        /^\.TP/ { tp = 1; next }
        sy { print }' "$MAN"
}
# man_opts CMD: the options those lines name, one a line, sorted.
man_opts() {
    man_lines "$1" | sed -e 's/^\.[A-Za-z]* *//' -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' \
        -e 's/\\([a-z][a-z]//g' -e 's/"//g' | cli_grab_options | sort -u
}

OUT=$(groff -man -ww -z "$MAN" 2>&1); rc=$?
check "manpage: groff -man -ww lints $MAN without a warning" test "$rc" = 0 -a -z "$OUT"
printf '%s\n' "$OUT" | sed '/^$/d; s/^/#   /' | head -n 20
OUT=$(groff -man -Tutf8 "$MAN" 2>/dev/null | wc -l)
check "manpage: it renders ($OUT lines)" test "$OUT" -gt 200

version=$("$WB" --version | sed 's/^wbench //')
OUT=$(sed -n 's/^\.TH WBENCH 1 [^ ]* "wbench \([^"]*\)".*/\1/p' "$MAN")
check "manpage: .TH names the version of 'wbench --version' ($version)" test "$OUT" = "$version"

# Options with a bare '-' render as a hyphen (U+2010 in UTF-8): copy-paste would break.
bad=$( { man_lines ""; for c in $(cli_commands); do man_lines "$c"; done; } |
       sed -e 's/^\.[A-Za-z]* *//' -e 's/\\-//g' -e 's/\\f[BIRP]//g' | grep -n '\(^\|[^A-Za-z0-9_\\]\)-')
check "manpage: options in synopses and option lists are written \\-" test -z "$bad"
printf '%s\n' "$bad" | sed '/^$/d; s/^/#   /'

cli_commands > "$T/cmds"
sed -n 's/^\.SS "wbench \([^"]*\)"$/\1/p' "$MAN" > "$T/sections"
check "manpage: 'wbench --help' lists commands ($(wc -l < "$T/cmds"))" test -s "$T/cmds"
OUT=$(diff "$T/cmds" "$T/sections")
check "manpage: one section per command, in the order of 'wbench --help'" test -z "$OUT"
printf '%s\n' "$OUT" | sed '/^$/d; s/^/#   /'

# The program's own options (synopsis of the man page, usage line of 'wbench --help').
"$WB" --help | cli_help_options all | sort -u > "$T/help"
man_opts "" > "$T/man"
OUT=$(comm -3 "$T/help" "$T/man" | sed 's/^\t/man page only: /; s/^--/--help only: --/; s/^-\([^-]\)/--help only: -\1/')
check "manpage: SYNOPSIS names the options of 'wbench --help'" test -z "$OUT"
printf '%s\n' "$OUT" | sed '/^$/d; s/^/#   /'

while read -r c; do
    cli_command_help "$c" > "$T/helptext"
    if [ ! -s "$T/helptext" ]; then not_ok "manpage: $c: 'wbench $c --help' printed nothing"; continue; fi
    cli_help_options < "$T/helptext" | sort -u > "$T/help"
    man_opts "$c" > "$T/man"
    only_help=$(comm -23 "$T/help" "$T/man" | tr '\n' ' ' | sed 's/ $//')
    only_man=$(comm -13 "$T/help" "$T/man" | tr '\n' ' ' | sed 's/ $//')
    if [ -z "$only_help$only_man" ]; then
        ok "manpage: $c: the options of --help ($(wc -l < "$T/help")), and no other, in its section"
    else
        not_ok "manpage: $c: ${only_help:+missing from the man page: $only_help}${only_help:+${only_man:+; }}${only_man:+not in --help: $only_man}"
    fi
    # every sub-command form of the usage ('sim radio add') has its synopsis
    missing=
    for form in $(cli_subcommands "$c" | tr ' ' '+'); do
        f=$(printf '%s' "$form" | tr '+' ' ')
        [ "$f" = "$c" ] && continue
        man_lines "$c" | sed 's/\\-/-/g' | grep -qx ".SY \"wbench $f\"" || missing="$missing '$f'"
    done
    check "manpage: $c: a synopsis for every form of its usage${missing:+ (missing:$missing)}" test -z "$missing"
done < "$T/cmds"
t_done
