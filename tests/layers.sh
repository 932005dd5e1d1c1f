#!/bin/bash
# The layers, checked: src/core (the domain) <- src/store (persistence) <-
# src/desk (the application) <- src/cli, src/tui (the faces) <- src/main.c.
# Each rule below is a grep over the sources or a reading of the object
# files' symbols (nm); any break is named with its file and the run fails.
#   bash tests/layers.sh BUILD_DIR
set -u
build=${1:?give the build directory}
cd "$(dirname "$0")/.." || exit 2
problems=0

broken() {
	echo "layers: $1"
	problems=$((problems + 1))
}

# what FILES…: lines of FILES matching a pattern, or nothing.
grep_in() {
	local pattern=$1
	shift
	[ $# -gt 0 ] && grep -nE "$pattern" "$@"
}

faces=$(ls src/cli/*.[ch] src/tui/*.[ch] src/main.c)
core=$(ls src/core/*.[ch] include/cdesk/*.h | grep -vE 'include/cdesk/(desk|auth|import)\.h')
store=$(ls src/store/*.[ch])

# Only the desk calls the store, and only the desk and the store see its header.
out=$(grep_in '\bstore_[a-z_]+[[:space:]]*\(' $faces $core)
[ -n "$out" ] && broken "store calls outside src/desk and src/store:
$out"
out=$(grep_in '#include[[:space:]]+"(store/)?store\.h"|#include[[:space:]]+"(store/)?sqlite\.h"' $faces $core)
[ -n "$out" ] && broken "the store's headers included outside src/desk and src/store:
$out"
# Only the store speaks SQL.
out=$(grep_in '\bsqlite3_[a-z_]+[[:space:]]*\(|#include[[:space:]]+<(sqlite3|libpq-fe)\.h>' \
	$faces $core $(ls src/desk/*.[ch]))
[ -n "$out" ] && broken "SQL outside src/store:
$out"
# The core and the store know nothing of the desk or the faces.
out=$(grep_in '#include[[:space:]]+"(cdesk/(desk|auth|import)\.h|desk/|cli|tui|internal\.h)' $core $store)
[ -n "$out" ] && broken "the core or the store includes the desk or a face:
$out"
# Curses only in the full-screen desk.
out=$(grep_in '#include[[:space:]]+<(ncursesw/)?n?curses\.h>' $(ls src/*.c src/core/*.c src/store/*.c src/desk/*.c src/cli/*.c))
[ -n "$out" ] && broken "curses outside src/tui:
$out"

# No cycle between directories: which directory's objects use which's
# symbols, from the symbol tables of the objects themselves.
objs=$(find "$build/src" -name '*.o' 2>/dev/null)
if [ -z "$objs" ]; then
	broken "no object files under $build/src: build first"
else
	edges=$(for o in $objs; do
		rel=${o#"$build"/}
		nm "$o" | awk -v f="$(dirname "$rel")" '$1 == "U" { print "U", f, $2 } NF == 3 && $2 ~ /[TDBRC]/ { print "D", f, $3 }'
	done | awk '$1 == "D" { owner[$3] = $2; next } { use[$2 " " $3] = 1 }
		END { for (k in use) { split(k, p, " "); if ((p[2] in owner) && owner[p[2]] != p[1]) print p[1], owner[p[2]] } }' |
		sort -u)
	# A directory that reaches itself again through others is a cycle.
	cycle=$(echo "$edges" | awk '
		{ next_of[$1] = next_of[$1] " " $2; nodes[$1] = 1; nodes[$2] = 1 }
		function reach(from, to, seen,   n, i, parts) {
			n = split(next_of[from], parts, " ")
			for (i = 1; i <= n; i++) {
				if (parts[i] == to) return 1
				if (!(parts[i] in seen)) { seen[parts[i]] = 1; if (reach(parts[i], to, seen)) return 1 }
			}
			return 0
		}
		END { for (d in nodes) { delete seen; if (reach(d, d, seen)) print d } }')
	[ -n "$cycle" ] && broken "directories that depend on themselves through others: $(echo $cycle)
$edges"
	# And each arrow points down.
	while read -r from to; do
		case "$from>$to" in
		"src/store>src/core" | "src/desk>src/core" | "src/desk>src/store" | "src/cli>src/core" | \
			"src/cli>src/desk" | "src/tui>src/core" | "src/tui>src/desk" | "src>"*) ;;
		*) broken "$from uses $to, against the layers" ;;
		esac
	done <<<"$edges"
fi

if [ $problems -gt 0 ]; then
	echo "layers: $problems broken"
	exit 1
fi
echo "layers: core <- store <- desk <- cli, tui: every arrow points down ($(echo "$edges" | wc -l) between directories)"
