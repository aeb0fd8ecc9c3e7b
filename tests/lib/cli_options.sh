# What 'wbench --help' and 'wbench COMMAND --help' say, read the way the man page and
# bash completion tests (tests/host/t_manpage.sh, t_completion.sh) need it. Source it
# after lib.sh ($WB is the program).
#
# An option is what the usage block (from "usage:" to the first empty line) and the
# option lines (indented lines starting with '-': the words before the description)
# name: "-o, --output FILE" gives -o and --output, "--color=WHEN" gives --color.

# cli_grab_options: every option word (-x, --long-name) in the lines of stdin.
cli_grab_options() {
    awk '{
        s = $0
        while (match(s, /(^|[^A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9-]*/)) {
            t = substr(s, RSTART, RLENGTH); sub(/^[^-]/, "", t); print t
            s = substr(s, RSTART + RLENGTH)
        }
    }'
}

# cli_help_options [all]: the options a --help text on stdin names, one a line;
# -h and --help left out unless "all".
cli_help_options() {
    awk '
        /^usage:/ { u = 1 }
        u && /^[ \t]*$/ { u = 0 }
        u { print; next }
        /^ +-/ { t = $0; sub(/^ +/, "", t); sub(/  .*/, "", t); print t }' |
    cli_grab_options | if [ "${1:-}" = all ]; then cat; else grep -vx -e -h -e --help; fi
}

# cli_commands: the commands 'wbench --help' lists, in its order.
cli_commands() {
    "$WB" --help | awk '/^Commands:/ { c = 1; next } c && /^$/ { exit } c { print $1 }'
}

# cli_subcommands CMD: the forms of CMD's usage, one a line: "sim radio add",
# "sim radio del", ..., or just "run".
cli_subcommands() {
    "$WB" "$1" --help 2>/dev/null | awk -v cmd="$1" '
        /^usage:/ { u = 1; sub(/^usage:/, "") }
        u && /^[ \t]*$/ { exit }
        u && $1 == "wbench" && $2 == cmd {
            f = cmd
            for (i = 3; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++) f = f " " $i
            print f
        }' | awk '!seen[$0]++'
}

# cli_command_help CMD: the --help texts of every form of CMD, one after the other.
cli_command_help() {
    cli_subcommands "$1" | while read -r form; do
        # shellcheck disable=SC2086  # the form is words
        "$WB" $form --help 2>/dev/null
    done
}

# cli_help_option_kinds: "OPTION value" or "OPTION flag" for each option a --help text on
# stdin names: value when a value follows it (-o FILE, "-o, --output FILE" for both,
# --color=WHEN), flag otherwise; -h and --help left out.
cli_help_option_kinds() {
    awk '
        function opt(t) { return t ~ /^\[?--?[A-Za-z][A-Za-z0-9-]*(=.*)?[],]*$/ }
        function name(t) { sub(/^\[/, "", t); sub(/[],]+$/, "", t); sub(/=.*/, "", t); return t }
        function flush(kind,   i) { for (i = 1; i <= ng; i++) print g[i], kind; ng = 0 }
        function scan(s,   n, w, i) {
            n = split(s, w, /[ \t]+/); ng = 0
            for (i = 1; i <= n; i++) {
                if (w[i] == "") continue
                if (opt(w[i])) {
                    g[++ng] = name(w[i])
                    if (w[i] ~ /=/) flush("value")
                    else if (w[i] ~ /\]$/) flush("flag")
                } else if (ng > 0 && w[i] ~ /^[A-Za-z0-9]/) flush("value")
                else flush("flag")
            }
            flush("flag")
        }
        /^usage:/ { u = 1; sub(/^usage:/, "") }
        u && /^[ \t]*$/ { u = 0 }
        u { scan($0); next }
        /^ +-/ { t = $0; sub(/^ +/, "", t); sub(/  .*/, "", t); scan(t) }' |
    awk '$1 != "-h" && $1 != "--help" { k[$1] = (k[$1] == "value" || $2 == "value") ? "value" : "flag" }
         END { for (o in k) print o, k[o] }' | sort
}
