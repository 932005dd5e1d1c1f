#!/bin/bash
# End-to-end tests of the real binary. Each function named test_* in
# tests/e2e/t_*.sh runs in its own subshell with a fresh directory, a pinned
# clock, locale and HOME. Prints one line per test and a closing
# "N passed, N failed" line; exits non-zero when any test failed.
#   CDESK=path/to/cdesk bash tests/e2e/run.sh [PATTERN]

set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CDESK:?set CDESK to the binary under test}"
export CDESK
pattern=${1:-}
passed=0
failed=0
failures=""
reports=""

for file in "$here"/t_*.sh; do
	tests=$(sed -n 's/^\(test_[a-z0-9_]*\)() *{.*/\1/p' "$file")
	for t in $tests; do
		case "$t" in *"$pattern"*) ;; *) continue ;; esac
		work=$(mktemp -d "${TMPDIR:-/tmp}/cdesk-e2e.XXXXXX")
		out=$(
			cd "$work" || exit 1
			export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
			export TZ=Asia/Shanghai LANG=C.UTF-8 LC_ALL=C.UTF-8 CDESK_LANG=en CDESK_USER=tester
			export DB="$work/desk.db" WORK="$work"
			unset CDESK_NOW CDESK_CONFIG LANGUAGE
			mkdir -p "$HOME"
			. "$here/lib.sh"
			. "$file"
			"$t" 2>&1
		)
		rc=$?
		[ -s "$work/report" ] && reports="$reports$(cat "$work/report")
"
		# A failed TUI test leaves its tmux server behind: stop it.
		for sock in "$work"/tmux*.sock; do
			[ -S "$sock" ] && tmux -S "$sock" kill-server 2>/dev/null
		done
		if [ $rc -eq 0 ]; then
			passed=$((passed + 1))
			echo "PASS $(basename "$file" .sh) $t"
		else
			failed=$((failed + 1))
			failures="$failures $t"
			echo "FAIL $(basename "$file" .sh) $t"
			echo "$out" | sed 's/^/    /' | tail -40
		fi
		rm -rf "$work"
	done
done

printf '%s' "$reports"
[ -n "$failures" ] && echo "failed:$failures"
echo "e2e: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
