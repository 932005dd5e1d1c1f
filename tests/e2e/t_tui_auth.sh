# The desk with accounts: signing in on its own screen, the lock and
# switching user, masked customers, refusals, and approving a remedy from
# the queue. The tmux helpers (tui_start, keys, wait_for …) are t_tui.sh's.

. "$(dirname "${BASH_SOURCE[0]}")/t_tui.sh"

T0=2026-11-02T09:00
T1=2026-11-02T09:30

# person NAME PIN ARGS…: run cdesk signed in as NAME at T0.
person() {
	who=$1 pin=$2
	shift 2
	CDESK_NOW=$T0 CDESK_USER="$who" CDESK_PIN="$pin" "$CDESK" --db "$DB" "$@"
}

# The first admin (ends setup mode), then zhang (frontline, PIN 1111) and
# wang (station manager, 2222) at station-01, and boss (supervisor, 3333)
# at every site.
staff() {
	training_desk
	slow_retries
	CDESK_NEW_PIN=9999 at $T0 user add admin --role admin >/dev/null || fail "cannot add the first admin"
	CDESK_NEW_PIN=1111 person admin 9999 user add zhang --role frontline --sites station-01 \
		--display 张小 >/dev/null || fail "cannot add zhang"
	CDESK_NEW_PIN=2222 person admin 9999 user add wang --role station_manager --sites station-01 \
		--display 王站长 >/dev/null || fail "cannot add wang"
	CDESK_NEW_PIN=3333 person admin 9999 user add boss --role supervisor >/dev/null || fail "cannot add boss"
}

# A walk-in complaint (recorded at once) taken by WHO with PIN; prints its id.
walk_in() {
	who=$1 pin=$2
	shift 2
	person "$who" "$pin" new --channel walk_in --category fuel_quantity --customer 张三 \
		--phone 13812345678 --description "少加了两升油" "$@"
}

# A refund of AMOUNT that zhang may not give alone: it awaits approval.
refund_request() {
	person zhang 1111 remedy "$1" refund --amount "$2" --agreed >/dev/null || fail "no refund request"
	[ -n "$(sql "select awaiting from complaints where id=$1")" ] || fail "the refund does not await approval"
}

# Open the desk with nobody signed in (no PIN in the environment): NAME is
# offered on the sign-in screen when given.
desk_signin() {
	tui_start 80 24 $T1 CDESK_USER="${1:-}" "${@:2}"
	wait_for "Sign in to the complaint desk"
}

test_tui_signin_wrong_pin_then_right() {
	staff
	walk_in wang 2222 >/dev/null
	desk_signin
	wait_for "not signed in"
	assert_not_contains "$(screen)" "张*"
	type_text zhang
	keys Enter
	type_text 0000
	keys Enter
	wait_for "wrong name or PIN"
	type_text 1111
	wait_for "****"
	assert_not_contains "$(screen)" "1111"
	keys Enter
	wait_for "张小 · Frontline staff"
	wait_for "All open"
	wait_for "Signed in as 张小 (Frontline staff)."
	assert_eq "$(sql "select count(*) from audit where kind='signin_failed' and actor='zhang'")" 1
	assert_eq "$(sql "select count(*) from audit where kind='signin' and actor='zhang' and data like '%\"tui\"%'")" 1
	keys q
	wait_for "EXITED 0"
	tui_stop
}

test_tui_signin_refusals_are_plain_and_esc_quits() {
	staff
	desk_signin
	type_text nobody
	keys Tab
	type_text 1111
	keys Enter
	wait_for "wrong name or PIN"
	# An empty PIN is not tried, and says so.
	keys Up C-u
	type_text zhang
	keys Down Enter
	wait_for "Type your PIN."
	# Two wrong PINs: the next try must wait (the clock is pinned, so it waits).
	type_text 0000
	keys Enter
	type_text 0001
	keys Enter
	type_text 1111
	keys Enter
	wait_for "wrong PIN for zhang too often: try again in "
	wait_for "not signed in"
	keys Escape
	wait_for "EXITED 0"
	tui_stop
}

test_tui_lock_hides_everything_until_the_pin() {
	staff
	walk_in zhang 1111 >/dev/null
	desk_signin zhang                    # offered: only the PIN to type
	type_text 1111
	keys Enter
	wait_for "张小 · Frontline staff"
	wait_for "张*"
	keys d
	wait_for "Complaint #1 — recorded"
	keys L
	wait_for "The desk is locked"
	wait_for "Locked by 张小 (Frontline staff)."
	wait_gone "张三"
	assert_not_contains "$(screen)" "13812345678"
	assert_not_contains "$(screen)" "少加了两升油"
	type_text 0000
	keys Enter
	wait_for "wrong name or PIN"
	wait_for "The desk is locked"
	type_text 1111
	keys Enter
	wait_for "Unlocked. Welcome back, 张小."
	wait_for "Complaint #1 — recorded"           # the same screens as before
	wait_for "少加了两升油"
	keys Escape
	wait_for "All open"
	# From the queue too; in setup mode there would be nobody to lock for.
	keys L
	wait_for "The desk is locked"
	type_text 1111
	keys Enter
	wait_for "All open"
	assert_eq "$(sql "select count(*) from audit where kind='signin' and data like '%\"unlock\"%'")" 2
	tui_stop
}

