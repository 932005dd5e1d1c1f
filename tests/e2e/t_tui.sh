# The desk itself, driven in a detached tmux of fixed size: keys in, screen
# out, then the database checked through the CLI. Waiting is for the screen
# to show something (polled), never for the clock: time is pinned.

command -v tmux >/dev/null || fail "tmux is missing: run 'make deps' (a skipped TUI test is a failure)"

STARTS=0

# tui_start COLS ROWS NOW [VAR=value …]: open the desk on the test database,
# in a tmux server of its own (a fresh socket: a server just killed may
# still be shutting down on the old one).
tui_start() {
	cols=$1 rows=$2 now=$3
	shift 3
	STARTS=$((STARTS + 1))
	SOCK="$WORK/tmux$STARTS.sock"
	tmux -u -S "$SOCK" -f /dev/null new-session -d -x "$cols" -y "$rows" \
		"env TERM=screen-256color CDESK_NOW=$now $* $CDESK --db $DB; echo EXITED \$?; sleep 60"
	wait_for "cdesk"
}

screen() { tmux -S "$SOCK" capture-pane -p; }
keys() { tmux -S "$SOCK" send-keys "$@"; }
type_text() { tmux -S "$SOCK" send-keys -l "$1"; }
tui_stop() { tmux -S "$SOCK" kill-server 2>/dev/null || true; }

# wait_for TEXT: poll the screen until it shows TEXT (5 s at most; E2E_POLLS
# sets how many 50 ms polls, for slow runs such as `make valgrind`).
wait_for() {
	for _ in $(seq "${E2E_POLLS:-100}"); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	fail "the screen never showed '$1':
$(screen)"
}

wait_gone() {
	for _ in $(seq "${E2E_POLLS:-100}"); do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
	done
	fail "the screen still shows '$1':
$(screen)"
}

# Walk the intake for a walk-in fuel-quantity complaint up to Resolve.
intake_walk_in() {
	keys n
	wait_for "$1"               # the Listen page title, on what the customer says
	type_text "加油机显示40升，小票只有38升"
	keys Tab Tab Tab Space Tab Space F10
	wait_for "$2"               # the Apologize page
	keys Space F10
	wait_for "$3"               # the Record page
	keys Right Tab              # category: the second one, fuel quantity
	type_text "王芳"
	keys Tab
	type_text "13911112222"
	keys F10
	wait_for "$4"               # the read-back
	keys y
}

test_tui_walk_in_in_chinese() {
	tui_start 80 24 2026-11-02T09:00 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	wait_for "全部未办结"
	intake_walk_in "新投诉 — 倾听" "✓倾听 › 致歉" "✓倾听 › ✓致歉 › 记录" "向客户复述记录内容"
	wait_for "✓倾听 › ✓致歉 › ✓记录 › 处理"
	keys Right Right Tab              # remedy: refund
	type_text "12.5"
	keys Tab Space                     # the customer agreed
	keys Tab Tab Tab Tab Tab Space F10  # resolved
	wait_for "客户在场：现在就问客户是否满意（回访）吗？"
	keys Escape                        # later: back to the list
	wait_for "已保存。投诉 #1 当前为已解决"
	json=$(at 2026-11-02T09:10 show 1 --json)
	assert_eq "$(jqs "$json" .state)" resolved
	assert_eq "$(jqs "$json" .customer)" 王芳
	assert_eq "$(jqs "$json" .channel)" walk_in
	assert_eq "$(jqs "$json" .category)" fuel_quantity
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="contact") | .status')" met
	assert_eq "$(jqs "$json" '[.events[] | select(.kind=="step") | .to] | join(",")')" \
		listened,apologized,recorded,resolving,resolved
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="remedy") | .data.amount')" 12.5
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="remedy") | .data.agreed')" true
	# The queue, the detail timeline and the database agree.
	keys d
	wait_for "投诉 #1 — 已解决"
	wait_for "给予补偿：退款 12.50 元，客户已同意"
	keys Escape
	wait_for "全部未办结"
	keys q
	wait_for "EXITED 0"
	tui_stop
}

