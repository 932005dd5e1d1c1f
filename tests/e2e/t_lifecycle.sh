# The complaint's life through the CLI: intake, steps, clocks, timeline.

test_help_and_version() {
	expect_rc 0 "$CDESK" --version
	assert_contains "$OUT" "cdesk "
	expect_rc 0 "$CDESK" --help
	assert_contains "$OUT" "Commands:"
	for c in new list show due step contact feedback promise pause resume assign escalate \
		reopen withdraw note remedy satisfaction cause sweep config export import demo; do
		expect_rc 0 "$CDESK" "$c" --help
		assert_contains "$OUT" "Usage: cdesk $c"
	done
	expect_rc 2 "$CDESK" frobnicate
	assert_contains "$ERR" "unknown command 'frobnicate'"
	expect_rc 2 "$CDESK" list --colour
	assert_contains "$ERR" "unknown option '--colour'"
	# A short option that is not one is an unknown option, not a command.
	expect_rc 2 "$CDESK" -x list
	assert_contains "$ERR" "unknown option '-x'"
}

test_phone_complaint_clocks_around_holiday() {
	# Monday 28 Sep 2026: two working days, the National Day week, then Thursday.
	id=$(phone_complaint 2026-09-28T10:00)
	assert_eq "$id" 1 "first id"
	json=$(at 2026-09-28T10:30 show 1 --json)
	assert_eq "$(jqs "$json" .state)" received
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .due')" 2026-09-28T12:00:00+08:00
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .status')" running
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="feedback") | .due')" 2026-10-08T18:00:00+08:00
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .met_at')" null
	# The warning comes 30 minutes before, the breach at the deadline.
	json=$(at 2026-09-28T11:45 show 1 --json)
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .status')" warning
	json=$(at 2026-09-28T12:00 show 1 --json)
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .status')" breached
	# Human view shows both clocks.
	out=$(at 2026-09-28T10:30 show 1)
	assert_contains "$out" "Contact within 2 h"
	assert_contains "$out" "2026-10-08 18:00"
}

test_walk_in_through_all_steps() {
	at 2026-11-02T09:00 new --channel walk_in --category fuel_quantity --customer 王芳 \
		--phone 13911112222 --description "加油机显示40升，小票只有38升" --need compensation \
		--behaviour irate --plate 沪A12345 >/dev/null
	# A walk-in passes listen, apologize and record at once; the intake is the contact.
	json=$(at 2026-11-02T09:01 show 1 --json)
	assert_eq "$(jqs "$json" .state)" recorded
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .status')" met
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .met_at')" 2026-11-02T09:00:00+08:00
	at 2026-11-02T09:10 remedy 1 refund --amount 12.5 --agreed --note "退还2升差价" >/dev/null
	assert_eq "$(sql 'select state from complaints where id=1')" resolving
	at 2026-11-02T09:15 step 1 resolve --note "当场退款" >/dev/null
	at 2026-11-03T15:00 satisfaction 1 --outcome 5 --procedure 4 --treatment 5 --satisfied >/dev/null
	at 2026-11-03T15:01 step 1 follow-up >/dev/null
	at 2026-11-03T15:05 cause 1 staff --note "油枪未校准" --measure "每周校验油枪" \
		--measure-owner zhangmin --measure-due 2026-11-30 >/dev/null
	out=$(at 2026-11-03T15:10 step 1 close --anyway) # the measure is carried out later
	assert_contains "$out" "is now closed"
	json=$(at 2026-11-04T00:00 show 1 --json)
	assert_eq "$(jqs "$json" .state)" closed
	assert_eq "$(jqs "$json" .closed)" 2026-11-03T15:10:00+08:00
	assert_eq "$(jqs "$json" '[.events[] | select(.kind=="step") | .to] | join(",")')" \
		listened,apologized,recorded,resolving,resolved,followed_up,closed
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="remedy") | .data.amount')" 12.5
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="satisfaction") | .data.procedure')" 4
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="follow_up") | .status')" met
	assert_eq "$(jqs "$json" '[.clocks[] | select(.status=="running")] | length')" 0
	# Every event is in the database with its actor.
	assert_eq "$(sql 'select count(*) from events where complaint_id=1')" 12
	assert_eq "$(sql "select count(*) from events where actor<>'tester'")" 0
	# Nothing is due any more.
	assert_contains "$(at 2026-11-04T00:00 due)" "Nothing is due."
}

