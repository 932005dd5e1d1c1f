# The analysis's kept facts (report_facts, issue 20): what each complaint's
# own log gives the report is written with each of its events, and must
# always be what the event log gives again: 'report rebuild --check'
# derives them from the log and compares, 'report --recompute' reports
# from the log alone.

# same_as_log MONTH [ARGS…]: the report from the kept facts is byte for
# byte the one from the event log, and the check finds nothing.
same_as_log() {
	m=$1
	shift
	at "$NOW" report --month "$m" --format json "$@" >"$WORK/kept.json" || fail "report $m $*"
	at "$NOW" report --month "$m" --format json --recompute "$@" >"$WORK/log.json" || fail "report --recompute $m $*"
	cmp -s "$WORK/kept.json" "$WORK/log.json" ||
		fail "report $m $* from the kept facts differs from the log's: $(diff "$WORK/kept.json" "$WORK/log.json" | head -20)"
}

checked() {
	expect_rc 0 at "$NOW" report rebuild --check --json
	assert_eq "$(jq -r .differed <<<"$OUT")" 0 "kept facts differing from the log ($*)"
}

test_facts_demo_same_as_log() {
	NOW=2026-11-01T12:00
	at $NOW demo --count 800 --seed 42 >/dev/null || fail demo
	checked demo
	assert_eq "$(jq -r .complaints <<<"$OUT")" "$(sql 'select count(*) from complaints')"
	assert_eq "$(sql 'select count(*) from report_facts')" "$(sql 'select count(*) from complaints')"
	site=$(sql 'select site from complaints order by id limit 1')
	for m in 2026-09 2026-10 2026-11; do
		same_as_log $m
		same_as_log $m --site "$site"
	done
	# As of an instant before some of the events, the kept facts are too
	# new: the report derives them from the log, the same as before.
	NOW=2026-10-15T12:00 same_as_log 2026-10
	# A drill reads the same facts.
	assert_eq "$(at $NOW report --month 2026-10 --drill first_contact_resolution | md5sum)" \
		"$(CDESK_NOW=$NOW "$CDESK" --db "$DB" report --month 2026-10 --drill first_contact_resolution --recompute | md5sum)"
}

# Every kind of event, then the check; an import too.
test_facts_follow_every_event() {
	NOW=2026-11-20T10:00
	new() { at "$1" new --channel walk_in --category other --customer "客户$2" --phone "$2" --description x; }
	new 2026-10-05T09:00 13900000001 >/dev/null   # 1
	new 2026-10-05T10:00 13900000002 >/dev/null   # 2
	new 2026-10-06T10:00 13900000003 >/dev/null   # 3
	checked new
	at 2026-10-05T09:30 contact 1 --note "called back" >/dev/null
	at 2026-10-05T11:00 feedback 1 --note "parts ordered" >/dev/null
	at 2026-10-05T11:10 promise 1 --due 2026-10-07T10:00 --note "by Wednesday" >/dev/null
	at 2026-10-05T12:00 escalate 1 supervisor --note "insists" >/dev/null
	at 2026-10-05T12:10 remedy 1 apology --agreed >/dev/null
	at 2026-10-06T09:00 pause 1 --reason customer >/dev/null
	at 2026-10-06T15:00 resume 1 >/dev/null
	at 2026-10-07T09:00 promise 1 --kept >/dev/null
	checked contact, feedback, promise, escalate, remedy, pause, resume
	at 2026-10-07T09:10 cause 1 staff --note why --measure m1 --measure-owner zhangmin --measure-due 2026-10-20 >/dev/null
	at 2026-10-08T10:00 measure 1 --cause "$(sql "select id from events where kind = 'root_cause'")" >/dev/null
	at 2026-10-08T11:00 step 1 resolve >/dev/null
	at 2026-10-09T11:00 satisfaction 1 --outcome 4 --procedure 5 --treatment 3 --satisfied >/dev/null
	at 2026-10-09T11:30 step 1 follow-up >/dev/null
	at 2026-10-09T12:00 step 1 close >/dev/null
	checked cause, measure, resolve, satisfaction, close
	at 2026-10-20T09:00 reopen 1 --note back >/dev/null
	at 2026-10-21T09:00 contact 1 >/dev/null
	at 2026-10-21T10:00 step 1 resolve >/dev/null
	at 2026-10-06T11:00 withdraw 2 --note "no longer" >/dev/null
	at 2026-10-07T10:00 step 3 resolve >/dev/null
	at 2026-10-07T11:00 cause 3 company --note a >/dev/null
	at 2026-10-07T11:05 cause 3 external --note b >/dev/null
	checked reopen, withdraw, two causes
	at $NOW export --format csv >"$WORK/out.csv"
	at $NOW import "$WORK/out.csv" >/dev/null || fail import
	checked import
	assert_eq "$(sql 'select count(*) from report_facts')" 6
	# The facts of complaint 1: contacted on receipt (in person) and at
	# 9:30, both before its first resolution, on 8 October at 11:00; the
	# last cause's side of 3.
	assert_eq "$(sql "select first_contact - first_resolved, contacts, feedbacks, promises, answered
		from report_facts where complaint_id = 1")" "-266400|2|1|1|1"
	assert_eq "$(sql "select side from report_facts where complaint_id = 3")" external
	same_as_log 2026-10
	same_as_log 2026-11
	# A refused action leaves them as they were.
	before=$(dbsum)
	expect_rc 6 at 2026-10-22T09:00 step 2 resolve
	expect_rc 2 at 2026-10-22T09:00 satisfaction 1 --outcome 9
	assert_eq "$(dbsum)" "$before" "a refused action changes nothing"
	checked refusals
}