# Issue 19's "Done when": a station manager new to the desk logs a walk-in
# fuel-quantity complaint in Chinese at 80x24 through all five steps in
# under 60 control keys. Every key that is not typed text counts (Tab,
# Enter, arrows, Space, F10, Esc, letters and digits pressed as answers or
# shortcuts); the desk is then asked through the CLI what was saved.
test_tui_walk_in_five_steps_under_60_keys() {
	CONTROL_KEYS=0
	ck() { CONTROL_KEYS=$((CONTROL_KEYS + $#)); keys "$@"; }
	tui_start 80 24 2026-11-02T09:00 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	wait_for "按 n 受理新投诉"
	ck n
	wait_for "新投诉 — 倾听"                           # 1. listen: on what the customer says
	type_text "加满一箱，加油机显示40升，小票只有38升，要求退差价"
	ck Tab Tab Tab Space Tab Space F10                 # seeks, behaves, let finish, did not argue
	wait_for "✓倾听 › 致歉"                            # 2. apologize
	ck Space F10
	wait_for "✓倾听 › ✓致歉 › 记录"                    # 3. record
	type_text "数量"                                   # the category, narrowed by what is typed
	wait_for "油品数量"
	ck Enter Tab
	type_text "王芳"
	ck Tab
	type_text "13911112222"
	ck F10
	wait_for "向客户复述记录内容"
	wait_for "加满一箱，加油机显示40升，小票只有38升，要求退差价"
	ck Enter                                           # the customer confirms
	wait_for "✓倾听 › ✓致歉 › ✓记录 › 处理"            # 4. resolve: refund the difference
	type_text "退款"
	wait_for "已输入：退款"
	ck Enter Tab
	type_text "14.6"
	ck Tab Space Tab Tab Tab Tab Tab Space F10          # agreed; resolved
	wait_for "客户在场：现在就问客户是否满意（回访）吗？"
	ck Enter                                           # 5. follow up, offered at once
	wait_for "✓倾听 › ✓致歉 › ✓记录 › ✓处理 › 回访"
	ck 4 Tab 5 Tab 5 Tab                               # the three scores
	type_text "是"
	ck Enter Tab
	type_text "当场退了差价，满意"
	ck Tab Tab Tab Tab Space F10                       # close it now
	wait_for "已保存。投诉 #1 当前为已关闭"
	ck q
	wait_for "EXITED 0"
	tui_stop
	figure "walk-in in Chinese, all five steps: $CONTROL_KEYS control keys"
	[ "$CONTROL_KEYS" -lt 60 ] || fail "$CONTROL_KEYS control keys, want fewer than 60"
	json=$(at 2026-11-02T09:10 show 1 --json)
	assert_eq "$(jqs "$json" .state)" closed
	assert_eq "$(jqs "$json" .channel)" walk_in
	assert_eq "$(jqs "$json" .category)" fuel_quantity
	assert_eq "$(jqs "$json" .customer)" 王芳
	assert_eq "$(jqs "$json" '[.events[] | select(.kind=="step") | .to] | join(",")')" \
		listened,apologized,recorded,resolving,resolved,followed_up,closed
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="remedy") | "\(.data.remedy) \(.data.amount) \(.data.agreed)"')" \
		"refund 14.6 true"
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="satisfaction") | "\(.data.outcome)\(.data.procedure)\(.data.treatment) \(.data.satisfied) \(.note)"')" \
		"455 true 当场退了差价，满意"
	assert_eq "$(jqs "$json" '[.clocks[] | "\(.kind)=\(.status)"] | join(",")')" \
		"contact=met,feedback=stopped,follow_up=met"
}

test_tui_english_resume_and_follow_up() {
	tui_start 80 24 2026-11-02T09:00
	wait_for "All open"
	keys n
	wait_for "New complaint — Listen"
	type_text "Pump 4 charged twice"
	keys Tab Tab Tab Space Tab Space F10
	wait_for "Saved. Next: Apologize."
	# The customer walks away: leave; the listened step is kept.
	keys Escape
	wait_for "All open"
	assert_eq "$(sql 'select state from complaints where id=1')" listened
	keys Enter
	wait_for "Complaint #1 — listened"
	wait_for "Next step: Apologize (press s)."
	keys s
	wait_for "Complaint #1 — Apologize"
	wait_for "I apologized"
	keys Space F10
	wait_for "Complaint #1 — Record"
	tui_stop
	# Next day the advisor resolves it from the CLI, then logs the follow-up call in the desk.
	at 2026-11-02T09:30 update 1 --customer "Li Lei" --phone 13500000001 --category other >/dev/null
	at 2026-11-02T09:31 step 1 record >/dev/null
	at 2026-11-02T10:00 step 1 resolve >/dev/null
	tui_start 80 24 2026-11-03T10:00
	keys f
	wait_for "Follow-up desk"
	wait_for "Follow-up after"
	keys l
	wait_for "Complaint #1 — Follow up"
	# Nothing is assumed: without the customer's answers it will not save.
	keys F10
	wait_for "give all three scores"
	keys Right Right Right Right Tab Right Right Right Right Right Tab
	keys Right Right Right Right Right Tab Right Tab
	type_text "Thanks for the quick refund"
	keys Tab Tab Tab Tab Space F10
	wait_for "is now closed"
	json=$(at 2026-11-03T10:05 show 1 --json)
	assert_eq "$(jqs "$json" .state)" closed
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="satisfaction") | .data.outcome')" 4
	assert_eq "$(jqs "$json" '.events[] | select(.kind=="satisfaction") | .note')" "Thanks for the quick refund"
	assert_eq "$(jqs "$json" '.clocks[] | select(.kind=="follow_up") | .status')" met
	tui_stop
}