test_illegal_steps_change_nothing() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	before=$(dbsum)
	expect_rc 6 at 2026-11-02T09:05 step 1 apologize
	assert_contains "$ERR" "the step 'Apologize' is not possible: the complaint is received"
	expect_rc 6 at 2026-11-02T09:05 step 1 close
	expect_rc 6 at 2026-11-02T09:05 step 1 follow-up
	expect_rc 2 at 2026-11-02T09:05 step 1 dance
	assert_contains "$ERR" "unknown step 'dance'"
	expect_rc 4 at 2026-11-02T09:05 step 99 listen
	assert_contains "$ERR" "no complaint #99"
	expect_rc 2 at 2026-11-02T09:05 step abc listen
	expect_rc 7 at 2026-11-02T09:05 withdraw 1
	assert_contains "$ERR" "needs a note"
	expect_rc 6 at 2026-11-02T09:05 resume 1
	assert_contains "$ERR" "not paused"
	expect_rc 6 at 2026-11-02T09:05 step 1 listen --expect recorded
	assert_contains "$ERR" "changed meanwhile"
	assert_eq "$(dbsum)" "$before" "database after refused actions"
	# A time before the complaint's last change is refused.
	at 2026-11-02T10:00 step 1 listen >/dev/null
	before=$(dbsum)
	expect_rc 7 at 2026-11-02T09:30 step 1 apologize
	assert_contains "$ERR" "before the last change"
	assert_eq "$(dbsum)" "$before"
}

test_withdraw_and_reopen() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T09:10 withdraw 1 --note "客户表示不再追究" >/dev/null
	assert_eq "$(sql 'select state from complaints where id=1')" withdrawn
	expect_rc 6 at 2026-11-02T09:20 contact 1
	assert_contains "$ERR" "reopen it first"
	# Notes may still be added to a finished complaint.
	at 2026-11-02T09:30 note 1 "客户又来电询问" >/dev/null
	at 2026-11-02T09:40 reopen 1 --note "客户改变主意" >/dev/null
	json=$(at 2026-11-02T09:41 show 1 --json)
	assert_eq "$(jqs "$json" .state)" reopened
	assert_eq "$(jqs "$json" .reopened)" 1
	# Reopening restarts the contact clock.
	assert_eq "$(jqs "$json" '[.clocks[] | select(.kind=="contact" and .status=="running")][0].due')" \
		2026-11-02T11:40:00+08:00
	at 2026-11-02T10:00 step 1 resolve >/dev/null
	assert_eq "$(sql 'select state from complaints where id=1')" resolved
	# Reopened, it goes back through resolving, as handling starts again.
	at 2026-11-02T10:10 reopen 1 --note "仍未解决" >/dev/null
	at 2026-11-02T10:20 contact 1 >/dev/null
	assert_eq "$(sql 'select state from complaints where id=1')" resolving
}

