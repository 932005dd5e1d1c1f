# Helpers for the end-to-end tests (sourced by run.sh in each test's shell).

# Run cdesk on the test database at a pinned time: at TIME ARGS…
at() {
	t=$1
	shift
	CDESK_NOW="$t" "$CDESK" --db "$DB" "$@"
}

# Run cdesk on the test database without pinning the time.
desk() {
	"$CDESK" --db "$DB" "$@"
}

# figure TEXT: a figure of this test (kills survived, writers run), printed
# at the end of the run.
figure() {
	echo "$*" >>"$FIGURES"
}

fail() {
	echo "FAILED: $*" >&2
	exit 1
}

# assert_eq GOT WANT [what]
assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$1', want '$2'"
}

# assert_contains HAYSTACK NEEDLE
assert_contains() {
	case "$1" in
	*"$2"*) ;;
	*) fail "expected to find '$2' in: $1" ;;
	esac
}

assert_not_contains() {
	case "$1" in
	*"$2"*) fail "did not expect '$2' in: $1" ;;
	*) ;;
	esac
}

# expect_rc CODE CMD…: the command exits with CODE; its stderr is kept in
# $ERR and stdout in $OUT.
expect_rc() {
	want=$1
	shift
	OUT=$("$@" 2>"$WORK/stderr")
	got=$?
	ERR=$(cat "$WORK/stderr")
	[ "$got" -eq "$want" ] || fail "exit $got, want $want: $* ; stderr: $ERR ; stdout: $OUT"
}

# on_pg: the tests run on PostgreSQL (E2E_STORE=pg in run.sh).
on_pg() {
	[ "${E2E_STORE:-sqlite}" = pg ]
}

# sqlite_only WHY: this test is about the SQLite file itself (its mode,
# its -wal, a damaged file …): on PostgreSQL it ends here, counted apart.
sqlite_only() {
	if on_pg; then
		echo "about the SQLite file: $*"
		exit 77
	fi
}

# db_save NAME, db_restore NAME: keep the test database as it is now, and
# put it back later (a file copied, or a PostgreSQL database made from it
# as a template; no desk may be open on it).
db_save() {
	if on_pg; then
		psql -XAtq -d postgres -c "CREATE DATABASE ${DB##*/}_$1 TEMPLATE ${DB##*/}" >/dev/null ||
			fail "cannot keep the database as $1"
		return
	fi
	cp "$DB" "$WORK/saved-$1.db"
}

db_restore() {
	if on_pg; then
		psql -XAtq -d postgres -c "DROP DATABASE ${DB##*/} WITH (FORCE)" \
			-c "CREATE DATABASE ${DB##*/} TEMPLATE ${DB##*/}_$1" >/dev/null || fail "cannot put back $1"
		return
	fi
	rm -f "$DB-wal" "$DB-shm"
	cp "$WORK/saved-$1.db" "$DB"
}

# db_exists: the test database has been made (a file, or tables in it).
db_exists() {
	if on_pg; then
		[ "$(sql "select count(*) from information_schema.tables where table_schema = 'public'")" -gt 0 ]
		return
	fi
	[ -e "$DB" ]
}

