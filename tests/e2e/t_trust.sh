# Trust under attack: what an insider at the counter, or a bad day on the
# machine, tried and must not get away with. Each test is one class of
# attack; the run counts them in its "trust:" figure.

. "$(dirname "${BASH_SOURCE[0]}")/t_tui.sh"

T0=2026-11-02T09:00

# signed NAME ARGS…: cdesk as NAME (PIN pin-NAME), the time unpinned.
signed() {
	who=$1
	shift
	CDESK_USER="$who" CDESK_PIN="pin-$who" "$CDESK" --db "$DB" "$@"
}

# An admin, a frontline clerk (zhang) and a station manager (wang) at
# station-01, under the built-in configuration (no pinned clock for
# changes); a complaint wang recorded.
accounts() {
	slow_retries
	CDESK_NEW_PIN=pin-admin at $T0 user add admin --role admin >/dev/null || fail "cannot add the admin"
	CDESK_NEW_PIN=pin-zhang signed admin user add zhang --role frontline --sites station-01 >/dev/null
	CDESK_NEW_PIN=pin-wang signed admin user add wang --role station_manager --sites station-01 >/dev/null
	WANGS=$(signed wang new --channel walk_in --category fuel_quantity --customer 张三丰 \
		--phone 13812345678 --plate 沪A12345 --description 少加了两升油) || fail "wang cannot record"
}

trust_figure() {
	figure "trust: $1"
}

test_a_pinned_clock_only_reads_once_there_are_accounts() {
	accounts
	before=$(dbsum)
	# Backdating a contact, freezing a complaint in the future, a sweep in
	# the year 9999: refused, and nothing changed.
	expect_rc 2 env CDESK_NOW=2026-11-02T08:00 CDESK_USER=zhang CDESK_PIN=pin-zhang "$CDESK" --db "$DB" contact "$WANGS"
	assert_contains "$ERR" "a pinned time (--now or CDESK_NOW) may read, but not change the record"
	expect_rc 2 env CDESK_NOW=2099-01-01T00:00 CDESK_USER=zhang CDESK_PIN=pin-zhang "$CDESK" --db "$DB" note "$WANGS" x
	expect_rc 2 env CDESK_NOW=9999-12-29T00:00 "$CDESK" --db "$DB" sweep
	expect_rc 2 env CDESK_NOW=2026-11-02T08:00 CDESK_USER=wang CDESK_PIN=pin-wang "$CDESK" --db "$DB" \
		new --channel phone --description x
	assert_eq "$(dbsum)" "$before" "a pinned clock changed the record"
	# Reading at a pinned time is fine: what was due then.
	CDESK_NOW=2026-11-01T00:00 signed wang list >/dev/null || fail "a pinned time may read"
	# The real clock writes; an event is never dated after the machine's clock.
	signed zhang contact "$WANGS" >/dev/null || fail "the real clock was refused"
	[ "$(sql "select max(at) <= strftime('%s', 'now') from events")" = 1 ] || fail "an event in the future"
	# A training desk may allow it, in its configuration (never by the environment).
	training_desk
	CDESK_NOW=$(date +%Y-%m-%dT%H:%M:%S%:z) signed zhang note "$WANGS" 练习 >/dev/null ||
		fail "the training desk refused"
	# The audit trail keeps the machine's time, whatever is pinned.
	[ "$(sql "select count(*) from audit where at < strftime('%s', 'now') - 3600")" = 0 ] ||
		fail "an audit row at a pinned time"
	trust_figure "a pinned clock changes nothing once accounts exist (4 attacks refused)"
}