test_contact_feedback_pause_promise() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T09:30 contact 1 --how phone --note "已回电" >/dev/null
	json=$(at 2026-11-02T09:31 show 1 --json)
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .status')" met
	# Feedback on Wednesday starts the next round: three working days from then.
	at 2026-11-04T16:00 feedback 1 --note "厂家正在检测" >/dev/null
	json=$(at 2026-11-04T16:01 show 1 --json)
	assert_eq "$(jqs "$json" '[.clocks[] | select(.kind=="feedback")][1].due')" 2026-11-09T18:00:00+08:00
	# Paused Thursday to Tuesday: the round moves by the three working days that passed.
	at 2026-11-05T10:00 pause 1 --reason third_party --note "等待厂家检测报告" >/dev/null
	# A paused clock is not overdue, even past its old deadline.
	assert_eq "$(at 2026-11-10T09:00 list --overdue --json | jq length)" 0
	json=$(at 2026-11-06T10:00 show 1 --json)
	assert_eq "$(jqs "$json" '[.clocks[] | select(.kind=="feedback")][1].status')" paused
	assert_eq "$(jqs "$json" '[.clocks[] | select(.kind=="contact")][0].status')" met
	at 2026-11-10T10:00 resume 1 >/dev/null
	json=$(at 2026-11-10T10:01 show 1 --json)
	assert_eq "$(jqs "$json" '[.clocks[] | select(.kind=="feedback")][1].due')" 2026-11-12T18:00:00+08:00
	# A promise has its own clock; keeping it meets it.
	expect_rc 7 at 2026-11-10T11:00 promise 1 --due 2026-11-09T12:00 --note "过去的时间"
	assert_contains "$ERR" "future"
	at 2026-11-10T11:00 promise 1 --due 2026-11-11T17:00 --note "明天下午五点前给答复" >/dev/null
	out=$(at 2026-11-11T16:00 due)
	assert_contains "$out" "Promise"
	assert_contains "$out" "warning"
	at 2026-11-11T16:30 promise 1 --kept >/dev/null
	json=$(at 2026-11-11T16:31 show 1 --json)
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="promise") | .status')" met
	expect_rc 6 at 2026-11-11T16:40 promise 1 --kept
	assert_contains "$ERR" "no open promise"
}

test_assign_and_escalate_by_hand() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T09:10 step 1 listen >/dev/null
	at 2026-11-02T09:11 step 1 apologize >/dev/null
	at 2026-11-02T09:12 step 1 record >/dev/null
	at 2026-11-02T09:20 assign 1 liwei --note "请李伟跟进" >/dev/null
	assert_eq "$(sql 'select owner||","||receiver||","||state from complaints where id=1')" liwei,tester,resolving
	expect_rc 6 at 2026-11-02T09:21 assign 1 liwei
	expect_rc 7 at 2026-11-02T09:22 escalate 1 king --note x
	assert_contains "$ERR" "unknown role 'king'"
	at 2026-11-02T09:25 escalate 1 station_manager --note "客户要求赔偿超出权限" >/dev/null
	assert_eq "$(sql 'select esc_level||","||esc_role from complaints where id=1')" 1,station_manager
	out=$(at 2026-11-02T09:30 list --escalated)
	assert_contains "$out" "张三"
}

# Search finds any part of the customer, phone, plate, reference or
# description, of any length, through the trigram index or, for a very
# common text, by reading in order; both give what a plain scan gives.
test_search_by_any_part_of_the_text() {
	{
		echo "received,channel,category,site,customer,phone,plate,description"
		for i in $(seq 10 49); do
			echo "2026-11-02T09:$i,phone,fuel_quantity,station-01,王芳$i,138000000$i,沪A123$i,加油机显示的升数不对"
		done
		echo "2026-11-02T09:00,email,service_attitude,station-02,Li Lei,13500000001,苏B99999,Rude staff at pump 3"
	} >"$WORK/many.csv"
	at 2026-11-03T10:00 import "$WORK/many.csv" >/dev/null
	# The import indexed its rows at its end and put SQLite's triggers back.
	if ! on_pg; then
		assert_eq "$(sql "select count(*) from sqlite_master where type = 'trigger' and name like 'complaints_fts_%' and sql not like '%WHEN%'")" 3
		sql "insert into complaints_fts(complaints_fts) values('integrity-check')" || fail "search index damaged"
	fi
	search() { at 2026-11-03T10:00 list --state all --json --text "$@" | jq -c '[.[].id] | sort'; }
	scan() { sql "select json_group_array(id) from (select id from complaints where instr(lower(' ' || coalesce(customer,'') || ' ' || coalesce(phone,'') || ' ' || coalesce(plate,'') || ' ' || coalesce(reference,'') || ' ' || coalesce(description,'')), lower('$1')) > 0 order by id) x"; }
	# 加油机升数不对 has every trigram the search asks for (加油机, 升数不, 数不对)
	# but is not in any text: the rows found are checked for the text.
	for q in 苏 Li 王芳 王芳3 加油机 升数不对 显示的升数不对 加油机升数不对 "pump 3" 13500000001 0001 "沪A12" "沪a12" \
		苏b999 rude 99999 没有这句话 x; do
		assert_eq "$(search "$q")" "$(scan "$q")" "search for '$q'"
	done
	assert_eq "$(search 升数 | jq length)" 40
	assert_eq "$(search 显示的升数不对 | jq length)" 40
	assert_eq "$(search 加油机升数不对 | jq length)" 0
	assert_eq "$(search zzz | jq length)" 0
	# A common text with a small limit is read in order: the same newest ones.
	assert_eq "$(at 2026-11-03T10:00 list --state all --json --limit 3 --text 加油 | jq -c '[.[].id]')" "[40,39,38]"
	assert_eq "$(at 2026-11-03T10:00 list --state all --json --limit 6 --text 王芳 | jq -c '[.[3:][].id]')" "[37,36,35]"
	# A changed field is found by its new value only.
	at 2026-11-03T10:00 update 41 --customer "Han Meimei" >/dev/null
	assert_eq "$(search Meimei)" "[41]"
	assert_eq "$(search "Li Lei")" "[]"
}