test_tui_clock_turns_from_warning_to_breached() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T10:45
	wait_for "Contact within"
	wait_for "15m"
	assert_eq "$(at 2026-11-02T10:45 show 1 --json | jq -r '.clocks[0].status')" warning
	tui_stop
	tui_start 80 24 2026-11-02T11:05
	wait_for "-5m"
	assert_eq "$(at 2026-11-02T11:05 show 1 --json | jq -r '.clocks[0].status')" breached
	keys Tab Tab Tab
	wait_for " Overdue "
	wait_for "张三"
	tui_stop
}

test_tui_resize_and_too_small() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T09:30
	wait_for "张三"
	tmux -S "$SOCK" resize-window -t 0 -x 60 -y 20
	wait_for "The window is too small: 60x20"
	tmux -S "$SOCK" resize-window -t 0 -x 100 -y 30
	wait_for "张三"
	wait_for "What happened"
	tmux -S "$SOCK" resize-window -t 0 -x 80 -y 24
	wait_gone "too small"
	wait_for "张三"
	tui_stop
}

test_tui_cjk_editing() {
	tui_start 80 24 2026-11-02T09:00
	keys n
	wait_for "New complaint"
	type_text "加油机显示数量"
	keys Left Left Left BSpace
	type_text "X"
	wait_for "加油机X示数量"
	keys Home DC
	wait_for "油机X示数量"
	keys End BSpace
	wait_for "油机X示数"
	# A two-column character at the edge is not cut in half.
	type_text "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	wait_for "九十"
	tui_stop
}

test_tui_monochrome_and_help() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T11:30 NO_COLOR=1
	wait_for "张三"
	esc=$(tmux -S "$SOCK" capture-pane -p -e)
	assert_not_contains "$esc" "[31m"
	assert_not_contains "$esc" "38;5;"
	keys '?'
	wait_for "Keys on this screen"
	wait_for "take a new complaint: listen, apologize, record, resolve"
	keys Escape
	wait_for "All open"
	tui_stop
	# With colour, an unselected breached clock shows red.
	phone_complaint 2026-11-02T09:05 >/dev/null
	tui_start 80 24 2026-11-02T11:30
	wait_for "张三"
	esc=$(tmux -S "$SOCK" capture-pane -p -e | sed -n 5p)
	assert_contains "$esc" "31m-25m"
	tui_stop
}

test_tui_detail_actions_and_live_updates() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T09:30
	wait_for "张三"
	keys d
	wait_for "Complaint #1 — received"
	keys c
	wait_for "How was the customer contacted?"
	keys Enter
	wait_for "what was said"
	type_text "已回电说明情况"
	keys Enter
	wait_for "Saved."
	wait_for "已回电说明情况"
	assert_eq "$(sql "select count(*) from events where kind='contact'")" 1
	keys Escape
	wait_for "All open"
	# Another terminal takes a complaint: it shows up here without a key.
	at 2026-11-02T09:31 new --channel phone --category other --customer 李四 --phone 13600000000 \
		--description "另一台终端受理" >/dev/null
	wait_for "李四"
	keys q
	wait_for "EXITED 0"
	tui_stop
}

test_tui_terminal_restored_on_sigterm() {
	tui_start 80 24 2026-11-02T09:00
	wait_for "All open"
	[ "$(tmux -S "$SOCK" display -p '#{alternate_on}')" = 1 ] || fail "not in the alternate screen"
	pane=$(tmux -S "$SOCK" display -p '#{pane_pid}')
	pkill -TERM -P "$pane" || fail "no desk process"   # the desk (or valgrind running it)
	wait_for "EXITED 143"
	assert_eq "$(tmux -S "$SOCK" display -p '#{alternate_on}')" 0 "alternate screen after SIGTERM"
	tui_stop
}