test_parallel_wrong_pins_all_count() {
	accounts
	# Twenty wrong PINs at once, as a script would try them.
	for i in $(seq 20); do
		CDESK_USER=zhang CDESK_PIN=0000 "$CDESK" --db "$DB" list >/dev/null 2>&1 &
	done
	wait
	# Each was counted only after the one before, on the account as that one
	# left it, so the delay the second wrong PIN set held for the rest: they
	# were refused without being counted.
	checked=$(sql "select count(*) from audit where kind = 'signin_failed' and data not like '%waiting%'")
	assert_eq "$(sql "select count(*) from audit where kind = 'signin_failed'")" 20 "attempts audited"
	assert_eq "$(sql "select failures from users where name = 'zhang'")" "$checked" "wrong PINs counted"
	[ "$checked" -eq 2 ] || fail "$checked PINs were counted at once, not 2"
	# Three more once the delays have passed, and it is locked.
	for i in $(seq $((5 - checked))); do
		sql "update users set retry_at = strftime('%s', 'now') - 1 where name = 'zhang'"
		expect_rc 9 env CDESK_USER=zhang CDESK_PIN=0000 "$CDESK" --db "$DB" list
	done
	expect_rc 9 signed zhang list
	assert_contains "$ERR" "locked"
	trust_figure "20 PINs tried at once: $checked checked, every one counted; locked at 5"
}

test_masks_hold_for_every_command() {
	accounts
	# zhang does not own wang's complaint and may not see personal data.
	out=$(signed zhang --json update "$WANGS" --description 少加了三升油)
	assert_eq "$(echo "$out" | jq -r .phone)" "138****5678"
	assert_eq "$(echo "$out" | jq -r .customer)" "张**"
	out=$(signed zhang --json contact "$WANGS")
	assert_eq "$(echo "$out" | jq -r .phone)" "138****5678"
	assert_not_contains "$(signed zhang show "$WANGS")" "13812345678"
	assert_not_contains "$(signed zhang --json due)" "张三丰"
	trust_figure "masks hold in update, action, show and due output"
}

test_a_desk_notices_its_database_deleted() {
	sqlite_only "the file deleted under a running desk"
	at $T0 new --channel walk_in --category fuel_quantity --customer 李雷 --phone 13900000000 \
		--description 加油机少加 >/dev/null
	tui_start 100 30 2026-11-02T10:00
	wait_for "李雷"
	keys Enter
	wait_for "Next step"
	rm -f "$DB" "$DB-wal" "$DB-shm"
	# The desk says so by itself …
	wait_for "is gone (deleted or moved away)"
	# … and a note typed now is refused and offered again, as typed.
	keys t
	wait_for "Note:"
	type_text "顾客要求退款"
	keys Enter
	wait_for "nothing was saved"
	wait_for "顾客要求退款"
	keys Escape
	tui_stop
	# The next command does not quietly make a new one in its place.
	expect_rc 0 desk list
	assert_contains "$ERR" "there was no database at $DB: a new, empty one was made"
	trust_figure "a deleted database is noticed by a running desk and announced by the next command"
}

test_a_search_cannot_spell_out_what_is_masked() {
	accounts
	# Digit by digit, a frontline clerk could rebuild wang's customer's
	# phone from what a search finds; a name, a character at a time.
	for probe in 1381 2345678 5678 张 三丰 沪A1; do
		assert_eq "$(signed zhang list --text "$probe")" "No complaints match." "a search for '$probe'"
	done
	# The whole phone or plate, which the clerk must already know, finds
	# it; so does what happened.
	assert_contains "$(signed zhang list --text 13812345678)" "少加了两升油"
	assert_contains "$(signed zhang list --text 沪a12345)" "少加了两升油"
	assert_contains "$(signed zhang list --text 两升)" "少加了两升油"
	# Someone who may see personal data finds it by any part.
	assert_contains "$(signed wang list --text 2345678)" "少加了两升油"
	# And every search is in the audit trail.
	assert_eq "$(sql "select count(*) from audit where kind = 'search' and actor = 'zhang'")" 9
	assert_eq "$(sql "select json_extract(data, '$.masked') from audit where kind = 'search' and actor = 'wang'")" 0
	assert_eq "$(sql "select json_extract(data, '$.text') from audit where kind = 'search' and actor = 'zhang' limit 1")" 1381
	trust_figure "a search by parts of a masked phone, name or plate finds nothing (6 probes), and is audited"
}

