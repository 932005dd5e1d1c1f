# People, authority and trust: accounts, sign-in, permissions, approval
# above a limit, the audit trail and customer privacy (CLI).

T0=2026-11-02T09:00

# as USER ARGS…: run cdesk signed in as USER (the PIN is the user's
# name's PIN from pin_of) at the time in $NOW (default T0).
ADMIN_PIN=900001 # for desk_config (lib.sh)

as() {
	who=$1
	shift
	CDESK_NOW="${NOW:-$T0}" CDESK_USER="$who" CDESK_PIN="$(pin_of "$who")" "$CDESK" --db "$DB" "$@"
}

pin_of() {
	case "$1" in
	admin) echo 900001 ;;
	*) echo "pin-$1" ;;
	esac
}

# The first admin (ends setup mode), then one user per role with every site.
people() {
	training_desk
	slow_retries
	CDESK_NEW_PIN=$(pin_of admin) at $T0 user add admin --role admin --display 管理员 >/dev/null ||
		fail "cannot add the first admin"
	for r in frontline service_advisor station_manager supervisor; do
		CDESK_NEW_PIN=$(pin_of "$r") as admin user add "$r" --role "$r" >/dev/null || fail "cannot add $r"
	done
}

# A complaint recorded by the supervisor (owned by them), walked to a state.
complaint_in() {
	state=$1
	severity=${2:-normal}
	id=$(as supervisor new --channel walk_in --category fuel_quantity --severity "$severity" \
		--customer 张三 --phone 13812345678 --plate 沪A12345 --description 少加了两升油)
	case "$state" in
	recorded) ;;
	resolved) as supervisor step "$id" resolve >/dev/null ;;
	closed) as supervisor step "$id" resolve >/dev/null && as supervisor step "$id" close --note 已解决 >/dev/null ;;
	esac
	echo "$id"
}

# try ROLE PERMISSION: do one thing that needs PERMISSION as ROLE; prints
# the exit status. Whatever is needed first is prepared by others.
try() {
	role=$1
	perm=$2
	case "$perm" in
	open) as "$role" new --channel phone --category other --customer 李四 --phone 13900000000 --description 测试 ;;
	handle) as "$role" note "$(complaint_in recorded)" 打过电话 ;;
	assign) as "$role" assign "$(complaint_in recorded)" frontline ;;
	escalate) as "$role" escalate "$(complaint_in recorded)" supervisor --note 需要上级 ;;
	resolve) as "$role" step "$(complaint_in recorded)" resolve ;;
	close) as "$role" step "$(complaint_in resolved)" close --note 客户满意 ;;
	reopen) as "$role" reopen "$(complaint_in closed)" --note 客户又来了 ;;
	withdraw) as "$role" withdraw "$(complaint_in recorded)" --note 客户撤回 ;;
	personal_data)
		id=$(complaint_in recorded)
		as "$role" show "$id" | grep -q 13812345678 ;;
	export) as "$role" export ;;
	report) as "$role" report --month 2026-10 ;;
	audit) as "$role" audit verify ;;
	manage_users) as "$role" user list ;;
	purge) as "$role" purge --closed-before 2026-01-01 ;;
	*) fail "no try for $perm" ;;
	esac >/dev/null 2>"$WORK/try.err"
	echo $?
}

test_permission_matrix_follows_the_config() {
	people
	perms="open handle assign escalate resolve close reopen withdraw personal_data export report audit manage_users purge"
	for role in frontline service_advisor station_manager supervisor admin; do
		can=$(as "$role" --json whoami | jq -r .can)
		for p in $perms; do
			got=$(try "$role" "$p")
			case ", $can," in
			*", $p,"*) [ "$got" = 0 ] || fail "$role may $p by the config, but was refused ($got): $(cat "$WORK/try.err")" ;;
			*)
				[ "$got" != 0 ] || fail "$role may not $p by the config, but was allowed"
				[ "$p" = personal_data ] || grep -q "may not" "$WORK/try.err" ||
					fail "$role/$p: unclear refusal: $(cat "$WORK/try.err")"
				;;
			esac
		done
	done
	# What the default config says, spelled out.
	assert_eq "$(as frontline --json whoami | jq -r .can)" "open, handle, escalate, resolve, close, withdraw"
	assert_eq "$(as admin --json whoami | jq -r .can)" "report, audit, manage_users, purge"
}