test_tui_resolve_page_saves_whole_or_nothing() {
	at 2026-11-02T09:00 new --channel walk_in --category fuel_quantity --customer 王芳 \
		--phone 13911112222 --description x >/dev/null
	tui_start 80 24 2026-11-02T09:10
	keys Enter
	wait_for "Complaint #1 — recorded"
	keys s
	wait_for "Complaint #1 — Resolve"
	keys Right Right Tab                 # refund
	type_text "12.5"
	keys Tab Space Tab                   # agreed
	type_text "call back with the meter test"
	keys Tab
	type_text "2026-13-40"               # not a date
	keys F10
	wait_for "Give the promise's deadline: 14:00, tomorrow 18:00"
	assert_eq "$(sql "select count(*) from events where kind in ('remedy','promise')")" 0 \
		"nothing of a refused page is kept"
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "2026-11-03 17:00"
	keys F10
	wait_for "Saved. Complaint #1 is now resolving."
	assert_eq "$(sql "select count(*) from events where kind='remedy'")" 1 "one refund"
	assert_eq "$(sql "select count(*) from events where kind='promise'")" 1
	tui_stop
}

# The supervisor's screen: last month by default, months back and forth,
# a site filter, and Enter from a figure or a bar down to the complaints.
test_tui_analysis_months_sites_and_drill_down() {
	late=$(phone_complaint 2026-10-10T09:00)
	at 2026-10-10T13:00 contact "$late" >/dev/null      # two hours late
	other=$(phone_complaint 2026-10-12T09:00 --site station-02)
	at 2026-10-12T09:30 contact "$other" >/dev/null
	phone_complaint 2026-11-03T09:00 >/dev/null
	tui_start 80 24 2026-11-05T10:00
	keys a
	wait_for "◀ 2026-10 ▶   compared with 2026-09"
	wait_for "2 ▲+2"                                    # received, against none in September
	keys Right
	wait_for "◀ 2026-11 ▶"
	wait_for "1 ▼-1"
	keys Left
	wait_for "◀ 2026-10 ▶"
	# Deadlines, the Breached figure: both complaints missed their feedback.
	keys Tab Tab j j j Enter
	wait_for "2026-10 — Breached"
	wait_for "2 complaints"
	keys Enter
	wait_for "Complaint #$late"
	keys Escape Escape
	wait_for "◀ 2026-10 ▶"
	# One station: its bars and its breached deadlines only.
	keys s
	wait_for "Which site?"
	keys Down Enter
	wait_for "Monthly analysis — East Gate"
	keys Home j j j j j Enter                           # By channel: Phone / hotline
	wait_for "Complaints received — By channel: Phone / hotline"
	wait_for "1 complaint"
	screen | grep -q "^$late " || fail "complaint $late not listed: $(screen)"
	screen | grep -q "^$other " && fail "another station's complaint listed: $(screen)"
	keys Escape Tab Tab j j j Enter
	wait_for "1 complaint"
	keys Escape q
	wait_for "All open"
	tui_stop
}

# The analysis in Chinese, and the HTML report saved from the screen.
test_tui_analysis_in_chinese_and_export() {
	phone_complaint 2026-10-10T09:00 >/dev/null
	tui_start 100 30 2026-11-05T10:00 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys a
	wait_for "月度投诉分析"
	wait_for "◀ 2026-10 ▶"
	keys x
	wait_for "cdesk-analysis-2026-10.html"
	keys Enter
	# The prompt already shows the name: wait for the message that it was
	# saved (under valgrind the save takes a while).
	wait_for "月报已保存到"
	tui_stop
	grep -q '<html lang="zh-CN"' "$WORK/cdesk-analysis-2026-10.html" || fail "no Chinese HTML report saved"
	grep -q '<svg' "$WORK/cdesk-analysis-2026-10.html" || fail "no charts in the HTML report"
}

# Withdrawing or resolving with a promise still open lists it and asks,
# No by default; nothing changes until the person says yes (issue 19).
test_tui_ending_with_things_open_asks_first() {
	at 2026-11-02T09:00 new --channel walk_in --category fuel_quantity --customer 王芳 \
		--phone 13911112222 --description x >/dev/null
	at 2026-11-02T09:05 promise 1 --due 2026-11-04T17:00 --note "call back with the meter test" >/dev/null
	before=$(dbsum)
	tui_start 80 24 2026-11-02T09:10
	keys d
	wait_for "Complaint #1 — resolving"
	keys w
	wait_for "withdrew it?"
	keys y
	wait_for "'Withdraw' would leave open:"
	wait_for "the promise due 2026-11-04 17:00: “call back with the meter test”"
	keys Enter                           # the default is No
	wait_gone "would leave open"
	assert_eq "$(dbsum)" "$before" "nothing saved after No"
	# On the resolve page, the promise the page makes is listed too.
	keys s
	wait_for "Complaint #1 — Resolve"
	keys Tab Tab Tab
	type_text "a written answer"
	keys Tab
	type_text "2026-11-05 17:00"
	keys Tab Tab Tab Space F10
	wait_for "'Resolve' would leave open:"
	wait_for "the promise made on this page: “a written answer”"
	keys n
	wait_gone "would leave open"
	assert_eq "$(dbsum)" "$before" "nothing saved after n"
	keys F10
	wait_for "'Resolve' would leave open:"
	keys y
	wait_for "is now resolved"
	wait_sql 'select state from complaints where id=1' resolved
	wait_sql "select count(*) from events where kind='promise'" 2
	tui_stop
}