# The check notices facts that are not the log's, and a rebuild mends
# them (and is audited); the report then reads the mended ones.
test_facts_check_and_rebuild() {
	sqlite_only "facts changed behind cdesk's back, in the file"
	NOW=2026-11-01T12:00
	at $NOW demo --count 300 --seed 7 >/dev/null || fail demo
	at $NOW report --month 2026-10 --format json >"$WORK/good.json"
	sqlite3 "$DB" "update report_facts set answered = 1 - answered where complaint_id % 5 = 0;
		delete from report_facts where complaint_id = 3"
	at $NOW report --month 2026-10 --format json >"$WORK/bad.json"
	! cmp -s "$WORK/good.json" "$WORK/bad.json" || fail "the report does not read the kept facts"
	expect_rc 1 at $NOW report rebuild --check
	assert_contains "$OUT" "61 complaints' figures differ"
	expect_rc 0 at $NOW report rebuild
	assert_contains "$OUT" "Rebuilt the figures of 300 complaints from the event log (61 had differed)."
	assert_eq "$(audit_count report_rebuilt)" 1
	checked rebuilt
	at $NOW report --month 2026-10 --format json | cmp -s - "$WORK/good.json" || fail "the rebuilt facts give another report"
}

# The day sums: changed in the file, the report shows it; --check finds
# it and rebuild mends it.
test_sums_check_and_rebuild() {
	sqlite_only "sums changed behind cdesk's back, in the file"
	NOW=2026-11-01T12:00
	at $NOW demo --count 300 --seed 7 >/dev/null || fail demo
	at $NOW report --month 2026-10 --format json >"$WORK/good.json"
	at $NOW report --month 2026-10 --format json --recompute | cmp -s - "$WORK/good.json" ||
		fail "the sums give another report than the log"
	sqlite3 "$DB" "update report_sums set n = n + 1 where cell = 'm:escalations'"
	at $NOW report --month 2026-10 --format json >"$WORK/bad.json"
	! cmp -s "$WORK/good.json" "$WORK/bad.json" || fail "the report does not read the day sums"
	expect_rc 1 at $NOW report rebuild --check
	assert_contains "$OUT" "of the day sums differed"
	expect_rc 0 at $NOW report rebuild
	assert_contains "$OUT" "of the day sums differed"
	at $NOW report --month 2026-10 --format json | cmp -s - "$WORK/good.json" || fail "the rebuilt sums give another report"
	expect_rc 0 at $NOW report rebuild --check
	checked sums rebuilt
}

# The sums are made in the sites' zones: applying a configuration that
# moves a site to another zone makes them again, in its own transaction.
test_sums_follow_the_zones() {
	NOW=2026-11-01T12:00
	at $NOW demo --count 300 --seed 5 >/dev/null || fail demo
	at $NOW report --month 2026-10 --format json >"$WORK/shanghai.json"
	assert_eq "$(sql "select value from meta where key = 'report_sums'")" "cells 1; Asia/Shanghai"
	desk_config 's/^- {id: station-01, \(.*\)}$/- {id: station-01, \1, timezone: America\/New_York}/'
	assert_eq "$(sql "select value from meta where key = 'report_sums'")" \
		"cells 1; Asia/Shanghai; station-01 America/New_York"
	at $NOW report --month 2026-10 --format json >"$WORK/sums.json"
	at $NOW report --month 2026-10 --format json --recompute | cmp -s - "$WORK/sums.json" ||
		fail "the sums made again differ from the rows"
	! cmp -s "$WORK/shanghai.json" "$WORK/sums.json" || fail "station-01's days did not move"
	expect_rc 0 at $NOW report rebuild --check
	checked zones
}

# A database of schema 9 (before the kept facts) builds them when it is
# opened: the migration derives them from the log.
test_facts_migration_builds_them() {
	sqlite_only "schema 9 made by hand from the file"
	NOW=2026-11-01T12:00
	at $NOW demo --count 200 --seed 3 >/dev/null || fail demo
	at $NOW report --month 2026-10 --format json >"$WORK/before.json"
	sqlite3 "$DB" "drop table report_facts; drop table report_sums;
		delete from meta where key like 'report_sums%'; pragma user_version = 9"
	at $NOW report --month 2026-10 --format json | cmp -s - "$WORK/before.json" || fail "the migrated report differs"
	assert_eq "$(sqlite3 "$DB" 'pragma user_version')" 11
	assert_eq "$(sql 'select count(*) from report_facts')" 200
	checked migrated
}
