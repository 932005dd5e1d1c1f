#!/bin/bash
# End-to-end tests of the real binary. Each function named test_* in
# tests/e2e/t_*.sh runs in its own subshell with a fresh directory, a pinned
# clock, locale and HOME. Prints one line per test and a closing
# "N passed, N failed" line, after the figures the tests reported (kills
# survived, writers run; see `figure` in lib.sh); exits non-zero when any
# test failed.
#   CDESK=path/to/cdesk bash tests/e2e/run.sh [PATTERN]
# E2E_LEAVE_OUT names files not to run (a regular expression, e.g.
# 't_crash|t_concurrent'); the closing line says which were left out.
# E2E_SHARD=K/N runs only every Nth test from the Kth (1 ≤ K ≤ N), so N
# runs side by side share the tests out (make valgrind does; E2E_JOBS=N
# does it for you).

set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CDESK:?set CDESK to the binary under test}"
export CDESK
pattern=${1:-}

# E2E_JOBS=N runs N shards side by side (make check runs 2: most tests
# wait on a desk or a server, not on the processor) and prints their
# results as one run: every test's line, then every figure, then the total.
if [ "${E2E_JOBS:-1}" -gt 1 ] && [ -z "${E2E_SHARD:-}" ]; then
	outs=$(mktemp -d "${TMPDIR:-/tmp}/cdesk-e2e-jobs.XXXXXX")
	trap 'rm -rf "$outs"' EXIT
	jobs=$E2E_JOBS
	for k in $(seq "$jobs"); do
		E2E_JOBS=1 E2E_SHARD=$k/$jobs bash "$0" "$pattern" >"$outs/$k" 2>&1 &
	done
	wait
	cat "$outs"/* | grep -E '^(PASS|FAIL|    )'
	cat "$outs"/* | grep -vE '^(PASS|FAIL|    |failed:|e2e:)' | sort -s -t: -k1,1
	passed=$(cat "$outs"/* | grep -c '^PASS')
	failed=$(cat "$outs"/* | grep -c '^FAIL')
	failures=$(sed -n 's/^failed://p' "$outs"/* | tr '\n' ' ')
	left_out=$(sed -n 's/^e2e:.*(not run: *\(.*\))$/\1/p' "$outs/1")
	[ -n "$failures" ] && echo "failed:$failures"
	echo "e2e: $passed passed, $failed failed${left_out:+ (not run: $left_out)}"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit
fi
passed=0
failed=0
failures=""
FIGURES=$(mktemp "${TMPDIR:-/tmp}/cdesk-figures.XXXXXX")
export FIGURES
trap 'rm -f "$FIGURES"' EXIT

left_out=""
shard=${E2E_SHARD:-1/1}
shard_k=${shard%/*} shard_n=${shard#*/}
index=0
for file in "$here"/t_*.sh; do
	if [ -n "${E2E_LEAVE_OUT:-}" ] && [[ $(basename "$file" .sh) =~ ^($E2E_LEAVE_OUT)$ ]]; then
		left_out="$left_out $(basename "$file" .sh)"
		continue
	fi
	tests=$(sed -n 's/^\(test_[a-z0-9_]*\)() *{.*/\1/p' "$file")
	for t in $tests; do
		case "$t" in *"$pattern"*) ;; *) continue ;; esac
		index=$((index + 1))
		[ $(((index - shard_k) % shard_n)) -eq 0 ] || continue
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

cat "$FIGURES"
[ -n "$failures" ] && echo "failed:$failures"
echo "e2e: $passed passed, $failed failed${left_out:+ (not run:$left_out)}"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
