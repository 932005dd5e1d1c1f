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

# A fingerprint of everything in the database but the audit trail (which
# records refusals and exports too; audit_count tells about it).
dbsum() {
	sqlite3 "$DB" .dump | grep -v '^INSERT INTO audit ' | md5sum | cut -d' ' -f1
}

# audit_count KIND: how many entries of that kind the audit trail has.
audit_count() {
	sqlite3 "$DB" "select count(*) from audit where kind = '$1'"
}

# sql QUERY: one value from the test database.
sql() {
	sqlite3 "$DB" "$1"
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