# Enter opens the complaint whatever its state, in the queue and from the
# follow-up desk; the next step of the method is a key there (issue 19).
test_tui_enter_always_opens_the_complaint() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T09:30
	wait_for "Enter/d Open"
	keys Enter
	wait_for "Complaint #1 — received"
	wait_for "Next step: Listen (press s)."
	keys Down                            # the message gives way to the keys
	wait_for "Esc Back s Next step"
	keys s
	wait_for "Complaint #1 — Listen"
	keys Escape
	wait_for "Complaint #1 — received"
	keys Escape
	wait_for "All open"
	keys d
	wait_for "Complaint #1 — received"
	keys Escape
	# From the queue, s goes straight on with the handling.
	keys s
	wait_for "Complaint #1 — Listen"
	keys Escape
	wait_for "All open"
	keys f
	wait_for "Follow-up desk"
	keys Enter
	wait_for "Complaint #1 — received"
	keys Escape
	wait_for "Follow-up desk"
	keys l
	wait_for "Complaint #1 — received"
	wait_sql 'select state from complaints where id=1' received
	tui_stop
}

# z offers the configured pause reasons; the one chosen is stored and
# shown (issue 19).
test_tui_pause_offers_the_configured_reasons() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys Enter
	wait_for "投诉 #1 — 已受理"
	keys z
	wait_for "暂停计时：在等什么？"
	wait_for "等待官方检定"
	keys Down Down Down Enter            # an official verification
	wait_for "暂停：备注（可不填）"
	type_text "送计量所检定"
	keys Enter
	wait_for "暂停计时：等待官方检定 — 送计量所检定"
	wait_sql "select json_extract(data, '$.reason') from events where kind='pause'" verification
	tui_stop
}

# Every selector narrows to what is typed, Chinese too, and Backspace
# widens it again; a score takes the digit typed (issue 19).
test_tui_selectors_filter_as_you_type() {
	at 2026-11-02T09:00 new --channel phone --description "加满一箱只加了38升" >/dev/null
	at 2026-11-02T09:01 step 1 listen >/dev/null
	at 2026-11-02T09:02 step 1 apologize >/dev/null
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys s
	wait_for "投诉 #1 — 记录"
	type_text "质量"                     # on the category: the list opens, narrowed
	wait_for "已输入：质量"
	wait_for "服务质量"
	wait_gone "服务态度"
	keys BSpace BSpace
	wait_for "服务态度"
	type_text "配件质"
	wait_gone "油品质量"
	keys Enter
	wait_for "◀ 配件质量 ▶"
	keys Tab
	type_text "王芳"
	keys Tab
	type_text "13911112222"
	keys F10
	wait_for "向客户复述记录内容"
	keys y
	wait_for "投诉 #1 — 处理"
	keys Tab Tab Tab Tab Tab Tab Tab Space F10   # resolved
	wait_for "当前为已解决"
	wait_sql 'select category from complaints where id=1' parts_quality
	tui_stop
	# The follow-up: scores as digits; a chooser narrowed by Latin letters too.
	tui_start 80 24 2026-11-03T10:00
	keys s
	wait_for "Complaint #1 — Follow up"
	keys 4 Tab 3 Tab 5 Tab y
	wait_for "Typed: y"
	keys Enter
	wait_for "◀ yes ▶"
	keys F10
	wait_for "is now followed up"
	wait_sql "select json_extract(data, '$.outcome') || json_extract(data, '$.procedure') || json_extract(data, '$.treatment') || json_extract(data, '$.satisfied') from events where kind='satisfaction'" 4351
	tui_stop
}