test_list_filters() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-03T09:00 new --channel email --category service_attitude --customer "Li Lei" \
		--phone 13500000001 --plate "苏B99999" --description "Rude staff at pump 3" --site station-02 >/dev/null
	assert_eq "$(at 2026-11-03T10:00 list --json | jq length)" 2
	assert_eq "$(at 2026-11-03T10:00 list --site station-02 --json | jq '.[0].customer' -r)" "Li Lei"
	assert_eq "$(at 2026-11-03T10:00 list --text 小票 --json | jq '.[0].id')" 1
	assert_eq "$(at 2026-11-03T10:00 list --text 99999 --json | jq '.[0].id')" 2
	assert_eq "$(at 2026-11-03T10:00 list --from 2026-11-03 --json | jq length)" 1
	assert_eq "$(at 2026-11-03T10:00 list --overdue --json | jq '.[0].id')" 1
	assert_eq "$(at 2026-11-03T10:00 list --state closed --json | jq length)" 0
	expect_rc 2 at 2026-11-03T10:00 list --state sleeping
	# The human table lines up Chinese text by display width.
	out=$(at 2026-11-03T10:00 list)
	assert_contains "$out" "ID  Received"
}

test_chinese_output() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	# From the locale, even where no zh_CN locale is generated.
	out=$(CDESK_NOW=2026-11-02T11:30 LC_ALL=zh_CN.UTF-8 CDESK_LANG= "$CDESK" --db "$DB" show 1)
	assert_contains "$out" "投诉 #1"
	assert_contains "$out" "已受理"
	assert_contains "$out" "2小时内联系客户"
	assert_contains "$out" "已超时"
	out=$("$CDESK" --lang zh_CN --help)
	assert_contains "$out" "用法"
	out=$("$CDESK" --lang zh_CN new --help)
	assert_contains "$out" "用法：cdesk new [选项]"
	expect_rc 6 env CDESK_NOW=2026-11-02T11:31 "$CDESK" --lang zh_CN --db "$DB" step 1 close
	assert_contains "$ERR" "无法执行“关闭”：投诉当前为已受理"
	# Table columns line up by display width: every row has "张三" under "客户".
	out=$(at 2026-11-02T11:31 --lang zh_CN due)
	head=$(echo "$out" | head -1)
	row=$(echo "$out" | sed -n 2p)
	assert_contains "$head" "客户"
	assert_contains "$row" "张三"
	assert_eq "$(printf '%s' "${row%%张三*}" | wc -L)" "$(printf '%s' "${head%%客户*}" | wc -L)" \
		"display column of the customer"
	# The English catalogue is used with --lang en whatever the locale says.
	out=$(LC_ALL=zh_CN.UTF-8 "$CDESK" --lang en --help)
	assert_contains "$out" "Usage:"
	# A config may set the language.
	"$CDESK" config show | sed 1d >"$WORK/c.yaml"
	printf 'language: zh_CN\n' >>"$WORK/c.yaml"
	out=$(CDESK_LANG= CDESK_NOW=2026-11-02T11:31 "$CDESK" --config "$WORK/c.yaml" --db "$DB" show 1)
	assert_contains "$out" "已受理"
}