# A fingerprint of everything in the database but the audit trail (which
# records refusals and exports too; audit_count tells about it).
dbsum() {
	if on_pg; then
		for t in $(sql "select table_name from information_schema.tables where table_schema = 'public'
			and table_type = 'BASE TABLE' and table_name <> 'audit' order by 1"); do
			echo "$t"
			psql -XAtq -d "$DB" -c "COPY (SELECT * FROM $t x ORDER BY x::text) TO STDOUT"
		done | md5sum | cut -d' ' -f1
		return
	fi
	sqlite3 "$DB" .dump | grep -v '^INSERT INTO audit ' | md5sum | cut -d' ' -f1
}

# audit_count KIND: how many entries of that kind the audit trail has.
audit_count() {
	sql "select count(*) from audit where kind = '$1'"
}

# sql QUERY: one value from the test database. On PostgreSQL the few
# SQLite functions the tests use are there too (tests/pg/sqlite_compat.sql),
# char(N) is chr(N), a "…" between || is a string, and a true or false
# alone is 1 or 0, as SQLite prints them.
sql() {
	if on_pg; then
		# SQLite's char(N) is chr(N), and its "…" string literals '…'.
		q=$(printf '%s' "$1" | sed -E "s/\bchar\(/chr(/g; s/\|\|\"([^\"]*)\"\|\|/||'\1'||/g")
		PGOPTIONS="-c search_path=public,sqlite_compat" psql -XAtq -v ON_ERROR_STOP=1 -d "$DB" -c "$q" |
			sed '1{$s/^t$/1/;$s/^f$/0/}'
		return "${PIPESTATUS[0]}"
	fi
	sqlite3 "$DB" "$1"
}

# sqlite_view: a file SQLite can read with the test database's rows: the
# database itself, or on PostgreSQL a copy (db copy) made when the event
# log or the clocks have changed since the last. For checks written in
# SQLite's dialect (the analysis' own queries in t_report). Needs a desk
# without accounts, or CDESK_USER and CDESK_PIN of an administrator.
sqlite_view() {
	if ! on_pg; then
		echo "$DB"
		return
	fi
	key=$(sql "select (select coalesce(max(id), 0) from events) || ' ' || (select count(*) from clocks)
		|| ' ' || (select coalesce(max(updated_at), 0) from complaints)")
	if [ "$key" != "$(cat "$WORK/view.key" 2>/dev/null)" ]; then
		rm -f "$WORK/view.db" "$WORK/view.db-wal" "$WORK/view.db-shm"
		"$CDESK" --db "$DB" db copy --to "$WORK/view.db" >/dev/null 2>"$WORK/view.err" ||
			fail "cannot copy the database to read it: $(cat "$WORK/view.err")"
		echo "$key" >"$WORK/view.key"
	fi
	echo "$WORK/view.db"
}

# A phone complaint received at TIME; prints its id.
phone_complaint() {
	when=$1
	shift
	at "$when" new --channel phone --category fuel_quantity --customer "张三" \
		--phone 13800138000 --description "加油机显示40升，小票只有38升" "$@"
}

# jqs JSON FILTER: a raw value out of JSON text.
jqs() {
	printf '%s' "$1" | jq -r "$2"
}

# The database is whole: SQLite finds nothing wrong (PostgreSQL checks
# its pages and foreign keys as it writes), no event lacks its
# complaint, every complaint has one received event and the state its last
# step left, and both hash chains hold.
assert_whole() {
	if ! on_pg; then
		assert_eq "$(sql 'pragma integrity_check')" ok "integrity check"
		assert_eq "$(sql 'pragma foreign_key_check')" "" "foreign key check"
	fi
	assert_eq "$(sql "select count(*) from events e
		where not exists (select 1 from complaints c where c.id = e.complaint_id)")" 0 \
		"events without their complaint"
	assert_eq "$(sql "select count(*) from complaints c where (select count(*) from events e
		where e.complaint_id = c.id and e.kind = 'received') <> 1")" 0 \
		"complaints without exactly one received event"
	assert_eq "$(sql "select count(*) from complaints c where c.state is distinct from (select e.to_state
		from events e where e.complaint_id = c.id and e.to_state is not null
		order by e.id desc limit 1)")" 0 "complaints not in the state their last event left"
	at "${NOW:-2026-11-02T09:00}" audit verify >/dev/null || fail "the hash chains do not hold"
}

# assert_saved LOG: every change a writer.sh logged as saved is in the
# database: each complaint, and at least as many steps and feedbacks.
assert_saved() {
	awk '$1 == "new" { n[$2] += 0 } $1 == "step" || $1 == "feedback" { n[$2]++ }
	     END { for (id in n) print id, n[id] }' "$1" | sort >"$WORK/logged"
	sql "select id, (select count(*) from events e where e.complaint_id = c.id
		and e.kind in ('step', 'feedback')) from complaints c" | tr '|' ' ' | sort >"$WORK/stored"
	lost=$(join -a1 -e missing -o 0,1.2,2.2 "$WORK/logged" "$WORK/stored" |
		awk '$3 == "missing" || $3 < $2')
	[ -z "$lost" ] || fail "saved but not in the database (id, logged, stored): $lost"
}

# desk_config SED-ARGS…: the desk's configuration as it is now (the
# built-in one unless a test changed it), changed by sed. Sets CDESK_CONFIG
# for the rest of the test.
# Once the database exists it follows its own configuration: the new one
# is applied to it (by the admin, PIN $ADMIN_PIN, once there are accounts).
desk_config() {
	n=$(ls "$WORK"/config*.yaml 2>/dev/null | wc -l)
	"$CDESK" config show | sed "$@" >"$WORK/config$n.yaml" || fail "cannot write the configuration"
	export CDESK_CONFIG="$WORK/config$n.yaml"
	! db_exists || CDESK_NOW= CDESK_USER=admin CDESK_PIN=${ADMIN_PIN:-pin-admin} "$CDESK" --db "$DB" \
		config apply >/dev/null || fail "cannot apply the configuration"
}

# A training desk: auth.pinned_clock on, so a test with accounts can still
# pin the time of what it changes (a desk with accounts otherwise honours
# --now and CDESK_NOW only for reading).
training_desk() {
	desk_config '/^auth:$/a\  pinned_clock: true'
}

# Wrong PINs wait a minute, not a second, before the next try: a test that
# counts refusals must not see a delay run out between two slow runs (under
# valgrind a run takes seconds).
slow_retries() {
	desk_config 's/^  retry_delay: .*/  retry_delay: 1m/'
}

# wait_sql QUERY WANT: poll the database until QUERY answers WANT (what a
# desk writes after it has drawn the screen; E2E_POLLS as for the screen).
wait_sql() {
	for _ in $(seq "${E2E_POLLS:-100}"); do
		[ "$(sql "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	fail "$1: got '$(sql "$1")', want '$2'"
}
