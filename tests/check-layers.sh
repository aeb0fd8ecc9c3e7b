#!/bin/sh
# The layer rule, checked: a file may include its own layer and the layers below it only.
#
#   cli -> run -> lab -> {scenario, daemons, diag} -> {collectors, reports}
#       -> host -> sys -> wifi -> lib            (vm -> lib; only cli includes vm)
#
# Layers in braces are siblings: they may not include each other. Include lines name the
# layer ("wbench/lib/util.h", "collectors/cpu.h"); a folder the rule does not know fails.
# Usage: tests/check-layers.sh [ROOT]   (default: the repository); prints TAP lines.
cd "${1:-$(dirname "$0")/..}" || exit 2

# layer name -> rank (higher may include lower); vm is placed apart below.
rank() {
	case $1 in
	cli) echo 10 ;; run) echo 9 ;; lab) echo 8 ;;
	scenario|daemons|diag) echo 7 ;; collectors|reports) echo 6 ;;
	host) echo 5 ;; sys) echo 4 ;; wifi) echo 3 ;; lib) echo 2 ;;
	vm) echo vm ;; *) echo unknown ;;
	esac
}

# the layer of a path: wbench/<layer>/..., collectors/..., reports/...
layer_of() {
	case $1 in
	wbench/*/*) l=${1#wbench/}; echo "${l%%/*}" ;;
	collectors/*) echo collectors ;;
	reports/*) echo reports ;;
	*) echo unknown ;;
	esac
}

allowed() { # FROM TO: may a file of layer FROM include one of layer TO?
	[ "$1" = "$2" ] && return 0
	rf=$(rank "$1"); rt=$(rank "$2")
	[ "$rf" = unknown ] || [ "$rt" = unknown ] && return 1
	[ "$rt" = vm ] && { [ "$1" = cli ]; return; }
	[ "$rf" = vm ] && { [ "$2" = lib ]; return; }
	[ "$rf" -gt "$rt" ]
}

bad=0
files=$(find wbench collectors reports -name '*.[ch]' | sort)
for f in $files; do
	from=$(layer_of "$f")
	if [ "$(rank "$from")" = unknown ]; then
		echo "# $f: folder '$from' is not in the layer rule (tests/check-layers.sh)"
		bad=$((bad + 1))
		continue
	fi
	# "N:path" for every project include of the file
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):.*"\([^"]*\)".*/\1:\2/' > "${TMPDIR:-/tmp}/wb-layers.$$"
	while IFS=: read -r line inc; do
		to=$(layer_of "$inc")
		if ! allowed "$from" "$to"; then
			echo "# $f:$line: includes \"$inc\" ($to), not below its own layer ($from)"
			bad=$((bad + 1))
		fi
	done < "${TMPDIR:-/tmp}/wb-layers.$$"
done
rm -f "${TMPDIR:-/tmp}/wb-layers.$$"
n=$(echo "$files" | wc -l)
if [ "$bad" = 0 ]; then
	echo "ok - layers: $n files include only their own layer and the layers below"
else
	echo "not ok - layers: $bad include(s) reach a layer above their own (see above)"
	exit 1
fi
