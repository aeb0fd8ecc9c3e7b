#!/bin/sh
# Bash completion (docs/wbench-completion.bash), driven the way bash drives it: COMP_WORDS
# and COMP_CWORD set, _wbench called, COMPREPLY read. The commands are those of
# 'wbench --help'; after '-' every command (every sim sub-command) offers exactly the
# options its --help names (and -h, --help); file arguments offer the right files and
# directories; options with a fixed set of values offer them. COMPLETION=FILE checks
# another script.
. tests/lib/lib.sh
. tests/lib/cli_options.sh
C=${COMPLETION:-docs/wbench-completion.bash}
case $C in /*) ;; *) C=$(pwd)/$C ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-compl.XXXXXX")
trap 'rm -rf "$T"' EXIT

if ! command -v bash >/dev/null 2>&1; then not_ok "completion: bash is needed"; t_done; fi

# comp WORD... CUR: what completing CUR after the WORDs offers, one a line, sorted
comp() {
    bash -c '. "$0" || exit 9; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _wbench
             [ ${#COMPREPLY[@]} = 0 ] || printf "%s\n" "${COMPREPLY[@]}"' "$C" "$@" 2>&1 | sort -u
}
# same WORDS...: ok NAME when the completion offers exactly the lines of $T/want
same() {
    name=$1; shift
    comp "$@" > "$T/got"
    OUT=$(diff "$T/want" "$T/got")
    if [ -z "$OUT" ]; then ok "$name"; else
        not_ok "$name"; printf '%s\n' "$OUT" | sed 's/^</#   missing:/; s/^>/#   extra:/' | grep '^#'
    fi
}

OUT=$(bash -n "$C" 2>&1)
check "completion: bash -n: the script parses" test -z "$OUT"
OUT=$(bash -c '. "$0" && complete -p wbench' "$C" 2>&1)
check "completion: sourcing it registers _wbench for wbench" test "$OUT" = "complete -F _wbench wbench"

{ cli_commands; echo help; } | sort -u > "$T/want"
same "completion: 'wbench <TAB>' offers the commands of 'wbench --help' and help" wbench ""
"$WB" --help | cli_help_options all | sort -u > "$T/want"
same "completion: 'wbench -<TAB>' offers --version and --help" wbench -
cli_commands | sort -u > "$T/want"
same "completion: 'wbench help <TAB>' offers the commands" wbench help ""

for c in $(cli_commands); do
    for form in $(cli_subcommands "$c" | tr ' ' '+'); do
        f=$(printf '%s' "$form" | tr '+' ' ')
        # shellcheck disable=SC2086  # the form is words
        "$WB" $f --help 2>/dev/null | cli_help_options | sed 's/^--color$/--color=/' | sort -u > "$T/help"
        # shellcheck disable=SC2086
        comp wbench $f - > "$T/got"
        grep -vx -e -h -e --help "$T/got" > "$T/offered"
        only_help=$(comm -23 "$T/help" "$T/offered" | tr '\n' ' ' | sed 's/ $//')
        only_comp=$(comm -13 "$T/help" "$T/offered" | tr '\n' ' ' | sed 's/ $//')
        if [ -z "$only_help$only_comp" ] && grep -qx -- --help "$T/got"; then
            ok "completion: '$f -<TAB>' offers the options of its --help ($(wc -l < "$T/help")) and --help"
        else
            not_ok "completion: '$f -<TAB>':${only_help:+ missing: $only_help}${only_comp:+ not in --help: $only_comp}$(grep -qx -- --help "$T/got" || echo ' no --help')"
        fi
    done
done

# after an option that takes a value, the completion must complete that value (or
# nothing), not the next option or argument: it must know which options take one
for c in $(cli_commands); do
    cli_command_help "$c" | cli_help_option_kinds > "$T/kinds"
    bad=$(bash -c '. "$0" || exit 9; cmd=$1
        while read -r o kind; do
            if _wbench_takes_value "$cmd" "$o"; then got=value; else got=flag; fi
            [ "$got" = "$kind" ] || printf " %s (%s, completion: %s)" "$o" "$kind" "$got"
        done' "$C" "$c" < "$T/kinds" 2>&1)
    check "completion: $c: knows which options take a value ($(grep -c ' value$' "$T/kinds") of $(wc -l < "$T/kinds"))${bad:+:$bad}" test -z "$bad"
done

printf '%s\n' profiles radio > "$T/want"
same "completion: 'wbench sim <TAB>' offers its sub-commands" wbench sim ""
printf '%s\n' add del list > "$T/want"
same "completion: 'wbench sim radio <TAB>' offers add, del, list" wbench sim radio ""

# values
printf '%s\n' always auto never > "$T/want"
same "completion: 'summary --color=<TAB>' offers auto, always, never" wbench summary --color = ""
echo always > "$T/want"
same "completion: 'summary --color=al<TAB>' completes always" wbench summary --color = al
printf '%s\n' down up > "$T/want"
same "completion: 'traffic -d <TAB>' offers up, down" wbench traffic -P 2 -d ""
same "completion: 'traffic --direction <TAB>' offers up, down" wbench traffic --direction ""
"$WB" sim profiles | sed -n 's/^\([a-z0-9]\+\)$/\1/p' | sort -u > "$T/want"
check "completion: 'wbench sim profiles' names profiles ($(wc -l < "$T/want"))" test -s "$T/want"
same "completion: 'sim radio add --profile <TAB>' offers the profiles of 'wbench sim profiles'" \
    wbench sim radio add wbt0 --profile ""
: > "$T/want"
same "completion: 'run --port <TAB>' offers nothing (a number)" wbench run --port ""

# files: in a directory with one file of each kind and a subdirectory
mkdir -p "$T/files/sub" && touch "$T/files/a.json" "$T/files/b.html" "$T/files/c.pcap" \
    "$T/files/d.md" "$T/files/e.xml" "$T/files/f.txt"
files() { # NAME WANT... -- WORDS...: completing in $T/files offers exactly WANT
    name=$1; shift; : > "$T/want"
    while [ "$1" != -- ]; do echo "$1" >> "$T/want"; shift; done; shift
    sort -o "$T/want" "$T/want"
    (cd "$T/files" && comp "$@") > "$T/got"
    OUT=$(diff "$T/want" "$T/got")
    if [ -z "$OUT" ]; then ok "$name"; else not_ok "$name"; printf '%s\n' "$OUT" | sed 's/^/#   /'; fi
}
files "completion: 'run <TAB>' offers scenario files (*.json) and directories" a.json sub -- wbench run ""
files "completion: 'run SCENARIO -o <TAB>' offers *.json" a.json sub -- wbench run a.json -o ""
files "completion: 'run --report <TAB>' offers *.html" b.html sub -- wbench run a.json --report ""
files "completion: 'run --markdown <TAB>' offers *.md" d.md sub -- wbench run --markdown ""
files "completion: 'run --captures <TAB>' offers directories" sub -- wbench run --captures ""
files "completion: 'compare A B --junit <TAB>' offers *.xml" e.xml sub -- wbench compare a.json a.json --junit ""
files "completion: 'compare --gate <TAB>' offers *.json" a.json sub -- wbench compare --gate ""
files "completion: 'report RESULTS <TAB>' offers results files" a.json sub -- wbench report a.json ""
files "completion: 'report -o <TAB>' offers *.html" b.html sub -- wbench report a.json -o ""
files "completion: 'summary <TAB>' offers results files" a.json sub -- wbench summary ""
files "completion: 'scenario --plan <TAB>' offers scenario files" a.json sub -- wbench scenario --plan ""
files "completion: 'pmf-verify <TAB>' offers captures" c.pcap sub -- wbench pmf-verify ""
files "completion: 'pmf-verify --passphrase-file <TAB>' offers any file" \
    a.json b.html c.pcap d.md e.xml f.txt sub -- wbench pmf-verify --passphrase-file ""
files "completion: 'pmf-capture -w <TAB>' offers *.pcap" c.pcap sub -- wbench pmf-capture -i hwsim0 -w ""
files "completion: 'run a.j<TAB>' completes a.json" a.json -- wbench run a.j

OUT=$(comp wbench vm --mem 512 -- "")
contains "completion: 'vm -- <TAB>' offers commands" "
sh
"
OUT=$(comp wbench vm --kernel "")
# shellcheck disable=SC2016  # $1 is the inner shell's
check "completion: 'vm --kernel <TAB>' offers /boot/vmlinuz-* only" \
    sh -c '[ -z "$1" ] || ! printf "%s\n" "$1" | grep -qv "^/boot/vmlinuz-"' _ "$OUT"
t_done
