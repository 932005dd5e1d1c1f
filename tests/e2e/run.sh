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
# runs side by side share the tests out. E2E_QUEUE=FILE shares them out as
# they go instead: each run takes the next test no run has taken, counted
# in FILE, so one run's slow tests do not leave the others idle (E2E_JOBS=N
# and make valgrind do this).
# E2E_TIMES=FILE appends "MILLISECONDS STORE TEST CPU_MILLISECONDS" to FILE
# for each test run (wall time, then the processor time of the test's own
# processes, user + sys), to find the slow ones (sort -n FILE | tail).
# E2E_STORE=pg runs the tests on PostgreSQL: each test gets a fresh
# database of its own in a throw-away cluster (tests/pg/cluster.sh) that
# this run starts and stops, unless PGHOST already names one; $DB is then
# postgresql:///NAME, reached through PGHOST, PGPORT and PGUSER. A test about
# the SQLite file itself says so (sqlite_only in lib.sh) and is counted
# apart, never as passed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CDESK:?set CDESK to the binary under test}"
export CDESK
pattern=${1:-}
store=${E2E_STORE:-sqlite}
case "$store" in
sqlite | pg) ;;
*) echo "E2E_STORE must be sqlite or pg, not '$store'" >&2; exit 2 ;;
esac
export E2E_STORE=$store
if [ "$store" = pg ] && [ -z "${PGHOST:-}" ]; then
	cluster=$(mktemp -d "${TMPDIR:-/tmp}/cdesk-pg.XXXXXX")
	chmod 755 "$cluster" # the cluster belongs to postgres when run as root
	trap 'bash "$here/../pg/cluster.sh" stop "$cluster/pg"; rm -rf "$cluster"' EXIT
	# No autovacuum: the tests' databases are small and short-lived, and
	# with them left until the end (below) it would visit each of them.
	env=$(PG_CLUSTER_OPTIONS="-c autovacuum=off${PG_CLUSTER_OPTIONS:+ $PG_CLUSTER_OPTIONS}" \
		bash "$here/../pg/cluster.sh" start "$cluster/pg") || exit 1
	eval "export $env"
	# Removed whole at the end: the tests' databases need no dropping.
	export E2E_PG_THROWAWAY=1
	psql -XAtq -v ON_ERROR_STOP=1 -d template1 -f "$here/../pg/sqlite_compat.sql" >/dev/null || exit 1
	bash "$0" "$@"
	exit
fi

# E2E_JOBS=N runs N shards side by side (make check runs 2: most tests
# wait on a desk or a server, not on the processor) and prints their
# results as one run: every test's line, then every figure, then the total.
# closing PASSED FAILED APART LEFT-OUT: the run's last line.
closing() {
	label=e2e
	[ "$store" = pg ] && label="e2e on postgresql"
	extra=""
	[ "$3" -gt 0 ] && extra=", $3 about the SQLite file not run here"
	echo "$label: $1 passed, $2 failed$extra${4:+ (not run: $4)}"
}

