# Crash safety: writers and imports killed with SIGKILL at random moments.
# Whatever cdesk reported saved is there afterwards, nothing is half
# written, and the file stays whole. CRASH_KILLS sets how many writers are
# killed (default 300).

NOW=2026-11-02T09:00

# kill_at_random MAX_MS CMD…: runs CMD in a process group of its own and
# kills the whole group with SIGKILL after a random 0 to MAX_MS ms. With
# job control on, bash puts the job in its group before it returns, so even
# a kill at once finds the group (setsid in the child could come too late).
kill_at_random() {
	max=$1
	shift
	set -m
	"$@" &
	pid=$!
	set +m
	sleep "$(printf '0.%03d' $((RANDOM % max)))"
	kill -KILL -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

test_writers_killed_at_random_lose_nothing() {
	kills=${CRASH_KILLS:-300}
	export NOW DB CDESK
	# Kill within about six commands' time (four writers share the
	# processors), so a writer gets somewhere (a sanitizer build starts far
	# slower): 100 to 999 ms.
	t0=${EPOCHREALTIME/./}
	phone_complaint "$NOW" >/dev/null
	window=$(((${EPOCHREALTIME/./} - t0) * 6 / 1000))
	[ "$window" -ge 100 ] || window=100
	[ "$window" -le 999 ] || window=999
	# Four killers side by side, each with its own writer on the same
	# file: the kills take a quarter of the time (they are mostly sleep),
	# and each writer is killed while others wait on it or have the file.
	killers=4
	kills=$(((kills + killers - 1) / killers * killers))
	for _ in $(seq $killers); do
		for _ in $(seq $((kills / killers))); do
			kill_at_random "$window" bash "$here/writer.sh" "$WORK/log"
		done &
	done
	wait
	[ -s "$WORK/log" ] || fail "no writer saved anything"
	failures=$(grep '^FAIL' "$WORK/log")
	[ -z "$failures" ] || fail "a writer was refused after a crash: $failures"
	assert_saved "$WORK/log"
	assert_whole
	# The desk still works on the file: one more complaint through its steps.
	bash "$here/writer.sh" "$WORK/after" "$((EPOCHSECONDS + 1))"
	[ -s "$WORK/after" ] || fail "the writer saved nothing after the crashes"
	assert_eq "$(grep -c '^FAIL' "$WORK/after")" 0 "refusals after the crashes"
	assert_whole
	figure "crash: $kills writers killed at random moments (within $window ms); $(sql 'select count(*) from events')" \
		"changes and $(grep -c '^new' "$WORK/log") complaints saved, none lost, no half-written complaint"
}

test_import_killed_at_random_is_all_or_nothing() {
	kills=${CRASH_IMPORT_KILLS:-40}
	CDESK_NOW=$NOW "$CDESK" --db "$WORK/demo.db" demo --count 400 --seed 7 >/dev/null
	CDESK_NOW=$NOW "$CDESK" --db "$WORK/demo.db" export >"$WORK/in.csv"
	phone_complaint "$NOW" >/dev/null
	whole=0
	for _ in $(seq "$kills"); do
		kill_at_random 90 env CDESK_NOW=$NOW "$CDESK" --db "$DB" import "$WORK/in.csv"
		n=$(sql 'select count(*) from complaints')
		[ $(((n - 1) % 400)) -eq 0 ] || fail "an import killed midway left $n complaints"
	done
	imports=$(((n - 1) / 400))
	[ "$imports" -lt "$kills" ] || fail "no import was killed midway: every one of $kills finished"
	assert_whole
	figure "crash: $kills imports of 400 rows killed at random moments; $imports finished," \
		"$((kills - imports)) left nothing"
}
