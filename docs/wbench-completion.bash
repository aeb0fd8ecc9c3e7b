# bash completion for wbench(1): the commands, each command's options, files for the
# file arguments (scenarios and results *.json, reports *.html, captures *.pcap, ...),
# and the values of options that take a fixed set or name something on this machine
# (profiles, directions, colours, phys, interfaces, network namespaces, kernels).
#
# make install puts it in PREFIX/share/bash-completion/completions/wbench, where the
# bash-completion package loads it on first use; to try it from the repository:
#     . docs/wbench-completion.bash
# tests/host/t_completion.sh keeps the option lists in step with 'wbench CMD --help'.

# shellcheck disable=SC2086  # word lists ($_wbench_commands, option lists) split on purpose
_wbench_commands="run cleanup probe pmf-verify scenario summary compare report sim vm traffic
pmf-capture pmf-inject"

# The options of each command (of each sim sub-command), as its --help names them.
_wbench_options() { # COMMAND [SUBCOMMAND...]
    case "$*" in
    run) echo "-o --output --report --markdown --captures --port --no-vm --vm-mem --dry-run
               --preflight" ;;
    cleanup) echo "--dry-run" ;;
    probe) echo "--json --netns --lab" ;;
    pmf-verify) echo "--json --frames --bssid --ssid --passphrase-file" ;;
    scenario) echo "--plan --json" ;;
    summary) echo "--color=" ;;
    compare) echo "--json -o --output --junit --gate --alpha --band --min-runs --seed
                   --fail-on-unknown" ;;
    report) echo "-o --output --markdown --compare --no-charts" ;;
    "sim radio add") echo "--profile --netns --ifname" ;;
    vm) echo "--mem --cpus --kernel --timeout --boot-timeout --env -v --verbose" ;;
    traffic) echo "-s --server -p --port --server-netns --client-netns --client-only -u --udp
                   -d --direction -P --streams -t --duration -O --omit -b --bitrate
                   -l --blksize --connect-timeout --deadline-slack" ;;
    pmf-capture) echo "-i --netns -w --seconds --full --filter --snaplen --bssid --ssid
                       --passphrase-file" ;;
    pmf-inject) echo "-i --netns --create-on --freq --remove --bssid --sta --reason
                      --disassoc" ;;
    esac
    echo "-h --help"
}

# Does OPTION of COMMAND take a value (the next word)?
_wbench_takes_value() { # COMMAND OPTION
    case "$1:$2" in
    run:-o | run:--output | run:--report | run:--markdown | run:--captures | run:--port | \
    run:--vm-mem | probe:--netns | probe:--lab | pmf-verify:--bssid | pmf-verify:--ssid | \
    pmf-verify:--passphrase-file | summary:--color | compare:-o | compare:--output | \
    compare:--junit | compare:--gate | compare:--alpha | compare:--band | \
    compare:--min-runs | compare:--seed | report:-o | report:--output | \
    report:--markdown | report:--compare | sim:--profile | sim:--netns | sim:--ifname | \
    vm:--mem | vm:--cpus | vm:--kernel | vm:--timeout | vm:--boot-timeout | vm:--env | \
    traffic:-[spdPtObl] | traffic:--server | traffic:--port | traffic:--server-netns | \
    traffic:--client-netns | traffic:--direction | traffic:--streams | \
    traffic:--duration | traffic:--omit | traffic:--bitrate | traffic:--blksize | \
    traffic:--connect-timeout | traffic:--deadline-slack | pmf-capture:-[iw] | \
    pmf-capture:--netns | pmf-capture:--seconds | pmf-capture:--filter | \
    pmf-capture:--snaplen | pmf-capture:--bssid | pmf-capture:--ssid | \
    pmf-capture:--passphrase-file | pmf-inject:-i | pmf-inject:--netns | \
    pmf-inject:--create-on | pmf-inject:--freq | pmf-inject:--bssid | pmf-inject:--sta | \
    pmf-inject:--reason)
        return 0 ;;
    esac
    return 1
}

# Add each line COMMAND prints to COMPREPLY (names with spaces stay whole).
_wbench_add() { # COMMAND...
    local line
    while IFS= read -r line; do
        COMPREPLY+=("$line")
    done < <("$@")
}

# Files whose names match one of the GLOBs, and directories to walk into.
_wbench_files() { # CUR GLOB...
    local cur=$1 g
    shift
    compopt -o filenames 2>/dev/null
    for g in "$@"; do
        _wbench_add compgen -f -X "!$g" -- "$cur"
    done
    _wbench_add compgen -d -- "$cur"
}

_wbench_words() { # CUR WORD...: the WORDs that start with CUR
    local cur=$1 IFS=$' \t\n'
    shift
    _wbench_add compgen -W "$*" -- "$cur"
}

_wbench_dir_names() { # CUR DIR: the names in DIR (phys, interfaces, namespaces)
    local n
    local -a names=()
    for n in "$2"/*; do
        [ -e "$n" ] && names+=("${n##*/}")
    done
    _wbench_words "$1" "${names[@]}"
}