test_refusals_are_clear_audited_and_change_nothing() {
	people
	major=$(complaint_in resolved major)
	CDESK_NEW_PIN=pin-east as admin user add east --role station_manager --sites station-02 >/dev/null
	before=$(dbsum)
	expect_rc 8 as frontline step "$major" close --note 处理完了
	assert_contains "$ERR" "frontline (Frontline staff) may not close complaints of severity Major"
	assert_eq "$(dbsum)" "$before" "a refused close changes nothing"
	assert_eq "$(sql "select count(*) from audit where kind = 'denied' and complaint_id = $major")" 1
	# Someone at another site cannot even look.
	expect_rc 8 as east show "$major"
	assert_contains "$ERR" "east works at station-02, not at station-01"
	assert_eq "$(as east list)" "No complaints match."
	expect_rc 8 as east new --site station-01 --channel phone --description x
	assert_eq "$(dbsum)" "$before"
	# Without signing in nothing happens either.
	expect_rc 9 setsid -w env CDESK_PIN= "$CDESK" --db "$DB" list </dev/null
	assert_contains "$ERR" "PIN"
}

test_remedy_above_the_limit_waits_for_approval() {
	people
	id=$(complaint_in recorded)
	CDESK_NEW_PIN=pin-zhang as admin user add zhang --role frontline --sites station-01 >/dev/null
	expect_rc 4 as supervisor assign "$id" nobody
	assert_contains "$ERR" "no user 'nobody'"
	as supervisor assign "$id" zhang >/dev/null
	# Within the limit: given at once.
	as zhang remedy "$id" gift --amount 30 --agreed >/dev/null
	assert_eq "$(sql "select count(*) from events where kind = 'remedy' and complaint_id = $id")" 1
	# Above it: held, escalated to the most junior role that covers it.
	out=$(as zhang remedy "$id" refund --amount 800 --agreed)
	assert_contains "$out" "Refund of 800.00 yuan is above your limit (100.00 yuan): it needs the approval of a Station manager"
	assert_eq "$(sql "select count(*) from events where kind = 'remedy' and complaint_id = $id")" 1
	assert_eq "$(sql "select kind from events where id = (select awaiting from complaints where id = $id)")" remedy_request
	assert_eq "$(sql "select esc_role from complaints where id = $id")" station_manager
	assert_contains "$(as zhang show "$id")" "needs the approval of a Station manager"
	# Nothing else can be asked, nor the complaint resolved, until decided.
	expect_rc 6 as zhang remedy "$id" refund --amount 900
	expect_rc 6 as zhang step "$id" resolve
	assert_contains "$ERR" "awaiting approval"
	# Too small an authority cannot approve; the refusal says who can.
	expect_rc 8 as service_advisor approve "$id"
	assert_contains "$ERR" "may approve up to 500.00 yuan"
	assert_contains "$ERR" "Station manager"
	# The station manager approves: the remedy is theirs, the wait over.
	NOW=2026-11-02T10:00 as station_manager approve "$id" --note 同意退款 >/dev/null
	assert_eq "$(sql "select actor || ' ' || json_extract(data, '$.amount') from events where kind = 'remedy' order by id desc limit 1")" "station_manager 800.0"
	assert_eq "$(sql "select awaiting is null from complaints where id = $id")" 1
	NOW=2026-11-02T10:05 as zhang step "$id" resolve >/dev/null || fail "resolving after approval refused"
	# A refusal needs a reason and gives nothing.
	id2=$(complaint_in recorded)
	as supervisor assign "$id2" zhang >/dev/null
	as zhang remedy "$id2" refund --amount 300 >/dev/null
	expect_rc 7 as station_manager refuse "$id2"
	as station_manager refuse "$id2" --note 证据不足 >/dev/null
	assert_eq "$(sql "select count(*) from events where complaint_id = $id2 and kind = 'remedy'")" 0
	assert_eq "$(sql "select count(*) from events where complaint_id = $id2 and kind = 'remedy_refused'")" 1
	# No role at all may give more than the highest limit.
	expect_rc 8 as supervisor remedy "$id2" refund --amount 50000
	assert_contains "$ERR" "no role may give 50000.00 yuan of Refund"
}

# delay_passes NAME: the wait a wrong PIN set for NAME is over (as if the
# machine's clock had moved on: the test does not sleep).
delay_passes() {
	sql "update users set retry_at = strftime('%s', 'now') - 1 where name = '$1' and retry_at is not null"
}

