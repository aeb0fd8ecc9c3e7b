# Shared by the stand-ins (sourced; POSIX sh for BusyBox ash). The system log of the
# stand-in router is one file, $OWRT_LOGFILE, holding lines exactly as 19.07's logread
# prints them: "<ctime> <facility>.<priority> <tag>: <msg>" (ctime is always 24 characters).
# Real 19.07 keeps it in logd's memory ring; a file is enough for the commands we model.
OWRT_LIB=${OWRT_LIB:-/lib/wbench-owrt}
OWRT_LOGFILE=${OWRT_LOGFILE:-/tmp/.wbench-owrt.log}

# owrt_log FACILITY.PRIORITY TAG MESSAGE...: append one line per line of MESSAGE
owrt_log() {
    _fp=$1 _tag=$2; shift 2
    _now=$(date '+%a %b %e %H:%M:%S %Y')
    printf '%s\n' "$*" | while IFS= read -r _l; do
        printf '%s %s %s: %s\n' "$_now" "$_fp" "$_tag" "$_l"
    done >> "$OWRT_LOGFILE"
}