# A deadline is typed as people say it; the time understood is shown
# before it is saved (issue 19).
test_tui_deadlines_typed_as_people_say_them() {
	at 2026-11-02T09:00 new --channel walk_in --category fuel_quantity --customer 王芳 \
		--phone 13911112222 --description x >/dev/null
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys Enter
	wait_for "投诉 #1 — 已记录"
	keys p
	wait_for "承诺了什么？"
	type_text "检测结果"
	keys Enter
	wait_for "何时到期？（如 14:00、明天 18:00、+2h、+3d、2026-11-25 17:00）"
	type_text "下周"
	keys Enter
	wait_for "无法理解这个时间"
	keys BSpace BSpace
	type_text "明天 18:00"
	keys Enter
	wait_for "期限为 2026-11-03 18:00，星期二（距现在 1天08时）。保存这项承诺吗？"
	keys n                               # not what was meant: asked again, as typed
	wait_for "何时到期？"
	keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
	type_text "+2h"
	keys Enter
	wait_for "期限为 2026-11-02 11:30，星期一"
	keys y
	wait_for "已保存。"
	wait_sql "select json_extract(data, '$.due') from events where kind='promise'" "$(date -d '2026-11-02T11:30:00+08:00' +%s)"
	# On the resolve page the field shows the forms, then what it understood.
	keys s
	wait_for "承诺期限             14:00 · 明天 18:00 · +2h · +3d · 2026-11-25 17:00"
	keys Tab Tab Tab
	type_text "书面答复"
	keys Tab
	type_text "14:00"
	wait_for "→ 2026-11-02 14:00，星期一"
	keys F10
	wait_for "已保存。投诉 #1 当前为处理中"
	wait_sql "select count(*) from events where kind='promise'" 2
	tui_stop
}

# At 80 columns the queue's columns share the width by what they hold:
# the time left and the escalation mark are never cut (issue 19).
test_tui_queue_columns_share_the_width() {
	phone_complaint 2026-11-02T09:00 --customer "欧阳慧敏" >/dev/null
	at 2026-11-02T09:05 escalate 1 station_manager --note "客户情绪激动" >/dev/null
	tui_start 80 24 2026-11-19T10:00
	wait_for "All open"
	row=$(screen | grep '^1 ')
	printf '%s\n' "$row" | grep -qE -- '-16d 23h +↑1' || fail "the time left is cut: $row"
	assert_contains "$row" "欧阳慧敏"
	assert_contains "$row" "Contact within 2 h"
	tui_stop
	tui_start 80 24 2026-11-19T10:00 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	wait_for "全部未办结"
	row=$(screen | grep '^1 ')
	printf '%s\n' "$row" | grep -qE -- '-16天23时 +↑1' || fail "the time left is cut: $row"
	tui_stop
}

# A description or note too long for its line is read whole with v,
# wrapped by display width and scrolled (issue 19).
test_tui_long_text_is_read_whole() {
	long="客户称上周六下午在5号加油机加了95号汽油，加油机显示40升，但小票上只有38升，要求退还差价并检查加油机。结尾在这里"
	at 2026-11-02T09:00 new --channel phone --category fuel_quantity --customer 张三 \
		--phone 13800138000 --description "$long" >/dev/null
	for i in $(seq 1 19); do at "2026-11-02T09:$(printf %02d "$i")" note 1 "备注第${i}条" >/dev/null; done
	at 2026-11-02T09:20 note 1 "最后一条备注：站长说会在下午三点前安排计量人员到场检查加油机，检查结果出来后立即回电客户" >/dev/null
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys Enter
	wait_for "v 看全文"
	keys v
	wait_for "投诉 #1 — 全文"
	wait_for "结尾在这里"
	wait_for "共 "
	wait_gone "最后一条备注"
	keys G
	wait_for "最后一条备注"
	wait_gone "结尾在这里"
	keys g
	wait_for "结尾在这里"
	keys Escape
	wait_for "投诉 #1 — 已受理"
	tui_stop
}

# At 80 columns, in English as in Chinese, the detail screen's labels take
# what the longest needs ("What happened" whole), what happened wraps over
# the lines the screen spares (more at 120x40, where the whole text is
# read), the clocks' names are whole, and a category first set reads as
# set, not as changed from nothing (issue 19).
test_tui_what_happened_is_read_at_80_columns() {
	desc="Filled up at pump 4 on Saturday: the pump showed 40 litres but the receipt says 38; wants the difference back and the pump checked by the weights office"
	at 2026-11-02T09:00 new --channel phone --customer "Li Lei" --phone 13500000001 \
		--description "$desc" --request "refund the difference" >/dev/null
	at 2026-11-02T09:01 update 1 --category fuel_quantity >/dev/null
	for s in listen apologize record resolve; do at 2026-11-02T09:02 step 1 $s >/dev/null; done
	tui_start 80 24 2026-11-02T09:30
	keys Enter
	wait_for "Complaint #1 — "
	wait_for " What happened Filled up at pump 4"
	wait_for "the receipt says 38"
	wait_for "v: all"
	wait_for " Asks for      refund the difference"
	wait_for "Follow-up after resolution"
	wait_for "changed the category (set to Fuel quantity)"
	tui_stop
	tui_start 120 40 2026-11-02T09:30
	keys Enter
	wait_for "checked by the weights office"
	wait_gone "v: all"
	tui_stop
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys Enter
	wait_for " 投诉内容  Filled up at pump 4"
	wait_for "处理后回访"
	wait_for "修改了类别（设为“油品数量”）"
	tui_stop
}