test_tui_switch_user_starts_from_a_fresh_queue() {
	staff
	walk_in zhang 1111 >/dev/null
	desk_signin zhang
	type_text 1111
	keys Enter
	wait_for "张小 · Frontline staff"
	keys d
	wait_for "Complaint #1 — recorded"
	keys L
	wait_for "The desk is locked"
	keys F2
	wait_for "Switch user"
	type_text wang
	keys Tab
	type_text 0000
	keys Enter
	wait_for "wrong name or PIN"
	wait_for "张小 · Frontline staff"        # still zhang's desk, still locked
	assert_not_contains "$(screen)" "少加了两升油"
	type_text 2222
	keys Enter
	wait_for "王站长 · Station manager"
	wait_for "All open"
	wait_for "Signed in as 王站长 (Station manager)."
	assert_not_contains "$(screen)" "Complaint #1"
	keys q
	wait_for "EXITED 0"
	tui_stop
}

test_tui_frontline_sees_masked_lists_and_clear_refusals() {
	staff
	walk_in wang 2222 >/dev/null
	# Another site's complaint: not zhang's to see.
	person boss 3333 new --channel phone --category other --customer 李四 --phone 13900001111 \
		--site station-02 --description "另一个站" >/dev/null
	desk_signin zhang
	type_text 1111
	keys Enter
	wait_for "张小 · Frontline staff"
	wait_for "张*"
	assert_not_contains "$(screen)" "张三"
	assert_not_contains "$(screen)" "李"
	wait_for "1 open"
	# The follow-up desk masks the phone.
	keys f
	wait_for "Follow-up desk"
	keys m
	wait_for "138****5678"
	assert_not_contains "$(screen)" "13812345678"
	keys Escape
	# The detail: masked too (not zhang's complaint, no personal_data).
	keys d
	wait_for "Complaint #1 — recorded"
	wait_for "138****5678"
	assert_not_contains "$(screen)" "张三"
	# Handing over needs the assign permission: refused, plainly, and the
	# desk goes on.
	keys a
	wait_for "Hand over to"
	type_text boss
	keys Enter
	wait_for "zhang (Frontline staff) may not hand complaints over"
	assert_eq "$(sql "select owner from complaints where id=1")" wang
	keys Escape
	wait_for "All open"
	# The analysis needs the report permission: the refusal, not figures.
	keys a
	wait_for "zhang (Frontline staff) may not run the monthly analysis"
	keys Escape
	wait_for "All open"
	assert_eq "$(sql "select count(*) from audit where kind='view_personal'")" 0 "masked views are not audited"
	tui_stop
}

test_tui_manager_approves_a_refund_from_the_queue() {
	staff
	id=$(walk_in zhang 1111)
	refund_request "$id" 500
	desk_signin wang
	type_text 2222
	keys Enter
	wait_for "王站长 · Station manager"
	wait_for "To approve 1"
	wait_for "¥↑"
	keys A
	wait_for "y approves the selected remedy, x refuses it"
	keys y
	wait_for "Approve the Refund of 500.00 yuan on complaint #$id?"
	keys y
	wait_for "Approved: the Refund of 500.00 yuan on complaint #$id is given."
	wait_for "No remedy awaits approval."
	assert_eq "$(sql "select count(*) from events where complaint_id=$id and kind='remedy' and actor='wang'")" 1
	assert_eq "$(sql "select awaiting is null from complaints where id=$id")" 1
	assert_eq "$(sql "select json_extract(data, '$.amount') from events where kind='remedy' and actor='wang'")" 500.0
	tui_stop
}

test_tui_manager_refuses_from_the_detail_with_a_reason() {
	staff
	id=$(walk_in zhang 1111)
	refund_request "$id" 300
	desk_signin wang
	type_text 2222
	keys Enter
	wait_for "To approve 1"
	keys Enter
	wait_for "Complaint #$id"
	wait_for "Refund of 300.00 yuan awaits approval: it needs a Service"
	wait_for "advisor or above (Frontline staff zhang may give up to 100.00"
	keys x
	wait_for "Refuse the Refund of 300.00 yuan: why?"
	keys Enter
	wait_for "A refusal needs a reason."
	assert_eq "$(sql "select count(*) from events where kind='remedy_refused'")" 0
	keys x
	wait_for "Refuse the Refund of 300.00 yuan: why?"
	type_text "小票与加油机读数一致"
	keys Enter
	wait_for "Refused: the Refund of 300.00 yuan on complaint #$id"
	wait_gone "awaits approval"
	assert_eq "$(sql "select actor || ' ' || note from events where kind='remedy_refused'")" "wang 小票与加油机读数一致"
	assert_eq "$(sql "select awaiting is null from complaints where id=$id")" 1
	tui_stop
}