test_record_fields_come_later() {
	# A caller describes the problem before giving a name: the complaint is kept at once.
	id=$(at 2026-11-02T09:00 new --channel phone --description "油品有问题，车打不着火")
	at 2026-11-02T09:02 step "$id" listen >/dev/null
	at 2026-11-02T09:03 step "$id" apologize >/dev/null
	before=$(dbsum)
	expect_rc 7 at 2026-11-02T09:04 step "$id" record
	assert_contains "$ERR" "the field 'category' is required to record the complaint"
	assert_eq "$(dbsum)" "$before"
	at 2026-11-02T09:05 update "$id" --customer 孙先生 --phone 13700000000 --category fuel_quality \
		--note "客户留下联系方式" >/dev/null
	at 2026-11-02T09:06 step "$id" record >/dev/null
	json=$(at 2026-11-02T09:07 show "$id" --json)
	assert_eq "$(jqs "$json" .state)" recorded
	assert_eq "$(jqs "$json" .customer)" 孙先生
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="update") | .data.phone[1]')" 13700000000
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="update") | .data.phone[0]')" null
	# Once recorded, the record fields cannot be emptied again.
	expect_rc 7 at 2026-11-02T09:08 update "$id" --phone ""
	assert_contains "$ERR" "the field 'phone' is required"
	expect_rc 2 at 2026-11-02T09:08 update "$id" --owner someone
	expect_rc 7 at 2026-11-02T09:08 update "$id" --customer 孙先生
	assert_contains "$ERR" "nothing to change"
}

# Resolving, closing or withdrawing with something still open names each
# thing and changes nothing, unless --anyway says so (issue 19).
test_ending_with_things_open_is_refused_unless_anyway() {
	at 2026-11-02T09:00 new --channel walk_in --category fuel_quantity --customer 王芳 \
		--phone 13911112222 --description "加油机显示40升，小票只有38升" >/dev/null
	at 2026-11-02T09:05 promise 1 --due 2026-11-04T17:00 --note "周三前给检测结果" >/dev/null
	before=$(dbsum)
	expect_rc 6 at 2026-11-02T09:10 step 1 resolve
	assert_contains "$ERR" "'Resolve' on complaint #1 would leave open:"
	assert_contains "$ERR" "the promise due 2026-11-04 17:00: “周三前给检测结果”"
	assert_contains "$ERR" "Add --anyway to go ahead all the same."
	expect_rc 6 at 2026-11-02T09:10 withdraw 1 --note "客户不再追究"
	assert_contains "$ERR" "'Withdraw' on complaint #1 would leave open:"
	expect_rc 6 at 2026-11-02T09:10 --lang zh_CN step 1 resolve
	assert_contains "$ERR" "2026-11-04 17:00 到期的承诺：“周三前给检测结果”"
	expect_rc 6 at 2026-11-02T09:10 --json step 1 resolve
	assert_eq "$(printf '%s' "$ERR" | jq -r .error.exit)" 6
	assert_eq "$(dbsum)" "$before" "database after the refusals"
	# Kept, it is no longer open.
	at 2026-11-02T09:20 promise 1 --kept >/dev/null
	at 2026-11-02T09:21 step 1 resolve >/dev/null
	at 2026-11-02T09:30 cause 1 staff --note "油枪未校准" --measure "每周校验油枪" >/dev/null
	before=$(dbsum)
	expect_rc 6 at 2026-11-02T09:40 step 1 close --note "客户满意"
	assert_contains "$ERR" "the preventive measure not yet carried out: “每周校验油枪”"
	assert_eq "$(dbsum)" "$before" "database after the refused close"
	out=$(at 2026-11-02T09:41 step 1 close --note "客户满意" --anyway)
	assert_contains "$out" "is now closed"
	# The measure outlives the complaint: it may be carried out still.
	at 2026-11-09T09:00 measure 1 >/dev/null
	assert_contains "$(at 2026-11-09T09:01 step --help)" "--anyway"
	assert_contains "$(at 2026-11-09T09:01 withdraw --help)" "--anyway"
}