test_wrong_pins_delay_then_lock_out() {
	people
	# The lock-out runs on the machine's clock, not the pinned one: each
	# wrong PIN waits out the delay the one before set.
	for i in 1 2 3 4 5; do
		expect_rc 9 env CDESK_USER=frontline CDESK_PIN=0000 "$CDESK" --db "$DB" list
		[ "$i" -lt 5 ] && delay_passes frontline
	done
	assert_contains "$ERR" "frontline is locked until "
	assert_contains "$ERR" " after 5 wrong PINs"
	left=$(sql "select retry_at - strftime('%s', 'now') from users where name = 'frontline'")
	[ "$left" -ge 890 ] && [ "$left" -le 900 ] || fail "locked for $left s, not 15 minutes"
	# Even the right PIN is refused while locked, unchecked, and a pinned
	# time far ahead does not end it.
	expect_rc 9 as frontline list
	assert_contains "$ERR" "locked"
	NOW=2099-01-01T00:00 expect_rc 9 as frontline list
	assert_contains "$ERR" "locked"
	# Five wrong PINs, and the tries refused unchecked while locked.
	assert_eq "$(audit_count signin_failed)" 7
	assert_eq "$(sql "select count(*) from audit where kind = 'signin_failed' and data like '%waiting%'")" 2
	# Growing delays: a quick retry after the second failure is refused.
	expect_rc 9 env CDESK_USER=supervisor CDESK_PIN=x "$CDESK" --db "$DB" list
	expect_rc 9 env CDESK_USER=supervisor CDESK_PIN=x "$CDESK" --db "$DB" list
	expect_rc 9 as supervisor list
	assert_contains "$ERR" "too often: try again in "
	left=$(sql "select retry_at - strftime('%s', 'now') from users where name = 'supervisor'")
	[ "$left" -ge 50 ] && [ "$left" -le 60 ] || fail "the third try waits $left s, not a minute"
	delay_passes supervisor
	as supervisor list >/dev/null || fail "the delay should be over"
	# An admin ends a lock-out sooner, or it ends by itself.
	as admin user unlock frontline >/dev/null
	as frontline list >/dev/null || fail "unlocked account refused"
	for i in 1 2 3 4 5; do
		expect_rc 9 env CDESK_USER=service_advisor CDESK_PIN=0000 "$CDESK" --db "$DB" list
		delay_passes service_advisor
	done
	as service_advisor list >/dev/null || fail "the lock-out should have ended"
	# Unknown names look like wrong PINs, and are audited too.
	expect_rc 9 env CDESK_NOW=$T0 CDESK_USER=nobody CDESK_PIN=1234 "$CDESK" --db "$DB" list
	assert_contains "$ERR" "wrong name or PIN"
	# A disabled account cannot sign in.
	as admin user disable frontline >/dev/null
	NOW=2026-11-02T09:30
	expect_rc 9 as frontline list
	assert_contains "$ERR" "disabled"
	as admin user enable frontline >/dev/null
	as frontline list >/dev/null || fail "an enabled account refused"
	# The trail lists what happened, oldest first, at the machine's time.
	out=$(as admin audit list --from "$(date +%Y-%m-%d)")
	assert_contains "$out" "signin_failed"
	assert_eq "$(as admin audit list --to 2026-11-03)" "When  Who  What  Complaint  Details"
	assert_contains "$(as admin --json audit list | jq -r '.[-1].kind')" "signin"
	expect_rc 8 as frontline audit list
}

test_unix_sign_in_is_the_system_login() {
	me=$(id -un)
	"$CDESK" config show >"$WORK/c.yaml"
	sed -i 's/^  mode: pin/  mode: unix/' "$WORK/c.yaml"
	grep -q "mode: unix" "$WORK/c.yaml" || fail "no unix mode in the test config"
	export CDESK_CONFIG="$WORK/c.yaml"
	unset CDESK_USER
	at $T0 user add boss --role admin --login "$me" --no-pin >/dev/null || fail "cannot add the first admin"
	out=$(at $T0 whoami)
	assert_contains "$out" "boss (Administrator)"
	# Nobody can claim to be someone else.
	at $T0 user add clerk --role frontline --no-pin >/dev/null
	expect_rc 9 at $T0 --as clerk list
	assert_contains "$ERR" "you cannot act as clerk"
}