test_audit_verify_holds_the_record_to_its_events() {
	accounts
	signed wang step "$WANGS" resolve >/dev/null
	signed wang note "$WANGS" 已回访 >/dev/null
	out=$(signed admin audit verify)
	assert_contains "$out" "Complaints: 1, as its events say."
	assert_contains "$out" "Protections: the event log and the audit trail are append-only."
	db_save clean
	# Someone with the file edits what show and list display, leaving the
	# chain alone: each is caught.
	n=0
	for edit in "state = 'closed'" "owner = 'mallory'" "customer = '李四'" "phone = NULL" "esc_level = 3" \
		"closed_at = 1" "severity = 'minor'"; do
		db_restore clean
		sql "update complaints set $edit where id = $WANGS"
		expect_rc 1 signed admin audit verify
		assert_contains "$OUT" "Complaints: BROKEN: 1 disagrees with its events, the first #$WANGS"
		assert_contains "$OUT" "every link holds"
		n=$((n + 1))
	done
	# The rules that keep the log append-only, dropped or changed.
	db_restore clean
	if on_pg; then
		sql "drop trigger events_append_only_d on events; drop trigger audit_append_only_u on audit;
			create function sqlite_compat.let_be() returns trigger language plpgsql as \$\$ begin return new; end \$\$;
			create trigger audit_append_only_u before update on audit for each row execute function sqlite_compat.let_be();"
	else
		sql "drop trigger events_append_only_d; drop trigger audit_append_only_u;
			create trigger audit_append_only_u before update on audit begin select 1; end;"
	fi
	expect_rc 1 signed admin audit verify
	assert_contains "$OUT" "Protections: MISSING: the trigger events_append_only_d is missing"
	assert_contains "$OUT" "Protections: MISSING: the trigger audit_append_only_u is not the one cdesk made"
	out=$(signed admin --json audit verify)
	assert_eq "$(echo "$out" | jq -r '.protections.missing | length')" 2
	# A purged complaint still agrees with its sealed events.
	db_restore clean
	signed wang step "$WANGS" close --note 已解决 >/dev/null
	signed admin purge --closed-before "$(date -d tomorrow +%Y-%m-%d)" >/dev/null
	out=$(signed admin audit verify) || fail "a purge broke the record: $out"
	assert_contains "$out" "Complaints: 1, as its events say."
	trust_figure "audit verify catches $n edits of a complaint row beside its chain, and 2 changed protections"
}

# sql_unguarded QUERY: QUERY on the event log with its update guard
# lifted, then put back as cdesk made it.
sql_unguarded() {
	sql "drop trigger events_append_only_u; $1;
		CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events WHEN NOT cdesk_purge_in_progress() BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"
}

test_the_log_keeps_hashes_as_bytes_and_still_verifies_their_hex() {
	sqlite_only "how the file keeps the event log's hashes and salts"
	accounts
	assert_eq "$(sql "select typeof(hash) || length(hash) || ' ' || typeof(salt) || length(salt)
		from events where kind = 'received'")" "blob32 blob16" "the hash and salt of a new event"
	# The log as cdesk wrote it before: each hash and salt its hex text.
	sql_unguarded "update events set hash = lower(hex(hash)), salt = iif(salt is null, null, lower(hex(salt)))"
	assert_eq "$(sql "select count(*) from events where typeof(hash) <> 'text'")" 0
	out=$(signed admin audit verify) || fail "the log in hex does not verify: $out"
	# What is written now follows it as bytes, in the same chain.
	signed wang note "$WANGS" 已回访 >/dev/null
	assert_eq "$(sql "select typeof(hash) from events order by id desc limit 1")" blob
	out=$(signed admin audit verify) || fail "hex and bytes do not verify as one chain: $out"
	assert_contains "$out" "every link holds"
	# A copy keeps bytes, and its chain ends where this one does.
	expect_rc 0 signed admin db copy --to "$WORK/copy.db"
	assert_eq "$(sqlite3 "$WORK/copy.db" "select count(*) from events where typeof(hash) <> 'blob'")" 0
	assert_eq "$(heads "$WORK/copy.db")" "$(heads "$DB")" "chain heads"
	# A hash changed in its bytes breaks the chain there.
	sql_unguarded "update events set hash = zeroblob(32) where id = (select max(id) from events)"
	expect_rc 1 signed admin audit verify
	assert_contains "$OUT" "Event log: BROKEN at"
	trust_figure "the event log keeps hashes and salts as bytes, verified in one chain with the hex of older events"
}