# The timeline reads as sentences in the UI language: field labels, not
# field names; what a promise or measure was, not its event number (issue 19).
test_timeline_reads_as_sentences_in_chinese() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T09:01 step 1 listen >/dev/null
	at 2026-11-02T09:02 update 1 --category fuel_quality --plate 沪A12345 >/dev/null
	at 2026-11-02T09:03 step 1 apologize >/dev/null
	at 2026-11-02T09:04 step 1 record >/dev/null
	at 2026-11-02T09:06 promise 1 --due 2026-11-04T17:00 --note "周三前给检测结果" >/dev/null
	at 2026-11-02T09:10 promise 1 --kept >/dev/null
	at 2026-11-02T09:13 remedy 1 refund --amount 12.5 --agreed >/dev/null
	at 2026-11-02T09:15 step 1 resolve >/dev/null
	at 2026-11-02T09:18 cause 1 staff --note "油枪未校准" --measure "每周校验油枪" >/dev/null
	at 2026-11-02T09:19 measure 1 >/dev/null
	out=$(CDESK_NOW=2026-11-02T09:30 "$CDESK" --lang zh_CN --db "$DB" show 1 | sed -n '/处理经过/,$p')
	assert_contains "$out" "受理了投诉（电话/热线）"
	assert_contains "$out" "修改了类别（由“油品数量”改为“油品质量”）、车牌号"
	assert_contains "$out" "向客户作出承诺，期限 2026-11-04 17:00 — 周三前给检测结果"
	assert_contains "$out" "兑现了 2026-11-04 17:00 到期的承诺：“周三前给检测结果”"
	assert_contains "$out" "给予补偿：退款 12.50 元，客户已同意"
	assert_contains "$out" "解决了投诉"
	assert_contains "$out" "查明根本原因：服务人员；商定预防措施“每周校验油枪” — 油枪未校准"
	assert_contains "$out" "落实了预防措施“每周校验油枪”"
	assert_not_contains "$out" "category"
	assert_not_contains "$out" "#"
	assert_not_contains "$out" "→"
	# No Latin word but the actor's name and the sentences' own numbers.
	assert_eq "$(printf '%s\n' "$out" | sed 1d | cut -c30- | grep -c '[A-Za-z]')" 0 "Latin words in the Chinese timeline"
	# And in English.
	at 2026-11-02T09:40 escalate 1 station_manager --note "需要经理" >/dev/null
	out=$(CDESK_NOW=2026-11-02T09:41 "$CDESK" --lang en --db "$DB" show 1)
	assert_contains "$out" "escalated the complaint to Station manager (level 1) — 需要经理"
	assert_contains "$out" "changed the category (Fuel quantity to Fuel quality), the plate"
}