test_privacy_masks_lists_and_exports() {
	people
	id=$(complaint_in recorded)
	# Lists never show the whole name or number once accounts exist.
	out=$(as supervisor list)
	assert_contains "$out" "张*"
	assert_not_contains "$out" "张三"
	assert_contains "$(as supervisor --json list | jq -r '.[0].phone')" "138****5678"
	assert_contains "$(as supervisor --json list | jq -r '.[0].plate')" "沪A***45"
	for role in frontline service_advisor station_manager supervisor admin; do
		out=$(as "$role" --json list)
		assert_eq "$(jqs "$out" '.[0].customer + " " + .[0].phone')" "张* 138****5678" "$role's list"
		assert_not_contains "$(as "$role" due)" "张三"
	done
	# The detail view shows it in full to those allowed (audited) …
	views=$(audit_count view_personal)
	assert_contains "$(as station_manager show "$id")" "13812345678"
	assert_eq "$(audit_count view_personal)" $((views + 1))
	# … and masked to those who are not, timeline included.
	out=$(as frontline --json show "$id")
	assert_eq "$(jqs "$out" .phone)" "138****5678"
	assert_eq "$(jqs "$out" .customer)" "张*"
	assert_eq "$(jqs "$out" '.events[0].data.phone')" "138****5678"
	# Exports are whole for personal-data roles, masked otherwise, and audited.
	assert_contains "$(as station_manager export)" "13812345678"
	assert_eq "$(audit_count export)" 1
}

test_audit_verify_catches_edits_deletions_and_reordering() {
	people
	for i in 1 2 3; do complaint_in resolved >/dev/null; done
	out=$(as admin audit verify)
	assert_contains "$out" "Event log: "
	assert_contains "$out" "every link holds"
	db_save clean
	# The triggers keep the program's own connections honest; someone
	# with the file drops them first.
	unlock='drop trigger events_append_only_u; drop trigger events_append_only_d;'
	on_pg && unlock='drop trigger events_append_only_u on events; drop trigger events_append_only_d on events;'
	# An edited event.
	sql "$unlock update events set note = '改过的' where id = 5"
	expect_rc 1 as admin audit verify
	assert_contains "$OUT" "Event log: BROKEN at #5"
	# A deleted event.
	db_restore clean
	sql "$unlock delete from events where id = 7"
	expect_rc 1 as admin audit verify
	assert_contains "$OUT" "BROKEN at #7 is missing: deleted"
	# Two events swapped.
	db_restore clean
	sql "$unlock update events set id = -1 where id = 8; update events set id = 8 where id = 9;
		update events set id = 9 where id = -1"
	expect_rc 1 as admin audit verify
	assert_contains "$OUT" "BROKEN at #8"
	# The audit trail itself: a sign-in erased.
	db_restore clean
	on_pg && audit_unlock='drop trigger audit_append_only_u on audit;' || audit_unlock='drop trigger audit_append_only_u;'
	sql "$audit_unlock update audit set actor = 'someone' where id = 3"
	expect_rc 1 as admin audit verify
	assert_contains "$OUT" "Audit trail: BROKEN at #3"
	# A program that is not cdesk cannot change events at all.
	db_restore clean
	if sql "update events set note = 'x' where id = 1" 2>/dev/null; then fail "event changed"; fi
}

test_purge_removes_personal_data_keeps_the_figures() {
	VALGRIND_SKIP=1 at 2026-10-05T09:00 demo --count 300 --seed 3 >/dev/null
	# Two complaints from one customer, one long closed, one still open.
	a=$(phone_complaint 2026-10-10T10:00 --walk-in)
	at 2026-10-10T10:10 step "$a" resolve >/dev/null
	at 2026-10-10T10:20 step "$a" close --note 已解决 >/dev/null
	b=$(phone_complaint 2026-10-20T10:00)
	before=$(at 2026-11-02T09:00 report --month 2026-10 --format json)
	people
	expect_rc 8 as station_manager purge --closed-before 2026-11-01
	out=$(as admin purge --closed-before 2026-11-01)
	assert_contains "$out" "Removed the personal data of"
	assert_eq "$(sql "select count(*) from complaints where closed_at < $(date -d 2026-11-01T00:00+08:00 +%s) and (customer is not null or phone is not null or plate is not null)")" 0
	assert_eq "$(sql "select customer is null and phone is null from complaints where id = $a")" 1
	assert_eq "$(sql "select phone from complaints where id = $b")" 13800138000
	# No trace in the event log either, and the chain still holds.
	assert_eq "$(sql "select count(*) from events e join complaints c on c.id = e.complaint_id where c.id = $a and e.data like '%13800138000%'")" 0
	# Nor in SQLite's search index: the one left is the open complaint's.
	# (PostgreSQL's is an index on the row itself, vacuumed after a purge.)
	if ! on_pg; then
		assert_eq "$(sql "select count(*) from complaints_fts where complaints_fts match '\"13800138000\"'")" 1
		assert_eq "$(sql "select count(*) from complaints_fts_data where instr(block, '13800138000')")" 0
	fi
	as admin audit verify >/dev/null || fail "purging broke the chain"
	assert_eq "$(as supervisor --json show "$a" | jq -r '.events[0].data.phone')" "(removed)"
	# The month's figures are exactly what they were.
	after=$(as supervisor report --month 2026-10 --format json)
	assert_eq "$(jqs "$after" 'del(.generated_at)' | md5sum)" "$(jqs "$before" 'del(.generated_at)' | md5sum)" "the figures"
	assert_eq "$(audit_count purge)" 1
}