# no_raw_controls WHAT TEXT: TEXT has no byte a terminal acts on (C0 but
# the line break, DEL, C1) and no line separator or bidirectional control.
no_raw_controls() {
	printf '%s' "$2" >"$WORK/shown"
	! LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]' "$WORK/shown" || fail "$1 shows a control character raw"
	! LC_ALL=C.UTF-8 grep -qP '[\x{80}-\x{9f}\x{2028}\x{2029}\x{202a}-\x{202e}\x{2066}-\x{2069}\x{200e}\x{200f}]' \
		"$WORK/shown" || fail "$1 shows a C1, separator or bidirectional control raw"
}

test_text_another_program_stored_is_shown_harmlessly() {
	at $T0 new --channel phone --customer 李雷 --phone 13800000000 --description 少加油 >/dev/null
	at $T0 note 1 原来的备注 >/dev/null
	# Written into the file by something that is not cdesk: an OSC 52
	# clipboard write, a screen clear, an 8-bit CSI, a right-to-left
	# override, a line separator.
	sql "update complaints set description = 'evil' || char(27) || ']52;c;ZWNobyBvd25lZAo=' || char(7)
		|| ' ' || char(8238) || 'txt.exe' || char(8232) || 'x', customer = 'A' || char(27) || '[2J'
		|| char(155) || '31m', plate = char(8294) || 'B' || char(8297) where id = 1"
	for cmd in "show 1" "list" "due" "list --text evil"; do
		no_raw_controls "$cmd" "$(at $T0 $cmd)"
	done
	out=$(at $T0 show 1)
	assert_contains "$out" 'evil\x1b]52;c;ZWNobyBvd25lZAo=\x07 \u202etxt.exe\u2028x'
	assert_contains "$out" 'A\x1b[2J\u009b31m'
	# The full-screen desk too.
	tui_start 100 30 $T0
	wait_for "A\\x1b[2J"
	no_raw_controls "the desk" "$(tmux -S "$SOCK" capture-pane -p -e | sed 's/\x1b\[[0-9;]*m//g')"
	tui_stop
	trust_figure "escape sequences, OSC 52, bidi overrides and separators stored by another program are shown, never acted on"
}

# hold_write_lock: another program takes the database's write lock and
# keeps it (as a long import does) until release_write_lock.
hold_write_lock() {
	mkfifo "$WORK/lock.in"
	if on_pg; then
		# The advisory lock every cdesk write transaction takes first.
		psql -XAtq -d "$DB" <"$WORK/lock.in" >"$WORK/lock.out" 2>&1 &
	else
		sqlite3 "$DB" <"$WORK/lock.in" >"$WORK/lock.out" 2>&1 &
	fi
	LOCKER=$!
	exec 3>"$WORK/lock.in"
	if on_pg; then
		echo "BEGIN; SELECT pg_advisory_xact_lock(1667527531, 1); SELECT 'locked';" >&3
	else
		echo "BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES('held', 'x'); SELECT 'locked';" >&3
	fi
	for _ in $(seq 100); do grep -q locked "$WORK/lock.out" && return 0; sleep 0.05; done
	fail "could not take the write lock: $(cat "$WORK/lock.out")"
}

