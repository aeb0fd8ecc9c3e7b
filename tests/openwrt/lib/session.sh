# The forced command of root's key (/etc/dropbear/authorized_keys: command=". THIS"), run
# by dropbear as `ash -c '. /lib/wbench-owrt/session.sh'` with the client's command in
# SSH_ORIGINAL_COMMAND. Why: Debian's busybox-static is built with FEATURE_SH_STANDALONE,
# so its ash runs its own applets logread, logger, insmod, rmmod, lsmod, modprobe before
# searching PATH, and a non-interactive `ash -c` reads no profile or $ENV. Shell functions
# come before applets in ash's lookup, so these route the names to the stand-ins; then the
# command runs in this same ash, as dropbear would have run it. PATH is dropbear's
# DEFAULT_PATH on OpenWrt (Debian's dropbear sets /usr/local/... first).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
logread() { /sbin/logread "$@"; }
logger() { /usr/bin/logger "$@"; }
insmod() { /sbin/insmod "$@"; }
rmmod() { /sbin/rmmod "$@"; }
if [ "${SSH_ORIGINAL_COMMAND-}" = "exec /bin/sh" ]; then
    # a shell that reads its commands from stdin (wbench's persistent remote shell): it
    # is a new ash, which would not have the functions, so they come first on its input
    unset SSH_ORIGINAL_COMMAND
    { printf '%s\n' 'logread() { /sbin/logread "$@"; }' 'logger() { /usr/bin/logger "$@"; }' \
          'insmod() { /sbin/insmod "$@"; }' 'rmmod() { /sbin/rmmod "$@"; }'
      exec cat; } | exec /bin/ash
elif [ -n "${SSH_ORIGINAL_COMMAND+x}" ]; then
    __wbench_cmd=$SSH_ORIGINAL_COMMAND
    unset SSH_ORIGINAL_COMMAND
    eval "$__wbench_cmd"
else
    exec /bin/ash -l
fi