if [ "${E2E_JOBS:-1}" -gt 1 ] && [ -z "${E2E_SHARD:-}" ]; then
	outs=$(mktemp -d "${TMPDIR:-/tmp}/cdesk-e2e-jobs.XXXXXX")
	trap 'rm -rf "$outs"' EXIT
	jobs=$E2E_JOBS
	for k in $(seq "$jobs"); do
		E2E_JOBS=1 E2E_QUEUE=$outs/queue bash "$0" "$pattern" >"$outs/$k" 2>&1 &
	done
	wait
	rm -f "$outs"/queue*
	cat "$outs"/* | grep -E '^(PASS|FAIL|N/A |    )'
	cat "$outs"/* | grep -vE '^(PASS|FAIL|N/A |    |failed:|e2e)' | sort -s -t: -k1,1
	passed=$(cat "$outs"/* | grep -c '^PASS')
	failed=$(cat "$outs"/* | grep -c '^FAIL')
	apart=$(cat "$outs"/* | grep -c '^N/A ')
	failures=$(sed -n 's/^failed://p' "$outs"/* | tr '\n' ' ')
	left_out=$(sed -n 's/^e2e.*(not run: *\(.*\))$/\1/p' "$outs/1")
	[ -n "$failures" ] && echo "failed:$failures"
	closing "$passed" "$failed" "$apart" "$left_out"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit
fi
passed=0
failed=0
apart=0
failures=""
FIGURES=$(mktemp "${TMPDIR:-/tmp}/cdesk-figures.XXXXXX")
export FIGURES
trap 'rm -f "$FIGURES" "$FIGURES.cpu"' EXIT

left_out=""
shard=${E2E_SHARD:-1/1}
shard_k=${shard%/*} shard_n=${shard#*/}
# The number of the next test this run is to take from E2E_QUEUE.
claim() {
	(
		flock 9
		n=$(($(cat "$E2E_QUEUE" 2>/dev/null || echo 0) + 1))
		echo "$n" >"$E2E_QUEUE"
		echo "$n"
	) 9>>"$E2E_QUEUE.lock"
}
# cpu= the processor time this run's finished children took, in
# milliseconds (the second line of bash's times: user and sys, as 0m1.234s).
# Not in $(…): a subshell's times would be its own.
children_cpu() {
	local user sys
	times >"$FIGURES.cpu"
	{ read -r _ _; read -r user sys; } <"$FIGURES.cpu"
	cpu=$(($(ms "$user") + $(ms "$sys")))
}
ms() {
	local m=${1%%m*} s=${1#*m}
	s=${s%s}
	echo $((10#$m * 60000 + 10#${s%.*} * 1000 + 10#${s#*.}))
}
[ -n "${E2E_QUEUE:-}" ] && next=$(claim)
# The tests to run, as "FILE TEST": those named in slow_first (the slowest,
# slowest first, from E2E_TIMES) lead, so that shards taking them from the
# queue do not end on one long test while the others idle; then the rest in
# the order of the files.
found=()
for file in "$here"/t_*.sh; do
	if [ -n "${E2E_LEAVE_OUT:-}" ] && [[ $(basename "$file" .sh) =~ ^($E2E_LEAVE_OUT)$ ]]; then
		left_out="$left_out $(basename "$file" .sh)"
		continue
	fi
	for t in $(sed -n 's/^\(test_[a-z0-9_]*\)() *{.*/\1/p' "$file"); do
		case "$t" in *"$pattern"*) found+=("$file $t") ;; esac
	done
done
declare -A slow=()
rank=0
while read -r name; do
	rank=$((rank + 1))
	slow[$name]=$rank
done < <(grep -v '^#' "$here/slow_first")
todo=()
while read -r _ entry; do
	todo+=("$entry")
done < <(for e in "${found[@]}"; do echo "${slow[${e##* }]:-999999} $e"; done | sort -s -n -k1,1)

index=0
for entry in "${todo[@]}"; do
	file=${entry% *} t=${entry##* }
	index=$((index + 1))
	if [ -n "${E2E_QUEUE:-}" ]; then
		[ "$index" -eq "$next" ] || continue
	else
		[ $(((index - shard_k) % shard_n)) -eq 0 ] || continue
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/cdesk-e2e.XXXXXX")
	started=$(date +%s%N)
	children_cpu
	cpu_before=$cpu
	out=$(
		cd "$work" || exit 1
		export HOME="$work/home" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
		export TZ=Asia/Shanghai LANG=C.UTF-8 LC_ALL=C.UTF-8 CDESK_LANG=en CDESK_USER=tester
		export DB="$work/desk.db" WORK="$work"
		if [ "$store" = pg ]; then
			DB="postgresql:///cdesk_t$index"
			psql -XAtq -d postgres -c "CREATE DATABASE cdesk_t$index" >/dev/null || exit 1
		fi
		unset CDESK_NOW CDESK_CONFIG LANGUAGE
		mkdir -p "$HOME"
		. "$here/lib.sh"
		. "$file"
		"$t" 2>&1
	)
	rc=$?
	children_cpu
	[ -n "${E2E_TIMES:-}" ] &&
		echo "$((($(date +%s%N) - started) / 1000000)) $store $t $((cpu - cpu_before))" >>"$E2E_TIMES"
	# A failed TUI test leaves its tmux server behind: stop it.
	for sock in "$work"/tmux*.sock; do
		[ -S "$sock" ] && tmux -S "$sock" kill-server 2>/dev/null
	done
	# The test's database, and those it kept (db_save in lib.sh), unless
	# the cluster goes with this run.
	[ "$store" = pg ] && [ -z "${E2E_PG_THROWAWAY:-}" ] && psql -XAtq -d postgres -c "SELECT datname FROM pg_database
		WHERE datname = 'cdesk_t$index' OR datname LIKE 'cdesk\_t${index}\_%'" |
		while read -r name; do
			psql -XAtq -d postgres -c "DROP DATABASE $name WITH (FORCE)" >/dev/null
		done
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		echo "PASS $(basename "$file" .sh) $t"
	elif [ $rc -eq 77 ]; then
		apart=$((apart + 1))
		echo "N/A  $(basename "$file" .sh) $t: $(echo "$out" | tail -n 1)"
	else
		failed=$((failed + 1))
		failures="$failures $t"
		echo "FAIL $(basename "$file" .sh) $t"
		echo "$out" | sed 's/^/    /' | tail -40
	fi
	rm -rf "$work"
	[ -n "${E2E_QUEUE:-}" ] && next=$(claim)
done

cat "$FIGURES"
[ -n "$failures" ] && echo "failed:$failures"
closing "$passed" "$failed" "$apart" "${left_out# }"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