release_write_lock() {
	echo "ROLLBACK;" >&3
	exec 3>&-
	wait "$LOCKER"
}

test_reads_go_on_while_another_desk_writes() {
	accounts
	hold_write_lock
	# Signing in writes an audit row; the read does not wait for it, and
	# gives its answer while the other desk still writes.
	CDESK_USER=wang CDESK_PIN=pin-wang timeout 20 "$CDESK" --db "$DB" list >"$WORK/answer" 2>"$WORK/err" &
	reader=$!
	for _ in $(seq 100); do grep -q 少加了两升油 "$WORK/answer" && break; sleep 0.05; done
	assert_contains "$(cat "$WORK/answer")" "少加了两升油"
	kill -0 "$reader" 2>/dev/null || fail "the reader ended before its audit row could be written"
	signins=$(sql "select count(*) from audit where kind = 'signin' and actor = 'wang'")
	# Once the writer is done, the row is written, and the read succeeded.
	release_write_lock
	wait "$reader" || fail "the read failed: $(cat "$WORK/err")"
	assert_eq "$(sql "select count(*) from audit where kind = 'signin' and actor = 'wang'")" $((signins + 1))
	[ "$(cdesk_audit_verify)" = ok ] || fail "the trail does not verify"
	trust_figure "a read answers while another desk holds the write lock; its audit row follows"
}

cdesk_audit_verify() {
	signed admin audit verify >/dev/null && echo ok
}

# An import is one transaction: it holds the write lock from its first row
# to its commit, minutes for a large file. A change made meanwhile waits as
# long as the import makes progress, says so, and is saved once the import
# is done; the usual ten seconds without the lock are no longer a limit.
test_a_change_waits_out_a_long_import() {
	sqlite_only "the DB-bulk file SQLite writers wait on"
	accounts
	rows=7500 first=1500
	{
		echo "channel,customer,phone,description"
		for i in $(seq $rows); do echo "phone,客户$i,1390000$((1000 + i % 9000)),第${i}条：油量不足"; done
	} >"$WORK/in.csv"
	mkfifo "$WORK/feed"
	signed wang import - <"$WORK/feed" >"$WORK/import.out" 2>&1 &
	importer=$!
	exec 5>"$WORK/feed"
	# The first rows (more than the 64 KiB it reads at a time) start it.
	head -n $((first + 1)) "$WORK/in.csv" >&5
	for _ in $(seq "${E2E_POLLS:-200}"); do [ -e "$DB-bulk" ] && break; sleep 0.05; done
	[ -e "$DB-bulk" ] || fail "the import did not announce itself: $(cat "$WORK/import.out")"
	# A read answers at once; the audit row of its sign-in follows the import.
	# (Neither it nor the change below may hold the feed open: the import
	# ends at its end of file.)
	signed zhang list >"$WORK/list.out" 2>"$WORK/list.err" 5>&- &
	reader=$!
	for _ in $(seq "${E2E_POLLS:-100}"); do grep -q 少加了两升油 "$WORK/list.out" && break; sleep 0.05; done
	assert_contains "$(cat "$WORK/list.out")" 少加了两升油
	# A change, while the rest is fed for 12 s (500 rows a second): it
	# waits longer than the 10 s a writer waits for a lock without progress.
	start=$EPOCHREALTIME
	(
		signed zhang new --channel phone --description "等了很久" >"$WORK/new.out" 2>"$WORK/new.err"
		echo $? >"$WORK/new.rc"
		echo "$EPOCHREALTIME" >"$WORK/new.end"
	) 5>&- &
	writer=$!
	tail -n +$((first + 2)) "$WORK/in.csv" | split -l 50 --filter='cat; sleep 0.1' - >&5
	exec 5>&-
	wait "$writer"
	[ "$(cat "$WORK/new.rc")" = 0 ] || fail "the change made during the import failed: $(cat "$WORK/new.err")"
	waited=$(echo "$(cat "$WORK/new.end") - $start" | bc)
	wait "$importer" || fail "the import failed: $(cat "$WORK/import.out")"
	wait "$reader" || fail "the read failed: $(cat "$WORK/list.err")"
	assert_contains "$(cat "$WORK/import.out")" "Imported $rows complaints"
	assert_contains "$(cat "$WORK/new.err")" "another desk is loading complaints into this database"
	[ "$(echo "$waited > 10" | bc)" = 1 ] || fail "the change waited only $waited s: the import did not hold it up"
	# It came after the import, whole, and nothing is left beside the database.
	assert_eq "$(cat "$WORK/new.out")" $((rows + 2)) "the waiting complaint's id"
	assert_eq "$(sql "select count(*) from complaints")" $((rows + 2)) "complaints"
	[ ! -e "$DB-bulk" ] || fail "the import left $DB-bulk behind"
	assert_eq "$(sql "select count(*) from audit where kind = 'signin' and actor = 'zhang'")" 2 "zhang's sign-ins"
	[ "$(cdesk_audit_verify)" = ok ] || fail "the trail does not verify"
	trust_figure "a change waited ${waited%.*} s for an import of $rows rows fed over 12 s and was saved; a read beside it answered at once"
}