# The analysis counts the pauses by their reason, with their working time,
# the reasons whole at 80 columns; Enter lists the complaints behind a
# reason (issue 19).
test_tui_analysis_counts_pauses_by_reason() {
	phone_complaint 2026-10-12T09:00 >/dev/null
	phone_complaint 2026-10-12T09:05 >/dev/null
	at 2026-10-12T10:00 pause 1 --reason parts >/dev/null           # 18 h of working time
	at 2026-10-14T10:00 resume 1 >/dev/null
	at 2026-10-15T10:00 pause 2 --reason verification >/dev/null    # still waiting
	tui_start 80 24 2026-11-05T10:00
	keys a
	wait_for "◀ 2026-10 ▶"
	keys Tab Tab Tab
	wait_for " Handling"
	for _ in $(seq 30); do
		screen | grep -qF "Waiting for an official verification" && break
		keys j
		sleep 0.05
	done
	wait_for "Pauses by reason"
	wait_for "Waiting for parts"
	wait_for "1  18h 00m  (before 0)"
	wait_for "Waiting for an official verification"
	wait_for "1  135h 00m  (before 0)"
	# Down to the row (the selected line is drawn black on cyan).
	n=0
	until tmux -S "$SOCK" capture-pane -p -e | grep -q $'\e\\[46m *Waiting for an official verification'; do
		keys j
		n=$((n + 1))
		[ $n -lt 40 ] || fail "the row cannot be selected: $(screen)"
		sleep 0.05
	done
	keys Enter
	wait_for "Pauses — Pauses by reason: Waiting for an official verification"
	wait_for "1 complaint"
	wait_for "加油机显示40升"                 # what happened has a column worth reading
	screen | grep -q "^2 " || fail "complaint 2 not listed: $(screen)"
	tui_stop
}

# The follow-up desk with none of the person's own deadlines says others'
# are due (and m shows them), instead of "nothing due"; its columns take
# what they hold: the clock's name and the state whole at 80 columns
# (issue 19).
test_tui_followups_say_when_only_others_are_due() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	at 2026-11-02T09:05 assign 1 liwei >/dev/null
	at 2026-11-02T09:10 new --channel walk_in --category fuel_quantity --customer 王芳 --phone 13911112222 \
		--description x >/dev/null
	for s in listen apologize record resolve; do at 2026-11-02T09:11 step 2 $s >/dev/null; done
	at 2026-11-02T09:12 assign 2 liwei >/dev/null
	tui_start 80 24 2026-11-03T10:00
	keys f
	wait_for "Follow-up desk — tester"
	wait_for "Nothing of yours is due this week; 3 deadlines of others are: m shows"
	keys m
	wait_for "Follow-up desk — everyone"
	wait_for "Follow-up after resolution"
	row=$(screen | grep 'Follow-up after resolution')
	assert_contains "$row" "13911112222 resolved"
	tui_stop
}

# The analysis tiles share the width by what they hold: at 80 columns the
# labels and an amount with its change read whole, in English and Chinese
# (issue 19: "analysis card amounts are cut").
test_tui_analysis_tiles_read_whole_at_80() {
	phone_complaint 2026-09-10T09:00 >/dev/null
	at 2026-09-10T09:30 remedy 1 refund --amount 120 --agreed >/dev/null
	phone_complaint 2026-10-10T09:00 >/dev/null
	at 2026-10-10T09:30 remedy 2 refund --amount 14597 --agreed >/dev/null
	tui_start 80 24 2026-11-05T10:00
	keys a
	wait_for "◀ 2026-10 ▶"
	wait_for "Complaints received"
	wait_for "Still open at the end"
	wait_for "Resolved at first contact"
	wait_for "¥14,597.00 ▲+¥14,477.00"
	tui_stop
	tui_start 80 24 2026-11-05T10:00 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys a
	wait_for "补偿金额"
	wait_for "¥14,597.00 ▲+¥14,477.00"
	tui_stop
}