_wbench_value() { # CMD OPTION CUR: complete the value of OPTION
    local cmd=$1 opt=$2 cur=$3
    case "$cmd:$opt" in
    run:-o | run:--output | compare:-o | compare:--output | compare:--gate | \
    report:--compare | probe:--lab)
        _wbench_files "$cur" '*.json' ;;
    run:--report | report:-o | report:--output) _wbench_files "$cur" '*.html' ;;
    run:--markdown | report:--markdown) _wbench_files "$cur" '*.md' ;;
    compare:--junit) _wbench_files "$cur" '*.xml' ;;
    run:--captures)
        compopt -o filenames 2>/dev/null
        _wbench_add compgen -d -- "$cur" ;;
    pmf-capture:-w) _wbench_files "$cur" '*.pcap' ;;
    *:--passphrase-file | pmf-capture:--netns | pmf-inject:--netns)
        compopt -o filenames 2>/dev/null
        _wbench_add compgen -f -- "$cur" ;;
    vm:--kernel) _wbench_words "$cur" /boot/vmlinuz-* ;;
    summary:--color) _wbench_words "$cur" auto always never ;;
    traffic:-d | traffic:--direction) _wbench_words "$cur" up down ;;
    sim:--profile) _wbench_words "$cur" full rt2800 ath9k mt7915 ;;
    probe:--netns | sim:--netns | traffic:--server-netns | traffic:--client-netns)
        _wbench_dir_names "$cur" /run/netns ;;
    pmf-capture:-i | pmf-inject:-i) _wbench_dir_names "$cur" /sys/class/net ;;
    pmf-inject:--create-on) _wbench_dir_names "$cur" /sys/class/ieee80211 ;;
    esac
}

_wbench() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev='' cmd='' i w
    local -a args=()
    COMPREPLY=()
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}

    # --color=WHEN: bash splits the word at '=' (COMP_WORDBREAKS)
    if [ "$cur" = "=" ]; then
        prev=${COMP_WORDS[COMP_CWORD-1]}; cur=
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*}; cur=${cur#*=}
    fi

    # the command, and the words after it that are not options or their values
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [ -z "$cmd" ]; then
            case $w in -*) continue ;; esac
            cmd=$w; continue
        fi
        if [ "$cmd" = vm ] && [ "$w" = "--" ]; then args+=("--"); continue; fi
        case $w in
        =) continue ;;
        -*) if [ "${args[0]}" != "--" ] && [ "${COMP_WORDS[i+1]}" != "=" ] &&
                   _wbench_takes_value "$cmd" "$w"; then
                ((i++))
            fi
            [ "$cmd" = vm ] && [ ${#args[@]} -gt 0 ] && args+=("$w")
            continue ;;
        esac
        if [ "${COMP_WORDS[i-1]}" = "=" ]; then continue; fi
        args+=("$w")
    done

    if [ -z "$cmd" ]; then
        case $cur in
        -*) _wbench_words "$cur" --version --help ;;
        *) _wbench_words "$cur" $_wbench_commands help ;;
        esac
        return 0
    fi

    # vm: after '--' or the first argument, the command line to run in the VM
    if [ "$cmd" = vm ] && [ ${#args[@]} -gt 0 ]; then
        if [ ${#args[@]} = 1 ] && [ "${args[0]}" = "--" ]; then
            _wbench_add compgen -c -- "$cur"
        else
            compopt -o default 2>/dev/null
            _wbench_add compgen -f -- "$cur"
        fi
        return 0
    fi

    if [[ $prev == -* ]] && _wbench_takes_value "$cmd" "$prev"; then
        _wbench_value "$cmd" "$prev" "$cur"
        return 0
    fi

    if [[ $cur == -* ]]; then
        if [ "$cmd" = sim ]; then
            _wbench_words "$cur" "$(_wbench_options sim "${args[@]}")"
        else
            _wbench_words "$cur" "$(_wbench_options "$cmd")"
        fi
        # --color= waits for its value
        [[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
        return 0
    fi

    case $cmd in
    run | scenario | summary | compare | report) _wbench_files "$cur" '*.json' ;;
    pmf-verify) [ ${#args[@]} = 0 ] && _wbench_files "$cur" '*.pcap' '*.pcapng' '*.cap' ;;
    probe) [ ${#args[@]} = 0 ] && _wbench_dir_names "$cur" /sys/class/ieee80211 ;;
    help) [ ${#args[@]} = 0 ] && _wbench_words "$cur" $_wbench_commands ;;
    vm) compopt -o default 2>/dev/null
        _wbench_add compgen -c -- "$cur" ;;
    sim)
        case "${args[*]}" in
        "") _wbench_words "$cur" radio profiles ;;
        radio) _wbench_words "$cur" add del list ;;
        "radio del") _wbench_dir_names "$cur" /sys/class/ieee80211 ;;
        esac ;;
    esac
    return 0
}

complete -F _wbench wbench