# Roles, limits and sign-in rules are the database's: a configuration file
# of one's own that grants more is not followed.
test_a_config_file_of_ones_own_grants_nothing() {
	accounts
	"$CDESK" config show | sed '/id: frontline/,/withdraw/s/^    open, handle,/    manage_users, purge, open, handle,/' \
		>"$WORK/mine.yaml"
	grep -q "^    manage_users, purge, open, handle," "$WORK/mine.yaml" || fail "the test's configuration grants nothing"
	before=$(dbsum)
	CDESK_CONFIG="$WORK/mine.yaml" CDESK_NEW_PIN=pin-evil expect_rc 8 signed zhang user add evil --role admin
	assert_contains "$ERR" "the database follows its own configuration"
	assert_contains "$ERR" "may not"
	CDESK_CONFIG="$WORK/mine.yaml" expect_rc 8 signed zhang config apply
	assert_eq "$(dbsum)" "$before" "the database"
	trust_figure "a configuration file of one's own that grants a clerk more is not followed (2 attempts refused)"
}

# table_rows DB TABLE COLUMNS: a table's rows on either store, every
# column in the order given (the copy's), sorted by all of them.
table_rows() {
	order=$(seq -s, 1 "$(echo "$3" | tr ',' '\n' | wc -l)")
	case "$1" in
	postgresql://*) psql -XAtq -d "$1" -c "select $3 from $2 order by $order" ;;
	# A hash SQLite keeps as its bytes reads as the hex the other store keeps.
	*) sqlite3 "$1" "select $(echo "$3" | sed -E "s/([a-z_]+)/iif(typeof(\1) = 'blob', lower(hex(\1)), \1)/g")
		from $2 order by $order" ;;
	esac
}