# Pause reasons are a configured list: validated, offered, shown by their
# names; reasons stored before still read (issue 19).
test_pause_reasons_come_from_the_configuration() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	before=$(dbsum)
	expect_rc 7 at 2026-11-02T09:10 pause 1 --reason holiday
	assert_contains "$ERR" "unknown pause reason 'holiday' (known: customer, parts, manufacturer, verification, unreachable, third_party)"
	assert_eq "$(dbsum)" "$before" "database after the refused pause"
	# What a pause waits for is said, not only the state (unchanged).
	out=$(at 2026-11-02T09:10 pause 1 --reason parts --note "等待喷油嘴到货")
	assert_contains "$out" "Paused: Waiting for parts. The deadlines that can pause wait until it is resumed."
	out=$(at 2026-11-02T09:20 --lang zh_CN resume 1)
	assert_contains "$out" "已恢复：暂停过的时限按暂停时长顺延。"
	out=$(at 2026-11-02T09:30 --lang zh_CN pause 1)
	assert_contains "$out" "已暂停：等待客户。可暂停的时限停止计时，恢复后继续。"
	assert_eq "$(sql "select group_concat(json_extract(data, '$.reason')) from events where kind='pause'")" parts,customer
	out=$(CDESK_NOW=2026-11-02T09:31 "$CDESK" --lang zh_CN --db "$DB" show 1)
	assert_contains "$out" "暂停计时：等待配件 — 等待喷油嘴到货"
	assert_contains "$out" "暂停计时：等待客户"
	assert_contains "$(at 2026-11-02T09:31 pause --help)" "pause reason of the configuration"
	# A configuration of its own: only its reasons are taken, and reasons
	# stored before still read by their names.
	at 2026-11-02T09:40 resume 1 >/dev/null
	at 2026-11-02T09:41 pause 1 --reason third_party >/dev/null
	at 2026-11-02T09:42 resume 1 >/dev/null
	desk_config '/^pause_reasons:/,/^calendar:/{/{id: \(customer\|parts\|manufacturer\|unreachable\|third_party\),/d}'
	assert_contains "$("$CDESK" config show | sed -n '/^pause_reasons:/,/^calendar:/p')" "verification"
	expect_rc 7 at 2026-11-02T09:50 pause 1 --reason parts
	out=$(CDESK_NOW=2026-11-02T09:51 "$CDESK" --lang zh_CN --db "$DB" show 1)
	assert_contains "$out" "暂停计时：等待客户"
	assert_contains "$out" "暂停计时：等待第三方"
	assert_contains "$out" "暂停计时：parts"
	at 2026-11-02T09:52 pause 1 >/dev/null
	assert_eq "$(sql "select json_extract(data, '$.reason') from events where kind='pause' order by id desc limit 1")" verification
}

# A deadline is typed as people say it, and the time taken is printed
# (issue 19).
test_promise_due_as_people_say_it() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	out=$(at 2026-11-02T09:30 promise 1 --due "明天 18:00" --note "周二傍晚回电")
	assert_contains "$out" "The promise is due 2026-11-03 18:00."
	out=$(at 2026-11-02T09:31 promise 1 --due +2h --note "两小时内回电")
	assert_contains "$out" "The promise is due 2026-11-02 11:31."
	out=$(at 2026-11-02T09:32 --lang zh_CN promise 1 --due 17:00 --note "今天下班前")
	assert_contains "$out" "承诺期限为 2026-11-02 17:00。"
	before=$(dbsum)
	expect_rc 2 at 2026-11-02T09:33 promise 1 --due "下周" --note x
	assert_contains "$ERR" "write 14:00 (today), tomorrow 18:00, +2h, +3d or 2026-11-25 17:00"
	expect_rc 7 at 2026-11-02T09:33 promise 1 --due 09:00 --note "已经过去"
	assert_contains "$ERR" "future"
	assert_eq "$(dbsum)" "$before" "database after the refused promises"
	at 2026-11-02T09:40 cause 1 staff --note x --measure "培训" --measure-due "+3d" >/dev/null
	assert_eq "$(sql "select json_extract(data, '$.measure_due') from events where kind='root_cause'")" \
		"$(date -d '2026-11-05T09:40:00+08:00' +%s)"
}

# Handing over and escalating say where the complaint now is, not only
# its state, which they do not change (issue 19: the CLI says what it did).
test_assign_and_escalate_say_where_it_went() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	out=$(at 2026-11-02T09:10 assign 1 liwei)
	assert_contains "$out" "It is now handled by liwei."
	out=$(at 2026-11-02T09:11 escalate 1 station_manager --note "客户要求找领导")
	assert_contains "$out" "It is now escalated to level 1, Station manager."
	out=$(at 2026-11-02T09:12 --lang zh_CN escalate 1 supervisor --note "仍不满意")
	assert_contains "$out" "已升级至第 2 级：督导。"
}