test_world_writable_config_refused() {
	"$CDESK" config show >"$WORK/c.yaml"
	chmod 666 "$WORK/c.yaml"
	expect_rc 3 "$CDESK" --config "$WORK/c.yaml" --db "$DB" list
	assert_contains "$ERR" "anyone may write this file (mode 0666)"
	chmod 644 "$WORK/c.yaml"
	"$CDESK" --config "$WORK/c.yaml" --db "$DB" list >/dev/null || fail "a safe config refused"
}

test_config_changes_are_audited() {
	people
	as frontline new --channel phone --description 油量不足 >/dev/null
	"$CDESK" config show | sed 's/within: 2h/within: 3h/' >"$WORK/c.yaml"
	chmod 600 "$WORK/c.yaml"
	n=$(audit_count config_changed)
	# Opening with another file changes nothing: the database keeps its own.
	expect_rc 0 as frontline --config "$WORK/c.yaml" list
	assert_contains "$ERR" "the database follows its own configuration"
	assert_eq "$(audit_count config_changed)" "$n" "opening with another file"
	# Only someone who manages users applies one; the record stays as it was.
	before=$(dbsum)
	expect_rc 8 as frontline --config "$WORK/c.yaml" config apply
	assert_contains "$ERR" "may not"
	assert_eq "$(dbsum)" "$before" "the database after a refused apply"
	expect_rc 0 env CDESK_USER=admin CDESK_PIN=$(pin_of admin) "$CDESK" --db "$DB" config apply "$WORK/c.yaml"
	assert_contains "$OUT" "the deadlines of 1 open complaint were computed again"
	assert_eq "$(audit_count config_changed)" $((n + 1))
	assert_eq "$(sql "select actor || ' ' || json_extract(data, '$.how') from audit where kind = 'config_changed'
		order by id desc limit 1")" "admin applied"
	expect_rc 0 env CDESK_USER=admin CDESK_PIN=$(pin_of admin) "$CDESK" --db "$DB" config apply "$WORK/c.yaml"
	assert_contains "$OUT" "nothing changed"
	assert_eq "$(audit_count config_changed)" $((n + 1)) "the same config again"
}

test_accounts_stay_manageable() {
	people
	# The last account that can manage users cannot lose that power …
	expect_rc 8 as admin user set admin --role frontline
	assert_contains "$ERR" "admin is the last account that can manage users"
	expect_rc 8 as admin user disable admin
	# … until there is another.
	CDESK_NEW_PIN=pin-admin2 as admin user add admin2 --role admin >/dev/null
	as admin user disable admin >/dev/null || fail "disabling one of two admins refused"
	# Blank values are refused, not read as "every site".
	expect_rc 7 as admin2 user set frontline --sites ""
	assert_contains "$ERR" "cannot be empty"
	expect_rc 7 as admin2 user set frontline --sites station-99
	assert_contains "$ERR" "unknown site 'station-99'"
	# Everyone may change their own PIN, nobody else's.
	CDESK_NEW_PIN=new-pin-1 as frontline user passwd frontline >/dev/null || fail "own PIN change refused"
	CDESK_NEW_PIN=x1234 expect_rc 8 env CDESK_NOW=$T0 CDESK_USER=frontline CDESK_PIN=new-pin-1 \
		"$CDESK" --db "$DB" user passwd supervisor
	# A purge covers every site, so it needs someone who works at all.
	CDESK_NEW_PIN=pin-east as admin2 user add east --role admin --sites station-02 >/dev/null
	expect_rc 8 as east purge --closed-before 2026-01-01
	assert_contains "$ERR" "a purge covers every site"
}

test_role_config_errors_name_the_place() {
	"$CDESK" config show | sed '0,/{close: \[minor, normal\]}/s//{close: []}/' >"$WORK/c.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/c.yaml"
	assert_contains "$ERR" "name at least one severity"
	assert_contains "$ERR" "c.yaml:"
	"$CDESK" config show | sed '0,/can: \[/s//can: [fly, /' >"$WORK/c.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/c.yaml"
	assert_contains "$ERR" "unknown permission 'fly'"
	"$CDESK" config show | sed '0,/refund: 100/s//refunds: 100/' >"$WORK/c.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/c.yaml"
	assert_contains "$ERR" "unknown remedy 'refunds'"
}
