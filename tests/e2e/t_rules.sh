# Escalation rules: fired once per complaint, by actions and by sweep.

test_missed_contact_one_escalation_to_station_manager() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	out=$(at 2026-11-02T10:59 sweep)
	assert_contains "$out" "recorded 0 escalations"
	out=$(at 2026-11-02T11:30 sweep)
	assert_contains "$out" "recorded 1 escalation."
	# Idempotent: running it again records nothing more.
	out=$(at 2026-11-02T11:45 sweep)
	assert_contains "$out" "recorded 0 escalations"
	assert_eq "$(sql "select count(*) from events where kind='escalation'")" 1
	json=$(at 2026-11-02T11:50 show 1 --json)
	assert_eq "$(jqs "$json" .escalation_level)" 1
	assert_eq "$(jqs "$json" .escalated_to)" station_manager
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="escalation") | .data.rule')" contact-late
	# Two hours after the breach the supervisor is told, once.
	at 2026-11-02T13:01 sweep --json >"$WORK/s.json"
	assert_eq "$(jq .escalations "$WORK/s.json")" 1
	assert_eq "$(sql 'select esc_level||esc_role from complaints')" 2supervisor
	assert_contains "$(at 2026-11-02T14:00 sweep)" "recorded 0 escalations"
}

test_pending_escalation_shows_before_sweep() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	out=$(at 2026-11-02T11:30 show 1)
	assert_contains "$out" "Escalation due: Customer not contacted within 2 h"
	assert_eq "$(at 2026-11-02T11:30 show 1 --json | jq -r '.pending_escalations[0]')" contact-late
	# The next action on the complaint records it: no sweep needed.
	at 2026-11-02T11:40 contact 1 >/dev/null
	assert_eq "$(sql "select count(*) from escalations where rule='contact-late'")" 1
	assert_contains "$(at 2026-11-02T11:41 sweep)" "recorded 0 escalations"
}

test_contact_in_time_no_escalation() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T10:30 contact 1 >/dev/null
	assert_contains "$(at 2026-11-02T15:00 sweep)" "recorded 0 escalations"
	assert_eq "$(sql 'select esc_level from complaints')" 0
}

test_major_channel_goes_to_supervisor_at_once() {
	at 2026-11-02T09:00 new --channel consumer_association --category fuel_quality \
		--customer 赵六 --phone 13600000000 --description "消协转来：加油后车辆故障" >/dev/null
	assert_eq "$(sql 'select severity||","||esc_level||","||esc_role from complaints')" major,3,supervisor
	assert_eq "$(sql "select json_extract(data,'$.rule') from events where kind='escalation'")" major-channel
}

test_repeat_customer() {
	phone_complaint 2026-10-20T09:00 >/dev/null
	assert_eq "$(sql 'select esc_level from complaints where id=1')" 0
	phone_complaint 2026-11-02T09:00 >/dev/null
	assert_eq "$(sql "select json_extract(data,'$.rule') from events where kind='escalation' and complaint_id=2")" \
		repeat-customer
	# Outside the 30-day window it is not a repeat.
	at 2026-12-20T09:00 new --channel phone --category other --customer 张三 --phone 13800138000 \
		--description again >/dev/null
	assert_eq "$(sql "select count(*) from events where kind='escalation' and complaint_id=3 and json_extract(data,'$.rule')='repeat-customer'")" 0
}

test_dragging_and_feedback_rules_by_sweep() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T09:30 contact 1 >/dev/null
	at 2026-11-04T09:30 feedback 1 >/dev/null
	at 2026-11-09T09:30 feedback 1 >/dev/null
	# Feedback kept coming, but the complaint is still open after 10 working days.
	at 2026-11-12T09:30 feedback 1 >/dev/null
	at 2026-11-16T17:00 sweep >/dev/null
	assert_eq "$(sql "select count(*) from escalations where rule='dragging'")" 0
	at 2026-11-16T18:30 sweep >/dev/null
	assert_eq "$(sql "select count(*) from escalations where rule='dragging'")" 1
	assert_eq "$(sql "select count(*) from escalations where rule='feedback-late'")" 0
	# The round started on the 12th lapses on the 17th.
	at 2026-11-17T18:00 sweep >/dev/null
	assert_eq "$(sql "select count(*) from escalations where rule='feedback-late'")" 1
}

test_reopened_twice() {
	at 2026-11-02T09:00 new --channel walk_in --category fuel_quantity --customer 王芳 \
		--phone 13911112222 --description x >/dev/null
	at 2026-11-02T09:10 step 1 resolve >/dev/null
	at 2026-11-02T09:20 reopen 1 --note again >/dev/null
	at 2026-11-02T09:30 step 1 resolve >/dev/null
	assert_eq "$(sql "select count(*) from escalations where rule='reopened-twice'")" 0
	at 2026-11-02T09:40 reopen 1 --note "and again" >/dev/null
	assert_eq "$(sql "select count(*) from escalations where rule='reopened-twice'")" 1
	assert_eq "$(sql 'select reopen_count from complaints')" 2
}