# same_rows A B: every table of the SQLite copy B (but its search index)
# holds the same rows in A; a table the copy left out is one more in A.
same_rows() {
	tables=$(sqlite3 "$2" "select name from sqlite_master where type = 'table'
		and name not like 'complaints_fts%' and name not like 'sqlite_%' order by 1")
	for t in $tables; do
		cols=$(sqlite3 "$2" "select group_concat(name, ',') from pragma_table_xinfo('$t') where hidden = 0")
		[ -n "$cols" ] || fail "no columns in $t"
		[ "$(table_rows "$1" "$t" "$cols" | md5sum)" = "$(table_rows "$2" "$t" "$cols" | md5sum)" ] ||
			fail "table $t differs between $1 and its copy $2"
	done
	if on_pg; then
		n=$(sql "select count(*) from information_schema.tables where table_schema = 'public'
			and table_type = 'BASE TABLE'")
	else
		n=$(sql "select count(*) from sqlite_master where type = 'table'
			and name not like 'complaints_fts%' and name not like 'sqlite_%'")
	fi
	assert_eq "$(echo "$tables" | wc -w)" "$n" "tables in the copy"
}

# heads DB: the head of the event log audit verify finds, once both
# chains hold. (The audit trail's head is the sign-in of that very run,
# which is each database's own.)
heads() {
	CDESK_USER=admin CDESK_PIN=pin-admin "$CDESK" --db "$1" audit verify >"$WORK/verify" ||
		fail "the chains of $1 do not hold: $(cat "$WORK/verify")"
	grep -o 'Head #.*' "$WORK/verify" | head -n 1
}

test_a_desk_is_copied_whole_or_not_at_all() {
	accounts
	signed wang step "$WANGS" resolve --note 已退款 >/dev/null
	CDESK_NOW=2026-11-10T10:00 signed admin demo >/dev/null 2>&1 || true
	before=$(dbsum)
	# Only an administrator of every site copies a desk.
	expect_rc 8 signed wang db copy --to "$WORK/wang.db"
	[ ! -e "$WORK/wang.db" ] || fail "a refused copy made a file"
	expect_rc 0 signed admin db copy --to "$WORK/copy.db"
	assert_contains "$OUT" "Both end at event #"
	assert_eq "$(dbsum)" "$before" "the database copied from"
	assert_eq "$(audit_count db_copied)" 1
	same_rows "$DB" "$WORK/copy.db"
	assert_eq "$(heads "$WORK/copy.db")" "$(heads "$DB")" "chain heads"
	# The audit trail as it was copied ends in the same row on both.
	last=$(echo "$OUT" | sed -n 's/.*audit row #\([0-9]*\).*/\1/p')
	assert_eq "$(sqlite3 "$WORK/copy.db" "select hash from audit where id = $last")" \
		"$(sql "select hash from audit where id = $last")" "the audit row the copy ends in"
	for q in "list --all --json" "show $WANGS --json" "report --month 2026-11 --format json"; do
		# shellcheck disable=SC2086
		assert_eq "$(CDESK_NOW=2026-11-20T10:00 signed admin --db "$WORK/copy.db" $q | md5sum)" \
			"$(CDESK_NOW=2026-11-20T10:00 signed admin $q | md5sum)" "$q on the copy"
	done
	# And on from the copy, once more: SQLite into this store again.
	if on_pg; then
		back="postgresql:///${DB##*/}_back"
		psql -XAtq -d postgres -c "CREATE DATABASE ${DB##*/}_back" >/dev/null
	else
		back="$WORK/back.db"
	fi
	CDESK_USER=admin CDESK_PIN=pin-admin "$CDESK" --db "$WORK/copy.db" db copy --to "$back" >/dev/null ||
		fail "cannot copy the copy"
	assert_eq "$(heads "$back")" "$(heads "$WORK/copy.db")" "chain heads of the copy's copy"
	# Never into a database with a desk in it: nothing changes on either side.
	file_sum=$(md5sum <"$WORK/copy.db")
	expect_rc 6 signed admin db copy --to "$WORK/copy.db"
	assert_contains "$ERR" "is not empty"
	assert_eq "$(md5sum <"$WORK/copy.db")" "$file_sum" "the database copied into"
	assert_eq "$(audit_count db_copied)" 1
	# A password in where it goes is never shown.
	expect_rc 5 signed admin db copy --to "postgresql://u:sekret@127.0.0.1:1/x"
	assert_not_contains "$ERR" sekret
	on_pg && psql -XAtq -d postgres -c "DROP DATABASE ${DB##*/}_back WITH (FORCE)" >/dev/null
	trust_figure "a desk copied whole into a new database, chain heads the same, and refused into a used one"
}
