# Many desks on one database at once: clerks, a cron sweep, an import and a
# reader. No one is told the database is locked, no update is lost, and an
# escalation is recorded once however many sweeps run. CONC_WRITERS (default
# 8, and 32 on PostgreSQL, where a chain's desks meet) and CONC_SECONDS
# (default 4) set the size of the first test.

NOW=2026-11-02T09:00

# repeat_until UNTIL LOG CMD…: runs CMD again and again until the clock
# (EPOCHSECONDS) reaches UNTIL, logging "FAIL" with its message if it is
# ever refused.
repeat_until() {
	until=$1 log=$2
	shift 2
	while [ "$EPOCHSECONDS" -lt "$until" ]; do
		"$@" >/dev/null 2>"$log.err" || { echo "FAIL $*: $(cat "$log.err")" >>"$log"; return; }
		echo "ok $1" >>"$log"
	done
}

test_writers_sweep_and_import_at_once() {
	writers=${CONC_WRITERS:-8}
	on_pg && writers=${CONC_WRITERS:-32}
	secs=${CONC_SECONDS:-4}
	export NOW DB CDESK
	CDESK_NOW=$NOW "$CDESK" --db "$WORK/demo.db" demo --count 200 --seed 3 >/dev/null
	CDESK_NOW=$NOW "$CDESK" --db "$WORK/demo.db" export >"$WORK/in.csv"
	phone_complaint "$NOW" >/dev/null
	until=$((EPOCHSECONDS + secs))
	for i in $(seq "$writers"); do
		bash "$here/writer.sh" "$WORK/w$i" "$until" &
	done
	repeat_until "$until" "$WORK/sweep" at "$NOW" sweep &
	repeat_until "$until" "$WORK/import" at "$NOW" import "$WORK/in.csv" &
	repeat_until "$until" "$WORK/read" at "$NOW" due &
	wait
	cat "$WORK"/w[0-9]* "$WORK/sweep" "$WORK/import" "$WORK/read" >"$WORK/all"
	failures=$(grep '^FAIL' "$WORK/all")
	[ -z "$failures" ] || fail "refused while others worked: $failures"
	locked=$(cat "$WORK"/*.err | grep -ci 'busy\|locked')
	assert_eq "$locked" 0 "messages about a busy or locked database"
	assert_saved "$WORK/all"
	assert_whole
	imports=$(grep -c '^ok' "$WORK/import")
	assert_eq "$(sql "select count(*) from complaints where channel is not null")" \
		"$(($(grep -c '^new' "$WORK/all") + 1 + imports * 200))" "complaints"
	figure "concurrency: $writers writers, a sweep, an import and a reader for ${secs} s:" \
		"$(grep -c '^new\|^step\|^feedback' "$WORK/all") changes and $imports imports saved, none refused or locked"
}

test_same_step_at_once_one_wins() {
	rounds=10 racers=8
	for r in $(seq $rounds); do
		id=$(phone_complaint "$NOW")
		for i in $(seq $racers); do
			at "$NOW" step "$id" listen --expect received >"$WORK/out$i" 2>"$WORK/err$i" &
			pids[i]=$!
		done
		won=0
		for i in $(seq $racers); do
			if wait "${pids[i]}"; then
				won=$((won + 1))
			else
				assert_contains "$(cat "$WORK/err$i")" "complaint #$id was changed meanwhile: it is now listened"
			fi
		done
		assert_eq "$won" 1 "racers that stepped #$id"
		assert_eq "$(sql "select count(*) from events where complaint_id = $id and kind = 'step'")" 1 \
			"listen steps of #$id"
	done
	assert_whole
	figure "concurrency: $rounds rounds of $racers clerks taking the same step at once: one won each time," \
		"the others were told the new state"
}

test_sweeps_at_once_escalate_once() {
	n=20 sweeps=8
	# Each from another customer: only the missed contact escalates.
	for i in $(seq $n); do
		at 2026-11-02T09:00 new --channel phone --category fuel_quantity --customer "王五" \
			--phone "1380000$(printf %04d "$i")" --description "油品问题" >/dev/null
	done
	for i in $(seq $sweeps); do
		at 2026-11-02T11:30 sweep --json >"$WORK/s$i.json" 2>"$WORK/e$i" &
	done
	wait
	total=0
	for i in $(seq $sweeps); do
		[ -s "$WORK/e$i" ] && fail "sweep $i said: $(cat "$WORK/e$i")"
		total=$((total + $(jq .escalations "$WORK/s$i.json")))
	done
	assert_eq "$total" $n "escalations the sweeps reported"
	assert_eq "$(sql "select count(*) from events where kind = 'escalation'")" $n "escalations recorded"
	assert_eq "$(sql "select count(distinct complaint_id) from events where kind = 'escalation'
		and json_extract(data, '$.rule') = 'contact-late'")" $n "complaints escalated for the late contact"
	assert_whole
	figure "concurrency: $sweeps sweeps at once over $n overdue complaints: each escalation recorded once"
}