# Help reads whole at 80x24: a long line wraps under its key instead of
# ending in "…", and a list longer than the screen scrolls (issue 19).
test_tui_help_reads_whole_at_80x24() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T09:30
	keys n
	wait_for "New complaint — Listen"
	keys F1
	wait_for "Keys on this screen"
	wait_for "resumed from the list"
	wait_for "digit; in tick boxes Space ticks"
	keys Escape Escape
	wait_for "All open"
	keys Enter
	wait_for "Complaint #1 — received"
	keys '?'
	wait_for "↓ more below"
	wait_gone "timeline page down"
	keys PageDown
	wait_for "timeline page down"
	wait_for "this help"
	wait_gone "↓ more below"
	tui_stop
}

# The detail screen says about the clocks what cdesk show says: a contact
# made late is "met (late)", a paused clock since when, and an escalation
# that holds but is not recorded yet is named (issue 19's rule: the desk
# shows what the CLI shows).
test_tui_detail_clocks_agree_with_show() {
	phone_complaint 2026-10-12T09:00 >/dev/null
	at 2026-10-12T12:00 contact 1 >/dev/null                    # an hour late
	at 2026-10-15T10:00 pause 1 --reason verification >/dev/null
	out=$(at 2026-11-05T10:00 show 1)
	assert_contains "$out" "met (late)"
	assert_contains "$out" "Paused since   2026-10-15 10:00"
	due=$(printf '%s\n' "$out" | grep '^Escalation due: ' | head -1)
	[ -n "$due" ] || fail "no escalation due in show: $out"
	tui_start 80 24 2026-11-05T10:00
	keys Enter
	wait_for "Complaint #1 — received"
	wait_for "met (late) 2026-10-12 12:00"
	wait_for "paused     since 2026-10-15 10:00"
	wait_for " Clocks  paused since 2026-10-15 10:00"
	wait_for "${due:0:60}"
	tui_stop
}

# A status line too short for every key still ends with the help key,
# where the rest are listed: at 80 columns the detail screen's line used
# to stop at "a Assign", with no sign of help (issue 19).
test_tui_status_line_always_offers_help() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	tui_start 80 24 2026-11-02T09:30
	keys Enter
	wait_for "Complaint #1 — received"
	keys Down                            # the message gives way to the keys
	wait_for "Esc Back s Next step"
	screen | tail -1 | grep -q '? Help *$' || fail "no help on the status line: $(screen | tail -1)"
	tui_stop
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys Enter
	wait_for "投诉 #1 — 已受理"
	keys Down
	wait_for "Esc 返回"
	screen | tail -1 | grep -q '? 帮助 *$' || fail "no help on the status line: $(screen | tail -1)"
	tui_stop
}

# Every field of a complaint is on the detail screen (the reference, and
# what the customer seeks beside an escalation), a value cut there says
# so, and v reads each whole (issue 19: "reads every field … without
# leaving the desk").
test_tui_every_field_is_read_on_the_desk() {
	ref="POS-20261102-0042-A 5号机 95号汽油 40.00升 小票金额 312.40元"
	phone_complaint 2026-11-02T09:00 --reference "$ref" --plate 沪A12345 --need respect --behaviour irate >/dev/null
	at 2026-11-02T09:05 escalate 1 station_manager --note "客户情绪激动" >/dev/null
	tui_start 80 24 2026-11-02T09:30
	keys Enter
	wait_for "Complaint #1 — received"
	wait_for "Reference POS-20261102-0042-A"
	wait_for "Escalated level 1, Station manager"
	row=$(screen | grep 'Seeks/acts')
	assert_contains "$row" "respect / irate"
	assert_contains "$(screen | grep Reference)" "v: all"
	keys v
	wait_for "Complaint #1 — read whole"
	wait_for "Reference: $ref"
	wait_for "Behaviour: irate"
	tui_stop
	tui_start 80 24 2026-11-02T09:30 LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 CDESK_LANG=
	keys Enter v
	wait_for "单号：$ref"
	wait_for "客户行为：发怒者"
	tui_stop
}

# r on an open complaint: the desk says at once that the step is not
# possible, before asking to confirm and for a reason it would then refuse
# (issue 19: a key that does something surprising).
test_tui_impossible_step_is_refused_before_any_question() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	before=$(dbsum)
	tui_start 80 24 2026-11-02T09:30
	keys Enter
	wait_for "Complaint #1 — received"
	keys r
	wait_for "the step 'Reopen' is not possible: the complaint is received"
	screen | grep -q "Reopen this complaint?" && fail "asked to confirm a step that cannot be taken"
	tui_stop
	assert_eq "$(dbsum)" "$before" "nothing changed"
}