test_tui_frontline_cannot_approve_above_the_limit() {
	staff
	id=$(walk_in zhang 1111)
	refund_request "$id" 500
	desk_signin zhang
	type_text 1111
	keys Enter
	wait_for "To approve 1"
	keys A y
	wait_for "Approve the Refund of 500.00 yuan"
	keys y
	wait_for "zhang (Frontline staff) may approve up to 100.00 yuan of Refund"
	wait_for "yuan and needs Service advisor"
	assert_eq "$(sql "select count(*) from events where kind='remedy'")" 0
	keys A
	wait_for "1 open"                                  # usable: back to all open
	tui_stop
}

test_tui_remedy_above_the_limit_says_whose_approval() {
	staff
	id=$(walk_in zhang 1111)
	desk_signin zhang
	type_text 1111
	keys Enter
	wait_for "张小 · Frontline staff"
	keys Enter
	wait_for "Complaint #$id — recorded"
	keys s
	wait_for "Complaint #$id — Resolve"
	keys Right Right Tab                 # refund
	type_text 500
	keys Tab Space F10                   # the customer agreed
	wait_for "The Refund of 500.00 yuan is above your limit (100.00 yuan): it awaits"
	wait_for "the approval of a Service advisor."
	[ -n "$(sql "select awaiting from complaints where id=$id")" ] || fail "the refund does not await approval"
	assert_eq "$(sql "select count(*) from events where kind='remedy'")" 0
	keys Escape
	wait_for "To approve 1"
	wait_for "¥↑"                                     # marked in the queue
	tui_stop
}

test_tui_full_view_is_audited_once_per_opening() {
	staff
	id=$(walk_in zhang 1111)
	desk_signin wang
	type_text 2222
	keys Enter
	wait_for "张*"                                  # lists stay masked
	keys d
	wait_for "13812345678"                          # in full for the manager
	wait_for "张三"
	# Another terminal writes: the screen reloads, the view is not audited again.
	person zhang 1111 note "$id" "回访约在周五" >/dev/null
	wait_for "回访约在周五"
	views="select count(*) from audit where kind='view_personal' and actor='wang'"
	wait_sql "$views" 1
	keys Escape
	wait_gone "13812345678"                         # back on the masked list
	keys d
	wait_for "13812345678"
	wait_sql "$views" 2
	tui_stop
}

test_tui_setup_mode_says_so() {
	phone_complaint $T0 >/dev/null
	tui_start 80 24 $T1
	wait_for "tester · setup mode"
	wait_for "张三"                                   # nothing masked before accounts
	keys L
	wait_for "No accounts yet (setup mode)"
	wait_for "张三"
	tui_stop
}

# Idle locking: the desk follows a clock file (CDESK_NOW=@FILE), and the
# test moves that clock past idle_lock instead of waiting.
test_tui_idle_desk_locks_by_itself() {
	staff
	echo "$T1" >"$WORK/now"
	tui_start 80 24 "@$WORK/now" CDESK_USER=zhang
	wait_for "Sign in to the complaint desk"
	type_text 1111
	keys Enter
	wait_for "张小 · Frontline staff"                     # signed in at 09:30
	echo 2026-11-02T09:34:00 >"$WORK/now"                 # 4 minutes idle: still open
	keys '?'
	wait_for "Keys on this screen"
	echo 2026-11-02T09:38:59 >"$WORK/now"                 # 4:59 after that key
	keys Escape
	wait_for "Frontline staff"
	screen | grep -q "The desk is locked" && fail "locked too early"
	echo 2026-11-02T09:43:59 >"$WORK/now"                 # 5:00 after the last key
	wait_for "The desk is locked"
	wait_for "Locked by 张小 (Frontline staff)."
	type_text 1111
	keys Enter
	wait_for "Unlocked. Welcome back, 张小."
	echo 2026-11-02T09:50:00 >"$WORK/now"                 # and again, left alone
	wait_for "The desk is locked"
	tui_stop
}

# A desk left open while an administrator applies another configuration
# would compute deadlines by the old one: its next change is refused and
# it says why; a desk opened afterwards works by the new one.
test_tui_open_desk_refuses_changes_after_config_apply() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 100 30 2026-11-02T09:10
	keys d
	wait_for "#1"
	"$CDESK" config show | sed 1d | sed 's/within: 2h$/within: 3h/' >"$WORK/c3.yaml"
	at 2026-11-02T09:10 config apply "$WORK/c3.yaml" >/dev/null || fail "cannot apply"
	before=$(dbsum)
	keys c
	wait_for "Phone"
	keys Enter
	wait_for "Enter"
	keys Enter
	wait_for "configuration of this database was changed"
	assert_eq "$(dbsum)" "$before" "the database after the refused change"
	tui_stop
	at 2026-11-02T09:11 contact 1 >/dev/null || fail "a command opened afterwards was refused"
}
