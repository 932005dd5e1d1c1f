# The monthly analysis (docs/report.md): every figure worked out again,
# independently, with plain SQL over a demo data set, and small hand-built
# cases whose answers are known.

# October 2026 in Asia/Shanghai (every site of the built-in configuration),
# the month before it, and the pinned "now" of the demo data set.
OCT_S=1790784000
OCT_E=1793462400
SEP_S=1788192000
DEMO_NOW=2026-11-22T10:00:00+08:00
DEMO_NOW_S=1795312800

# --- helpers ---------------------------------------------------------------

# check GOT WANT WHAT: note a comparison; check_done compares them all at
# once (numbers made comparable: 517 = 517.0, six decimals for fractions)
# and fails the test listing every disagreement, so one run shows them all.
check() {
	g=${1//$'\n'/ ; } w=${2//$'\n'/ ; }
	printf '%s\t%s\t%s\n' "$3" "$g" "$w" >>"$WORK/checks"
}

check_done() {
	[ -s "$WORK/checks" ] || return 0
	awk -F'\t' '
		function norm(s,   n, a, i, t, out) {
			n = split(s, a, " ")
			out = ""
			for (i = 1; i <= n; i++) {
				t = a[i]
				if (t ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/) {
					t = sprintf("%.6f", t); sub(/0+$/, "", t); sub(/\.$/, "", t); if (t == "-0") t = "0"
				}
				out = out (i > 1 ? " " : "") t
			}
			return out
		}
		norm($2) != norm($3) { printf "%s: cdesk says [%s], independent computation says [%s]\n", $1, $2, $3 }
	' "$WORK/checks" >"$WORK/mismatches"
	rm -f "$WORK/checks"
	[ ! -s "$WORK/mismatches" ] || fail "disagreements:
$(cat "$WORK/mismatches")"
}

# sqls QUERY: rows of the test database, columns separated by one space.
sqls() {
	sqlite3 -separator ' ' "$(sqlite_view)" "$1"
}

# fig ID [value|previous] [FILE]: one figure of a JSON report ("missing" if
# it is not there, "null" for null).
fig() {
	jq -r --arg id "$1" --arg f "${2:-value}" \
		'[.sections[].figures[] | select(.id == $id)] | if length == 0 then "missing" else (.[0][$f] | if . == null then "null" else . end) end' \
		"${3:-$WORK/r.json}"
}

# jtable TABLE values|previous COL,COL… [FILE]: "KEY V V…" per row of a
# report table, the columns in the order asked, sorted by key.
jtable() {
	jq -r --arg t "$1" --arg f "$2" --arg cols "$3" '
		[.sections[].tables[] | select(.id == $t)] | if length == 0 then "missing table \($t)" else .[0] as $T |
		($cols | split(",") | map(. as $c | $T.columns | map(.id) | index($c))) as $ix |
		$T.rows | sort_by(.key)[] | [(.key | if . == "" then "-" else . end)] +
			[.[$f][$ix[]] | if . == null then "null" else tostring end] | join(" ") end' \
		"${4:-$WORK/r.json}"
}

# drill ARGS…: the ids a --drill prints, one per line, sorted.
drill() {
	at "$NOW" report "$@" | sort -n
}

# On PostgreSQL the demo is made in a SQLite file and copied in (db copy):
# the same complaints, in a second rather than a minute of round trips.
demo_data() {
	if on_pg; then
		VALGRIND_SKIP=1 CDESK_NOW=$DEMO_NOW "$CDESK" --db "$WORK/demo.db" demo --count 1500 --months 3 >/dev/null ||
			fail "demo"
		"$CDESK" --db "$WORK/demo.db" db copy --to "$DB" >/dev/null || fail "copying the demo in"
	else
		VALGRIND_SKIP=1 at $DEMO_NOW demo --count 1500 --months 3 >/dev/null || fail "demo"
	fi
	NOW=$DEMO_NOW
}

# From the built-in configuration: its working days as SQL lists of dates
# ($HOL, $WDAYS) and its major channels ($MAJOR).
calendar_sql() {
	at $DEMO_NOW config show >"$WORK/config.yaml"
	assert_contains "$(cat "$WORK/config.yaml")" 'business_hours: {start: "09:00", end: "18:00"}'
	assert_contains "$(cat "$WORK/config.yaml")" 'workweek: [mon, tue, wed, thu, fri]'
	assert_contains "$(cat "$WORK/config.yaml")" 'timezone: Asia/Shanghai'
	assert_eq "$(grep -c timezone "$WORK/config.yaml")" 1 "no site has its own zone"
	HOL=$(sed -n '/^  holidays:/,/^  working_days:/p' "$WORK/config.yaml" | grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' |
		sed "s/.*/'&'/" | paste -sd, -)
	WDAYS=$(sed -n '/^  working_days:/,/^clocks:/p' "$WORK/config.yaml" | grep -o '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' |
		sed "s/.*/'&'/" | paste -sd, -)
	[ -n "$HOL" ] && [ -n "$WDAYS" ] || fail "no calendar in config show"
	MAJOR=$(sed -n 's/^- {id: \([a-z_]*\),.*major: true.*/'"'"'\1'"'"'/p' "$WORK/config.yaml" | paste -sd, -)
	assert_eq "$MAJOR" "'manufacturer','consumer_association','media'" "major channels"
}

# The working seconds (business hours 09:00-18:00 on working days, local
# time +08:00) of each (a, b) pair the query Q yields, one per row.
working_sql() {
	echo "with recursive p(k, a, b) as (select row_number() over (), * from ($1)),
		dd(k, a, b, d) as (select k, a, b, date(a, 'unixepoch', '+8 hours') from p
			union all select k, a, b, date(d, '+1 day') from dd where d < date(b, 'unixepoch', '+8 hours'))
		select sum(case when d in ($WDAYS) or (d not in ($HOL) and strftime('%w', d) between '1' and '5')
			then max(0, min(b, strftime('%s', d) - 28800 + 18 * 3600) - max(a, strftime('%s', d) - 28800 + 9 * 3600))
			else 0 end) from dd group by k"
}

# nearest_rank Q: SQL for "MEDIAN P90" of the numbers Q yields, by nearest
# rank (the value at position ceil(p*n), 1-based, in ascending order).
nearest_rank() {
	echo "with v(x) as ($1), o as (select x, row_number() over (order by x) rn, count(*) over () n from v)
		select coalesce((select x from o where rn = (n + 1) / 2), 'null') median,
			coalesce((select x from o where rn = (9 * n + 9) / 10), 'null') p90"
}

# The comparisons of check_period are gathered and run in bulk: one jq for
# the report, one sqlite3 for all the queries.
#   fig_is NAME SQL: the figure(s) NAME (comma-separated ids) equal SQL's row
#   table_is TABLE COLS SQL: the table's rows ("KEY V V…", by key) equal SQL's
fig_is() {
	printf '.print ##F %s\n%s;\n' "$1" "$2" >>"$WORK/q.sql"
}

table_is() {
	printf '.print ##T %s %s\n%s order by 1;\n' "$1" "$2" "$3" >>"$WORK/q.sql"
}

# deadlines_cte FILTER: "with d as (…)", one row per clock instance due in
# [$S, $E) with its site, owner and outcome as of $N.
deadlines_cte() {
	echo "with d as (select k.*, c.site, c.owner, case
			when k.met_at is not null and k.met_at <= k.due_at then 'met'
			when k.met_at is not null then 'breached'
			when k.stopped_at is not null and k.stopped_at > k.due_at then 'breached'
			when k.stopped_at is not null then 'void'
			when k.paused_since is not null then 'running'
			when k.due_at < $N then 'breached'
			else 'running' end o
		from clocks k join complaints c on c.id = k.complaint_id where k.due_at >= $S and k.due_at < $E and $1)"
}

# run_checks FIELD: run the queries gathered, compare with the report's
# FIELD (value or previous).
run_checks() {
	sqlite3 -separator ' ' "$(sqlite_view)" <"$WORK/q.sql" >"$WORK/q.out" 2>"$WORK/q.err"
	[ -s "$WORK/q.err" ] && fail "SQL: $(cat "$WORK/q.err")"
	rm -f "$WORK/q.sql"
	declare -A want
	order=()
	while IFS= read -r line; do
		case "$line" in
		"##"*) cur=${line#"##"}; order+=("$cur"); want[$cur]="" ;;
		*) want[$cur]+="${want[$cur]:+$'\n'}$line" ;;
		esac
	done <"$WORK/q.out"
	# Everything the report says, as "F id value" and "T table key v v…" lines.
	declare -A got
	tables=$(printf '%s\n' "${order[@]}" | awk '$1 == "T" { printf "%s\"%s\": \"%s\"", n++ ? ", " : "{", $2, $3 } END { print n ? "}" : "{}" }')
	while IFS=$'\t' read -r k v; do
		got[$k]+="${got[$k]:+$'\n'}$v"
	done < <(jq -r --arg f "$1" --argjson cols "$tables" '
		(.sections[].figures[] | ["F \(.id)", (.[$f] | if . == null then "null" else tostring end)]),
		(.sections[].tables[] | select($cols[.id] != null) | . as $T |
			($cols[.id] | split(",") | map(. as $c | $T.columns | map(.id) | index($c))) as $ix |
			.rows | sort_by(.key)[] | ["T \($T.id) \($cols[$T.id])",
				([(.key | if . == "" then "-" else . end)] + [.[if $f == "value" then "values" else "previous" end][$ix[]] |
				if . == null then "null" else tostring end] | join(" "))]) | @tsv' "$WORK/r.json")
	for k in "${order[@]}"; do
		case "$k" in
		F*)
			g=""
			IFS=, read -ra ids <<<"${k#F }"
			for id in "${ids[@]}"; do
				v=${got["F $id"]:-missing}
				g+="${g:+ }${v%%$'\n'*}"
			done
			check "$g" "${want[$k]}" "$1 of ${k#F }"
			;;
		T*)
			if [ "$1" = value ]; then
				# A row may show a key with nothing this period (something before).
				g=$(printf '%s\n' "${got[$k]:-}" | awk '{ for (i = 2; i <= NF; i++) if ($i != "0" && $i != "null") { print; next } }')
				check "$g" "${want[$k]}" "$1 of table ${k#T }"
			else
				# The rows are the period's: compare the keys both sides have.
				declare -A w2=()
				while read -r key rest; do w2[$key]="$key $rest"; done <<<"${want[$k]}"
				g="" w=""
				while read -r key rest; do
					[ -n "$key" ] && [ -n "${w2[$key]:-}" ] || continue
					g+="$key $rest"$'\n' w+="${w2[$key]}"$'\n'
				done <<<"${got[$k]:-}"
				check "${g%$'\n'}" "${w%$'\n'}" "$1 of table ${k#T }"
			fi
			;;
		esac
	done
}

# check_period S E FIELD [SITE]: compare every figure and table of the JSON
# report in $WORK/r.json (its FIELD: value or previous) with SQL over the
# period [S, E), all sites or only SITE. "Now" is the demo's.
check_period() {
	S=$1 E=$2 F=$3
	CF=1
	[ -n "${4:-}" ] && CF="c.site = '$4'"
	N=$DEMO_NOW_S
	END=$E
	[ "$END" -gt "$N" ] && END=$N
	RC="from complaints c where c.received_at >= $S and c.received_at < $E and $CF"
	EV="from events e join complaints c on c.id = e.complaint_id where e.at >= $S and e.at < $E and $CF"

	# Volume.
	fig_is received "select count(*) $RC"
	STEPS="sum(e.to_state = 'resolved'), sum(e.to_state = 'closed'), sum(e.to_state = 'withdrawn'), sum(e.to_state = 'reopened')"
	fig_is resolved,closed,withdrawn,reopened "select $STEPS $EV and e.kind = 'step'"
	OPEN="select c.id from complaints c where c.received_at < $END and $CF and coalesce((select v.to_state
		from events v where v.complaint_id = c.id and v.kind in ('received', 'step') and v.at < $END
		order by v.at desc, v.id desc limit 1), 'received') not in ('closed', 'withdrawn')"
	fig_is open_at_end "select count(*) from ($OPEN)"
	for dim in channel site severity need behaviour; do
		table_is by_$dim received "select coalesce(nullif(c.$dim, ''), '-'), count(*) $RC group by 1"
	done
	table_is pareto_category received "select coalesce(nullif(c.category, ''), '-'), count(*) $RC group by 1"
	table_is by_cause_side received "select coalesce((select json_extract(r.data, '$.side') from events r
		where r.complaint_id = c.id and r.kind = 'root_cause' order by r.id desc limit 1), '-'), count(*) $RC group by 1"
	table_is pareto_cause root_causes "select json_extract(e.data, '$.side'), count(*) $EV and e.kind = 'root_cause' group by 1"

	# Deadlines: one outcome per clock instance due in the period, as of now.
	D=$(deadlines_cte "$CF")
	SHARE="coalesce(1.0 * sum(o = 'met') / nullif(sum(o in ('met', 'breached')), 0), 'null')"
	OUTC="sum(o = 'breached'), sum(o in ('met', 'breached')), sum(o = 'met'), $SHARE"
	fig_is deadlines_due,deadlines_met,deadlines_breached,deadlines_running,deadlines_met_share \
		"$D select count(*) filter (where o in ('met', 'breached')), count(*) filter (where o = 'met'),
			count(*) filter (where o = 'breached'), count(*) filter (where o = 'running'), $SHARE from d"
	fig_is promises_kept,promises_broken "$D select count(*) filter (where o = 'met'), count(*) filter (where o = 'breached')
		from d where kind = 'promise'"
	table_is deadlines_by_clock deadlines_breached,deadlines_due,deadlines_met,deadlines_met_share,deadlines_running \
		"$D select kind, $OUTC, sum(o = 'running') from d group by kind having sum(o <> 'void') > 0"
	table_is deadlines_by_site deadlines_breached,deadlines_due,deadlines_met,deadlines_met_share \
		"$D select site, $OUTC from d group by site having sum(o <> 'void') > 0"
	table_is deadlines_by_owner deadlines_breached,deadlines_due,deadlines_met,deadlines_met_share \
		"$D select owner, $OUTC from d group by owner having sum(o <> 'void') > 0"
	fig_is open_past_deadline "select count(*) from ($OPEN) o where exists (select 1 from clocks k
		where k.complaint_id = o.id and k.due_at < $END and (k.met_at is null or k.met_at >= $END)
		and (k.stopped_at is null or k.stopped_at >= $END) and (k.paused_since is null or k.paused_since > $END))"

	# Times, of the complaints received in the period.
	FIRST="(select min(x.at) from events x where x.complaint_id = c.id and x.kind = 'contact')"
	RES="(select min(x.at) from events x where x.complaint_id = c.id and x.kind = 'step' and x.to_state = 'resolved')"
	WDR="(select min(x.at) from events x where x.complaint_id = c.id and x.kind = 'step' and x.to_state = 'withdrawn')"
	fig_is first_contact_median,first_contact_p90 \
		"$(nearest_rank "select $FIRST - c.received_at $RC and $FIRST is not null")"
	fig_is resolution_median,resolution_p90 "$(nearest_rank "select $RES - c.received_at $RC and $RES is not null")"
	fig_is first_contact_working_median,first_contact_working_p90 \
		"$(nearest_rank "$(working_sql "select c.received_at, $FIRST $RC and $FIRST is not null")")"
	fig_is resolution_working_median,resolution_working_p90 \
		"$(nearest_rank "$(working_sql "select c.received_at, $RES $RC and $RES is not null")")"
	# Silence: receipt, contact, feedback, promise, promise kept and remedy up
	# to the first resolution; an unresolved complaint's last gap runs to now,
	# or to its withdrawal (see test_report_longest_silence).
	SIL="with cc as (select c.id, c.received_at r0, coalesce($RES, $WDR, $N) fin $RC),
		pts as (select id, r0 t from cc
			union all select cc.id, e.at from cc join events e on e.complaint_id = cc.id
				where e.kind in ('contact', 'feedback', 'promise', 'promise_kept', 'remedy') and e.at <= cc.fin
			union all select id, fin from cc),
		g as (select id, t - lag(t) over (partition by id order by t) gap from pts)
		select max(gap) s from g group by id"
	fig_is longest_silence "select coalesce(max(s), 'null') from ($SIL)"
	fig_is silence_median "select median from ($(nearest_rank "$SIL"))"

	# Handling, of the complaints received in the period and resolved.
	RSV="with r as (select c.id, $RES r1 $RC and $RES is not null)"
	fig_is first_contact_resolution "$RSV select coalesce(1.0 * sum(
		(select count(*) from events x where x.complaint_id = r.id and x.kind = 'contact' and x.at <= r.r1) <= 1
		and not exists (select 1 from events x where x.complaint_id = r.id and x.kind in ('feedback', 'promise') and x.at <= r.r1)
		) / nullif(count(*), 0), 'null') from r"
	fig_is reopen_rate "$RSV select coalesce(1.0 * sum(exists (select 1 from events x
		where x.complaint_id = r.id and x.kind = 'step' and x.to_state = 'reopened' and x.at > r.r1))
		/ nullif(count(*), 0), 'null') from r"
	fig_is follow_up_response_rate "$RSV select coalesce(1.0 * sum(exists (select 1 from events x
		where x.complaint_id = r.id and x.kind = 'satisfaction')) / nullif(count(*), 0), 'null') from r"

	# Events in the period.
	fig_is escalations "select count(*) $EV and e.kind = 'escalation'"
	table_is escalations_by_level escalations \
		"select json_extract(e.data, '$.level'), count(*) $EV and e.kind = 'escalation' group by 1"
	table_is escalations_by_reason escalations \
		"select coalesce(json_extract(e.data, '$.rule'), '-'), count(*) $EV and e.kind = 'escalation' group by 1"
	AGR="json_extract(e.data, '$.agreed')"
	fig_is remedies,remedies_agreed,compensation "select count(*), coalesce(sum($AGR), 0),
		total(case when $AGR then json_extract(e.data, '$.amount') end) $EV and e.kind = 'remedy'"
	table_is remedies_by_kind remedies,remedies_agreed,compensation \
		"select json_extract(e.data, '$.remedy'), count(*), sum($AGR),
			total(case when $AGR then json_extract(e.data, '$.amount') end) $EV and e.kind = 'remedy' group by 1"
	A="avg(json_extract(e.data, '$.outcome'))"
	B="avg(json_extract(e.data, '$.procedure'))"
	C="avg(json_extract(e.data, '$.treatment'))"
	fig_is fair_outcome,fair_procedure,fair_treatment,satisfaction_overall,satisfied_share \
		"select coalesce($A, 'null'), coalesce($B, 'null'), coalesce($C, 'null'), coalesce(($A + $B + $C) / 3, 'null'),
			coalesce(avg(json_extract(e.data, '$.satisfied')), 'null') $EV and e.kind = 'satisfaction'"
	fig_is root_causes "select count(*) $EV and e.kind = 'root_cause'"
	fig_is measures_agreed,measures_done,measures_on_time,measures_overdue \
		"with md as (select json_extract(x.data, '$.cause') cause, min(x.at) done from events x
			where x.kind = 'measure_done' group by 1),
		m as (select e.id, json_extract(e.data, '$.measure_due') due, md.done
			from events e join complaints c on c.id = e.complaint_id left join md on md.cause = e.id
			where e.at >= $S and e.at < $E and $CF and e.kind = 'root_cause' and json_extract(e.data, '$.measure') <> ''
			and json_extract(e.data, '$.measure_owner') <> '' and json_extract(e.data, '$.measure_due') is not null)
		select count(*), count(done), coalesce(sum(done <= due), 0), coalesce(sum(done is null and due < $N), 0) from m"

	# Customers.
	fig_is repeat_customers,repeat_complaints "select count(*), coalesce(sum(n), 0) from (select c.phone, count(*) n $RC
		and c.phone is not null and c.phone <> '' group by c.phone having count(*) >= 2)"
	fig_is major_channel "select count(*) $RC and c.channel in ($MAJOR)"

	run_checks $F
	[ "$F" = value ] || return 0

	# The per-day series (every local day of the month) and the 12-month trend.
	check "$(jq -r '.daily[] | "\(.day) \(.received)"' "$WORK/r.json")" \
		"$(sqls "with recursive days(d) as (select date($S, 'unixepoch', '+8 hours')
				union all select date(d, '+1 day') from days where date(d, '+1 day') < date($E, 'unixepoch', '+8 hours'))
			select d, (select count(*) $RC and date(c.received_at, 'unixepoch', '+8 hours') = d) from days")" daily
	check "$(jq -r '.trend[] | "\(.month) \(.received)"' "$WORK/r.json")" \
		"$(sqls "with recursive m(i, k) as (select 11, strftime('%Y-%m', date($S, 'unixepoch', '+8 hours', '-11 months'))
				union all select i - 1, strftime('%Y-%m', date($S, 'unixepoch', '+8 hours', '-' || (i - 1) || ' months')) from m where i > 0)
			select k, (select count(*) from complaints c where $CF
				and strftime('%Y-%m', c.received_at, 'unixepoch', '+8 hours') = k) from m")" trend
	# Pareto: ranked, share of the total, cumulative share, and the vital few
	# (the first rows that reach 80 %).
	for t in pareto_category pareto_cause; do
		jq -r --arg t $t '.sections[].tables[] | select(.id == $t) | .rows[] | "\(.key) \(.values[0]) \(.share) \(.cumulative) \(.vital)"' \
			"$WORK/r.json" >"$WORK/p.txt"
		total=$(if [ $t = pareto_cause ]; then sqls "select count(*) $EV and e.kind = 'root_cause'"; else sqls "select count(*) $RC"; fi)
		check "$(cut -d' ' -f1,3- "$WORK/p.txt")" \
			"$(awk -v OFMT=%.12g -v t="$total" '{ vital = (c < 0.8) ? "true" : "false"; c += $2 / t; print $1, $2 / t, c, vital;
				if (NR > 1 && $2 > last) print "not ranked"; last = $2 }' "$WORK/p.txt")" \
			"$t: share, cumulative share, vital"
	done
}

# --- part 1: plain SQL over a generated data set ---------------------------

# The same for one site: every figure, its previous value, and the trend.
demo_site_checks() {
	at $DEMO_NOW --json report --month 2026-10 --site station-01 >"$WORK/r.json" || fail "report"
	assert_eq "$(jq -r .site "$WORK/r.json")" station-01
	check_period $OCT_S $OCT_E value station-01
	check_period $SEP_S $OCT_S previous station-01
}

# --drill: the complaint ids behind figures, table rows and shares.
demo_drill_checks() {
	S=$OCT_S E=$OCT_E N=$DEMO_NOW_S
	RC="from complaints c where c.received_at >= $S and c.received_at < $E"
	EV="from events e where e.at >= $S and e.at < $E"
	D=$(deadlines_cte "1")
	want=$(sqls "$D select distinct complaint_id from d where o = 'breached' and site = 'station-01' order by 1")
	[ "$(echo "$want" | wc -l)" -gt 10 ] || fail "too few breaches at station-01"
	check "$(drill --month 2026-10 --drill deadlines_breached:site=station-01)" "$want" "drill deadlines_breached:site=station-01"
	check "$(drill --month 2026-10 --drill received | wc -l)" \
		"$(at $DEMO_NOW --json report --month 2026-10 | jq '[.sections[].figures[] | select(.id == "received")][0].value')" \
		"drill received: as many as received"
	check "$(drill --month 2026-10 --drill received)" "$(sqls "select c.id $RC order by 1")" "drill received"
	check "$(drill --month 2026-10 --site station-02 --drill received)" \
		"$(sqls "select c.id $RC and c.site = 'station-02' order by 1")" "drill received --site station-02"
	check "$(drill --month 2026-10 --drill received:channel=letter)" \
		"$(sqls "select c.id $RC and c.channel = 'letter' order by 1")" "drill received:channel=letter"
	check "$(drill --month 2026-10 --drill deadlines_breached:clock=promise)" \
		"$(sqls "$D select distinct complaint_id from d where o = 'breached' and kind = 'promise' order by 1")" \
		"drill deadlines_breached:clock=promise"
	check "$(drill --month 2026-10 --drill escalations:rule=contact-very-late)" \
		"$(sqls "select distinct complaint_id $EV and kind = 'escalation' and json_extract(data, '$.rule') = 'contact-very-late' order by 1")" \
		"drill escalations:rule=contact-very-late"
	# An event's figure by its complaint's site: the events are read with
	# their complaints only when a table or a drill asks for such a column.
	want=$(sqls "select distinct e.complaint_id $EV and e.kind = 'escalation' and e.complaint_id in
		(select id from complaints where site = 'station-01') order by 1")
	[ -n "$want" ] || fail "no escalation at station-01"
	check "$(drill --month 2026-10 --drill escalations:site=station-01)" "$want" "drill escalations:site=station-01"
	check "$(drill --month 2026-10 --drill remedies:remedy=gift)" \
		"$(sqls "select distinct complaint_id $EV and kind = 'remedy' and json_extract(data, '$.remedy') = 'gift' order by 1")" \
		"drill remedies:remedy=gift"
	# A share lists the misses.
	check "$(drill --month 2026-10 --drill deadlines_met_share)" \
		"$(sqls "$D select distinct complaint_id from d where o = 'breached' order by 1")" "drill deadlines_met_share (the breached)"
	check "$(drill --month 2026-10 --drill satisfied_share)" \
		"$(sqls "select distinct complaint_id $EV and kind = 'satisfaction' and not json_extract(data, '$.satisfied') order by 1")" \
		"drill satisfied_share (the unsatisfied)"
	RES="(select min(x.at) from events x where x.complaint_id = c.id and x.kind = 'step' and x.to_state = 'resolved')"
	check "$(drill --month 2026-10 --drill first_contact_resolution)" \
		"$(sqls "select c.id $RC and $RES is not null and not (
			(select count(*) from events x where x.complaint_id = c.id and x.kind = 'contact' and x.at <= $RES) <= 1
			and not exists (select 1 from events x where x.complaint_id = c.id and x.kind in ('feedback', 'promise') and x.at <= $RES))
			order by 1")" "drill first_contact_resolution (the misses: resolved, but not at first contact)"
	check "$(drill --month 2026-10 --drill follow_up_response_rate)" \
		"$(sqls "select c.id $RC and $RES is not null and not exists (select 1 from events x
			where x.complaint_id = c.id and x.kind = 'satisfaction') order by 1")" "drill follow_up_response_rate (unanswered)"
	# Less is better: the hits.
	check "$(drill --month 2026-10 --drill reopen_rate)" \
		"$(sqls "select c.id $RC and $RES is not null and exists (select 1 from events x where x.complaint_id = c.id
			and x.kind = 'step' and x.to_state = 'reopened' and x.at > $RES) order by 1")" "drill reopen_rate (the reopened)"
}

test_report_sql_demo_october() {
	# The month's bounds, independently.
	assert_eq "$(TZ=UTC date -d 2026-10-01T00:00+08:00 +%s)" $OCT_S "1 Oct 00:00 +08:00"
	assert_eq "$(TZ=UTC date -d 2026-11-01T00:00+08:00 +%s)" $OCT_E "1 Nov 00:00 +08:00"
	assert_eq "$(TZ=UTC date -d 2026-09-01T00:00+08:00 +%s)" $SEP_S "1 Sep 00:00 +08:00"
	assert_eq "$(TZ=UTC date -d $DEMO_NOW +%s)" $DEMO_NOW_S "now"
	demo_data
	calendar_sql
	before=$(dbsum)
	at $DEMO_NOW --json report --month 2026-10 >"$WORK/r.json" || fail "report"
	assert_eq "$(dbsum)" "$before" "the report writes nothing"
	assert_eq "$(jq -r '.period + " " + .previous_period' "$WORK/r.json")" "2026-10 2026-09"
	# A real data set, not an empty one.
	[ "$(fig received)" -gt 400 ] || fail "too few complaints: $(fig received)"
	[ "$(fig deadlines_breached)" -gt 50 ] || fail "too few breaches"
	check_period $OCT_S $OCT_E value
	# The figures of the month before (the report's "previous").
	check_period $SEP_S $OCT_S previous
	# And the September report's own values are October's previous ones.
	at $DEMO_NOW --json report --month 2026-09 >"$WORK/sep.json" || fail "report"
	check "$(jq -c '[.sections[].figures[] | .value]' "$WORK/sep.json")" \
		"$(jq -c '[.sections[].figures[] | .previous]' "$WORK/r.json")" "September's values = October's previous"
	demo_drill_checks
	demo_site_checks
	check_done
}

# --- part 2: small cases with known answers --------------------------------

# A configuration with a New York site next to the Shanghai ones.
ny_config() {
	desk config show | sed 's/^- {id: station-02, .*/&\n- {id: ny-01, name: New York store, timezone: America\/New_York}/' \
		>"$WORK/ny.yaml"
	assert_contains "$(desk --config "$WORK/ny.yaml" config show)" "ny-01"
}

# new_at TIME SITE PHONE [more]: a phone complaint of SITE; prints its id.
new_at() {
	t=$1 s=$2 p=$3
	shift 3
	at "$t" new --channel phone --category other --customer "客户$p" --phone "$p" --description "投诉 $p" \
		--site "$s" "$@"
}

test_report_month_edges_follow_each_site_zone() {
	ny_config
	export CDESK_CONFIG="$WORK/ny.yaml"
	# 23:30 on 31 October in New York is 11:30 on 1 November in Shanghai.
	a=$(new_at 2026-10-31T23:30-04:00 ny-01 13800000001)
	b=$(new_at 2026-10-31T23:30-04:00 station-01 13800000002)
	# 00:10 on 1 November in Shanghai is 12:10 on 31 October in New York.
	c=$(new_at 2026-11-01T00:10+08:00 station-01 13800000003)
	d=$(new_at 2026-11-01T00:10+08:00 ny-01 13800000004)
	# Just after midnight in New York: November there.
	e=$(new_at 2026-11-01T00:30-04:00 ny-01 13800000005)
	NOW=2026-11-15T12:00
	at $NOW --json report --month 2026-10 >"$WORK/oct.json"
	at $NOW --json report --month 2026-11 >"$WORK/nov.json"
	assert_eq "$(drill --month 2026-10 --drill received | paste -sd' ')" "$a $d" "October's complaints"
	assert_eq "$(drill --month 2026-11 --drill received | paste -sd' ')" "$b $c $e" "November's complaints"
	assert_eq "$(fig received value "$WORK/oct.json")" 2
	assert_eq "$(fig received value "$WORK/nov.json")" 3
	assert_eq "$(fig received previous "$WORK/nov.json")" 2
	assert_eq "$(jtable by_site values received "$WORK/oct.json" | paste -sd,)" "ny-01 2"
	assert_eq "$(jtable by_site values received "$WORK/nov.json" | paste -sd,)" "ny-01 1,station-01 2"
	# Each complaint on its own local day.
	assert_eq "$(jq -r '.daily[-1] | "\(.day) \(.received)"' "$WORK/oct.json")" "2026-10-31 2"
	assert_eq "$(jq -r '.daily[0] | "\(.day) \(.received)"' "$WORK/nov.json")" "2026-11-01 3"
	# One site only.
	at $NOW --json report --month 2026-10 --site ny-01 >"$WORK/ny.json"
	assert_eq "$(fig received value "$WORK/ny.json")" 2
	at $NOW --json report --month 2026-11 --site station-01 >"$WORK/s1.json"
	assert_eq "$(fig received value "$WORK/s1.json") $(fig received previous "$WORK/s1.json")" "2 0" \
		"station-01: received, and previous (October: nothing at station-01)"
	# Without --month: last month, by the configured time zone (Shanghai).
	assert_eq "$(at 2026-11-01T00:30+08:00 --json report | jq -r .period)" 2026-10
	assert_eq "$(at 2026-10-31T23:30+08:00 --json report | jq -r .period)" 2026-09
}

test_report_last_evening_of_month() {
	NOW=2026-11-10T09:00
	new_at 2026-10-31T23:50 station-01 13800000001 >/dev/null
	new_at 2026-11-01T00:00 station-01 13800000002 >/dev/null
	new_at 2026-10-27T12:00 station-01 13800000003 >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig received)" 2 "October: the 27th and 23:50 on the 31st"
	assert_eq "$(drill --month 2026-10 --drill received | paste -sd' ')" "1 3"
	assert_eq "$(jq -r '.daily[-1] | "\(.day) \(.received)"' "$WORK/r.json")" "2026-10-31 1"
	assert_eq "$(jq -r '.daily | length' "$WORK/r.json")" 31
	assert_eq "$(drill --month 2026-11 --drill received | paste -sd' ')" "2" "November"
	# A range of days: both ends included, compared with as many days before.
	at $NOW --json report --from 2026-10-29 --to 2026-10-31 >"$WORK/r.json"
	assert_eq "$(fig received) $(fig received previous)" "1 1" "29-31 Oct, and 26-28 Oct"
	assert_eq "$(jq -r '.daily | map(.day) | join(" ")' "$WORK/r.json")" "2026-10-29 2026-10-30 2026-10-31"
}

test_report_deadline_outcomes() {
	NOW=2026-11-05T10:00
	# Three phone complaints on Monday 12 October 09:00: contact due 11:00.
	for p in 13800000001 13800000002 13800000003; do new_at 2026-10-12T09:00 station-01 $p >/dev/null; done
	for id in 1 2 3; do
		for s in listen apologize record; do at 2026-10-12T09:05 step $id $s >/dev/null; done
	done
	# 1: resolved at 10:00 without a contact: the contact clock stopped before
	# its deadline (void, not counted); followed up in time.
	at 2026-10-12T10:00 step 1 resolve >/dev/null
	at 2026-10-14T10:00 step 1 follow-up >/dev/null
	# 2: resolved at 12:00 without a contact: stopped late (breached); never
	# followed up (breached, as of now).
	at 2026-10-12T12:00 step 2 resolve >/dev/null
	# 3: contacted at 11:00 sharp (met); a promise kept late, one kept early;
	# resolved before the feedback deadline (void); followed up in time.
	at 2026-10-12T11:00 contact 3 >/dev/null
	at 2026-10-12T11:30 promise 3 --due 2026-10-13T12:00 --note "an answer by Tuesday noon" >/dev/null
	at 2026-10-12T11:31 promise 3 --due 2026-10-16T12:00 --note "the part by Friday" >/dev/null
	set -- $(sql "select id from events where kind = 'promise' order by id")
	at 2026-10-13T10:00 promise 3 --kept-id "$2" >/dev/null
	at 2026-10-13T12:30 promise 3 --kept-id "$1" >/dev/null
	at 2026-10-14T13:00 step 3 resolve >/dev/null
	at 2026-10-16T10:00 step 3 follow-up >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	check "$(jtable deadlines_by_clock values deadlines_met,deadlines_breached,deadlines_running |
		awk '$2 + $3 + $4 > 0')" "contact 1 1 0
follow_up 2 1 0
promise 1 1 0" "met, breached and running by clock"
	check "$(fig deadlines_met) $(fig deadlines_breached) $(fig deadlines_due) $(fig deadlines_met_share)" \
		"4 3 7 $(awk 'BEGIN { print 4 / 7 }')" "deadlines met, breached, due, share"
	check "$(fig promises_kept) $(fig promises_broken)" "1 1" "promises kept, broken"
	check "$(drill --month 2026-10 --drill deadlines_breached:clock=contact)" 2 "drill contact breached"
	check "$(drill --month 2026-10 --drill deadlines_breached:clock=promise)" 3 "drill promise breached"
	check "$(fig open_past_deadline)" 1 "2: resolved (so open) with its follow-up overdue"
	check "$(drill --month 2026-10 --drill open_past_deadline)" 2 "drill open_past_deadline"
	check_done
}

test_report_paused_deadline_is_running() {
	NOW=2026-11-05T10:00
	# Monday 26 October 10:00: contact due 12:00, feedback due Thursday 29 18:00.
	new_at 2026-10-26T10:00 station-01 13800000001 >/dev/null
	at 2026-10-26T10:30 contact 1 >/dev/null
	at 2026-10-27T10:00 pause 1 --reason third_party >/dev/null
	assert_eq "$(sql "select due_at from clocks where kind = 'feedback'")" "$(date -d 2026-10-29T18:00+08:00 +%s)"
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig deadlines_breached)" 0 "the paused deadline is not breached"
	assert_eq "$(fig deadlines_met_share)" 1
	assert_eq "$(jtable deadlines_by_clock values deadlines_met,deadlines_breached,deadlines_running | paste -sd,)" \
		"contact 1 0 0,feedback 0 0 1"
	assert_eq "$(drill --month 2026-10 --drill deadlines_running)" 1
	assert_eq "$(drill --month 2026-10 --drill deadlines_breached)" ""
	assert_eq "$(fig open_past_deadline)" 0 "paused: its deadline has not passed"
	# Resumed on 5 November at 09:00: the deadline moves into November.
	at 2026-11-05T09:00 resume 1 >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig deadlines_breached)" 0
	assert_eq "$(jtable deadlines_by_clock values deadlines_met,deadlines_breached,deadlines_running | paste -sd,)" \
		"contact 1 0 0"
	# A running month: a deadline later today is still running, not breached.
	new_at 2026-11-05T09:30 station-01 13800000002 >/dev/null
	at $NOW --json report --month 2026-11 >"$WORK/r.json"
	assert_eq "$(jtable deadlines_by_clock values deadlines_met,deadlines_breached,deadlines_running | paste -sd,)" \
		"contact 0 0 1,feedback 0 0 2"
	assert_eq "$(fig deadlines_met_share)" null "nothing met or breached yet"
	# Past the contact deadline, unmet: breached, and open past a deadline now.
	at 2026-11-05T12:00 --json report --month 2026-11 >"$WORK/r.json"
	assert_eq "$(fig deadlines_breached) $(fig open_past_deadline)" "1 1"
}

test_report_reopened() {
	NOW=2026-11-20T10:00
	walk() { at "$1" new --channel walk_in --category other --customer 王芳 --phone "$2" --description x; }
	walk 2026-10-05T10:00 13900000001 >/dev/null
	walk 2026-10-06T10:00 13900000002 >/dev/null
	new_at 2026-10-07T10:00 station-01 13900000003 >/dev/null
	at 2026-10-05T10:10 step 1 resolve >/dev/null
	at 2026-10-06T10:10 step 2 resolve >/dev/null
	at 2026-10-08T10:00 step 2 follow-up >/dev/null
	at 2026-10-08T10:01 step 2 close >/dev/null
	at 2026-10-20T09:00 reopen 1 --note "it is back" >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig received) $(fig resolved) $(fig closed) $(fig reopened)" "3 2 1 1"
	assert_eq "$(fig reopen_rate)" 0.5 "1 of the 2 resolved was reopened"
	assert_eq "$(fig open_at_end)" 2 "the reopened one and the unresolved one"
	assert_eq "$(drill --month 2026-10 --drill open_at_end | paste -sd' ')" "1 3"
	assert_eq "$(drill --month 2026-10 --drill reopened)" 1
	# Complaint 2 is reopened in November: October's rate counts it (reopened
	# since), October's reopen count and open-at-end do not.
	at 2026-11-10T09:00 reopen 2 --note "again" >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig reopened) $(fig reopen_rate) $(fig open_at_end)" "1 1 2"
	at $NOW --json report --month 2026-11 >"$WORK/r.json"
	assert_eq "$(fig reopened) $(fig received) $(fig open_at_end)" "1 0 3"
	# Resolved a second time in November: counted again, in November.
	at 2026-11-11T09:00 step 2 resolve >/dev/null
	at $NOW --json report --month 2026-11 >"$WORK/r.json"
	assert_eq "$(fig resolved) $(fig open_at_end)" "1 3" "resolved is still open (not closed)"
	at 2026-11-11T09:10 step 1 resolve >/dev/null
	at 2026-11-11T09:20 reopen 1 --note "third time" >/dev/null
	at 2026-11-11T09:30 step 1 resolve >/dev/null
	at $NOW --json report --month 2026-11 >"$WORK/r.json"
	assert_eq "$(fig resolved) $(fig reopened)" "3 2" "every step to resolved and to reopened counts"
	assert_eq "$(fig reopen_rate)" null "nothing received in November"
}

test_report_working_time_skips_national_day() {
	NOW=2026-11-05T10:00
	# Wednesday 30 September 15:30, contacted Thursday 8 October 10:00, after
	# the 1-7 October holiday: 15:30-18:00 + 09:00-10:00 = 3.5 h of working
	# time; 7 days 18.5 h of wall time.
	new_at 2026-09-30T15:30 station-01 13800000001 >/dev/null
	# Tuesday 29 September 17:00, contacted at 17:30: 30 minutes.
	new_at 2026-09-29T17:00 station-01 13800000002 >/dev/null
	at 2026-09-29T17:30 contact 2 >/dev/null
	at 2026-10-08T10:00 contact 1 >/dev/null
	for s in listen apologize record; do
		at 2026-10-08T10:01 step 1 $s >/dev/null
		at 2026-10-08T10:01 step 2 $s >/dev/null
	done
	# Resolved Friday 9 October 11:00 and Saturday 10 October 12:00 (a swapped
	# working day).
	at 2026-10-09T11:00 step 2 resolve >/dev/null
	at 2026-10-10T12:00 step 1 resolve >/dev/null
	at $NOW --json report --month 2026-09 >"$WORK/r.json"
	# Nearest rank of two: the median is the first, the 90th percentile the second.
	assert_eq "$(fig first_contact_working_median) $(fig first_contact_working_p90)" "1800 $((9000 + 3600))"
	assert_eq "$(fig first_contact_median) $(fig first_contact_p90)" "1800 $((7 * 86400 + 18 * 3600 + 1800))"
	# #2: 29 Sep 17:00-18:00, 30 Sep 9 h, 8 Oct 9 h, 9 Oct 09:00-11:00.
	# #1: 30 Sep 15:30-18:00, 8 Oct 9 h, 9 Oct 9 h, 10 Oct 09:00-12:00.
	assert_eq "$(fig resolution_working_median) $(fig resolution_working_p90)" \
		"$((3600 + 32400 + 32400 + 7200)) $((9000 + 32400 + 32400 + 10800))"
	assert_eq "$(fig resolution_median) $(fig resolution_p90)" \
		"$((9 * 86400 + 18 * 3600)) $((9 * 86400 + 20 * 3600 + 1800))"
	assert_eq "$(fig first_contact_resolution)" 1 "one contact, no feedback or promise"
}

test_report_longest_silence() {
	NOW=2026-11-03T10:00
	# Received, contact 3 h later, feedback 2 days later, resolved 3 h after that.
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null
	at 2026-10-12T12:00 contact 1 >/dev/null
	for s in listen apologize record; do at 2026-10-12T12:01 step 1 $s >/dev/null; done
	at 2026-10-14T12:00 feedback 1 >/dev/null
	at 2026-10-14T15:00 step 1 resolve >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig longest_silence) $(fig silence_median)" "172800 172800"
	# Unresolved: the last gap runs to now (20 Oct 10:30 to 3 Nov 10:00).
	new_at 2026-10-20T10:00 station-01 13800000002 >/dev/null
	at 2026-10-20T10:30 contact 2 >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig longest_silence) $(fig silence_median)" "$((14 * 86400 - 1800)) 172800"
	# Withdrawn after 5 silent days: the withdrawal ends its silence (docs/
	# report.md only says "an unresolved complaint's last gap runs to now").
	new_at 2026-10-21T10:00 station-01 13800000003 >/dev/null
	at 2026-10-21T11:00 contact 3 >/dev/null
	at 2026-10-26T11:00 withdraw 3 --note "no longer needed" >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig longest_silence) $(fig silence_median)" "$((14 * 86400 - 1800)) $((5 * 86400))"
	# Told things after the resolution do not count; other events do not break a silence.
	at 2026-10-30T10:00 remedy 1 gift >/dev/null
	at 2026-10-31T10:00 note 2 "internal only" >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig longest_silence) $(fig silence_median)" "$((14 * 86400 - 1800)) $((5 * 86400))"
}

test_report_drill_row_and_share() {
	NOW=2026-11-20T10:00
	# 1: contacted in time, resolved, satisfied. 2: contact missed, resolved,
	# not satisfied. 3: media (a major channel), contacted in time, resolved,
	# never asked. 4: walk-in, resolved on the spot.
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null
	new_at 2026-10-12T09:00 station-02 13800000002 >/dev/null
	at 2026-10-12T09:00 new --channel media --category safety --customer 记者 --phone 13800000003 \
		--description 曝光 --site station-02 >/dev/null
	at 2026-10-12T09:00 new --channel walk_in --category other --customer 王 --phone 13800000004 \
		--description x --site dealer-01 >/dev/null
	at 2026-10-12T10:00 contact 1 >/dev/null
	at 2026-10-12T10:00 contact 3 >/dev/null
	at 2026-10-12T12:00 contact 2 >/dev/null
	for id in 1 2 3; do
		for s in listen apologize record; do at 2026-10-12T12:01 step $id $s >/dev/null; done
		at 2026-10-12T13:00 step $id resolve >/dev/null
	done
	at 2026-10-12T13:00 step 4 resolve >/dev/null
	at 2026-10-13T10:00 step 1 follow-up >/dev/null
	at 2026-10-13T10:00 satisfaction 1 --outcome 5 --procedure 4 --treatment 3 --satisfied >/dev/null
	at 2026-10-13T10:00 step 2 follow-up >/dev/null
	at 2026-10-13T10:00 satisfaction 2 --outcome 2 --procedure 1 --treatment 3 --not-satisfied >/dev/null
	at 2026-10-13T10:00 step 4 follow-up >/dev/null
	at 2026-10-13T10:00 satisfaction 4 --outcome 5 --procedure 5 --treatment 5 --satisfied >/dev/null
	at 2026-10-13T10:00 step 3 follow-up >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	assert_eq "$(fig deadlines_breached) $(fig major_channel) $(fig escalations)" "1 1 2" \
		"breached, major channel, escalations (major-channel and contact-late)"
	# Rows of a table.
	assert_eq "$(drill --month 2026-10 --drill deadlines_breached:site=station-02)" 2
	assert_eq "$(drill --month 2026-10 --drill deadlines_breached:site=station-01)" ""
	assert_eq "$(drill --month 2026-10 --drill deadlines_due:clock=contact | paste -sd' ')" "1 2 3 4"
	assert_eq "$(drill --month 2026-10 --drill escalations:rule=major-channel)" 3
	assert_eq "$(drill --month 2026-10 --drill received:channel=media)" 3
	assert_eq "$(drill --month 2026-10 --drill received:site=station-02 | paste -sd' ')" "2 3"
	# Figures.
	assert_eq "$(drill --month 2026-10 --drill major_channel)" 3
	assert_eq "$(drill --month 2026-10 --drill deadlines_breached)" 2
	# Shares: the misses.
	assert_eq "$(fig follow_up_response_rate)" 0.75
	assert_eq "$(drill --month 2026-10 --drill follow_up_response_rate)" 3 "the unanswered follow-up"
	check "$(fig satisfied_share)" 0.666667 satisfied_share
	assert_eq "$(drill --month 2026-10 --drill satisfied_share)" 2 "the unsatisfied customer"
	assert_eq "$(drill --month 2026-10 --drill deadlines_met_share)" 2 "the breached deadline"
	check "$(fig fair_outcome) $(fig fair_procedure) $(fig fair_treatment) $(fig satisfaction_overall)" \
		"4 3.333333 3.666667 3.666667" "fair_outcome, _procedure, _treatment, satisfaction_overall"
	# Resolved at first contact: all four (one contact each, no feedback or
	# promise); 2 was contacted late, but still on the first call.
	assert_eq "$(fig first_contact_resolution)" 1
	assert_eq "$(drill --month 2026-10 --drill first_contact_resolution)" "" \
		"a share lists the misses: there are none"
	check_done
}

test_report_remedies_causes_measures() {
	NOW=2026-11-05T10:00
	at 2026-10-12T09:00 new --channel walk_in --category other --customer 王 --phone 13800000001 \
		--description x >/dev/null
	at 2026-10-12T09:10 remedy 1 refund --amount 56.70 --agreed >/dev/null
	at 2026-10-12T09:11 remedy 1 gift --amount 20 >/dev/null
	at 2026-10-12T09:12 remedy 1 apology --agreed >/dev/null
	at 2026-10-12T09:13 escalate 1 supervisor --note "customer insists" >/dev/null
	# Four measures agreed (measure, owner and due date), one without.
	at 2026-10-12T09:20 cause 1 company --note a --measure m1 --measure-owner zhangmin --measure-due 2026-10-20 >/dev/null
	at 2026-10-12T09:21 cause 1 staff --note b --measure m2 --measure-owner liwei --measure-due 2026-10-25 >/dev/null
	at 2026-10-12T09:22 cause 1 external --note c --measure m3 --measure-owner liwei --measure-due 2026-11-01 >/dev/null
	at 2026-10-12T09:23 cause 1 customer --note d --measure m4 --measure-owner liwei --measure-due 2026-12-01 >/dev/null
	at 2026-10-12T09:24 cause 1 staff --note e --measure m5 >/dev/null
	set -- $(sql "select id from events where kind = 'root_cause' order by id")
	at 2026-10-19T10:00 measure 1 --cause "$1" >/dev/null
	at 2026-10-28T10:00 measure 1 --cause "$2" >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	check "$(fig remedies) $(fig remedies_agreed) $(fig compensation)" "3 2 56.7" "remedies, agreed, compensation"
	check "$(jtable remedies_by_kind values remedies,remedies_agreed,compensation)" \
		"apology 1 1 0
gift 1 0 0
refund 1 1 56.7" "remedies by kind"
	# (The rules fired too by the time the measures were done.)
	check "$(jtable escalations_by_reason values escalations | grep '^- ')" "- 1" "escalations by hand"
	check "$(jq -r '.sections[].tables[] | select(.id == "escalations_by_reason") | .rows[] | select(.key == "") | .label' "$WORK/r.json")" \
		"by hand" "the manual escalation's label"
	check "$(fig root_causes) $(fig measures_agreed) $(fig measures_done) $(fig measures_on_time) $(fig measures_overdue)" \
		"5 4 2 1 1" "root causes; measures agreed, done, on time, overdue"
	# Pareto of causes: staff 2 of 5, then three of 1: the third row reaches 80 %.
	check "$(jq -r '.sections[].tables[] | select(.id == "pareto_cause") | .rows[] | "\(.values[0]) \(.share) \(.cumulative) \(.vital)"' "$WORK/r.json")" \
		"2 0.4 0.4 true
1 0.2 0.6 true
1 0.2 0.8 true
1 0.2 1 false" "pareto of causes"
	check "$(drill --month 2026-10 --drill measures_overdue)" 1 "drill measures_overdue"
	check_done
}

# Pauses by their reason (issue 19): how many began in the month, and
# their working time until they ended (a resume, or the complaint closed
# or withdrawn) or, while they last, until now. Known answers, and the
# same worked out again with SQL over the event log.
test_report_pauses_by_reason() {
	NOW=2026-11-05T10:00
	calendar_sql
	new_at 2026-09-28T08:00 station-01 13800000003 >/dev/null      # 1
	at 2026-09-28T09:00 pause 1 --reason customer >/dev/null       # September: 3 h
	at 2026-09-28T12:00 resume 1 >/dev/null
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null      # 2
	at 2026-10-12T10:00 pause 2 --reason parts >/dev/null          # Mon 10:00 to Wed 10:00: 8 + 9 + 1 h
	at 2026-10-14T10:00 resume 2 >/dev/null
	at 2026-10-15T10:00 pause 2 --reason verification >/dev/null   # still waiting
	new_at 2026-10-19T09:00 station-02 13800000002 >/dev/null      # 3
	at 2026-10-19T14:00 pause 3 --reason customer >/dev/null       # 4 h, then withdrawn at 11:00: 2 h
	at 2026-10-20T11:00 withdraw 3 --note "no longer wanted" >/dev/null
	at 2026-10-30T17:00 pause 1 --reason customer >/dev/null       # Fri 17:00 to Mon 10:00: 1 + 1 h
	at 2026-11-02T10:00 resume 1 >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	check "$(fig pauses) $(fig pauses previous) $(fig paused_working_time previous)" "4 1 10800" "pauses, before"
	check "$(jtable pauses_by_reason values pauses,paused_working_time | grep -v verification)" \
		"customer 2 $((6 * 3600 + 2 * 3600))
parts 1 $((18 * 3600))" "pauses by reason, ended"
	# The one still waiting, and every row again, from the event log.
	END="coalesce((select d.at from events d where d.complaint_id = e.complaint_id and d.id > e.id
		and (d.kind = 'resume' or (d.kind = 'step' and d.to_state in ('closed', 'withdrawn')))
		order by d.id limit 1), cast(strftime('%s', '$NOW:00+08:00') as integer))"
	for reason in customer parts verification; do
		want=$(sqls "$(working_sql "select e.at, $END from events e where e.kind = 'pause'
			and e.at >= $OCT_S and e.at < $OCT_E and json_extract(e.data, '$.reason') = '$reason'")" |
			awk '{ s += $1 } END { print s }')
		n=$(sqls "select count(*) from events e where e.kind = 'pause' and e.at >= $OCT_S and e.at < $OCT_E
			and json_extract(e.data, '$.reason') = '$reason'")
		check "$(jtable pauses_by_reason values pauses,paused_working_time | grep "^$reason ")" "$reason $n $want" \
			"pauses by reason: $reason"
	done
	check "$(fig paused_working_time)" \
		"$(jq '[.sections[].tables[] | select(.id == "pauses_by_reason") | .rows[].values[1]] | add' "$WORK/r.json")" \
		"the paused time is the sum of its rows"
	check "$(jq -r '.sections[].tables[] | select(.id == "pauses_by_reason") | .rows[] | select(.key == "verification") | .label' "$WORK/r.json")" \
		"Waiting for an official verification" "a reason's label"
	# One site; the complaints behind a row.
	at $NOW --json report --month 2026-10 --site station-02 >"$WORK/s.json"
	check "$(jtable pauses_by_reason values pauses,paused_working_time "$WORK/s.json")" "customer 1 $((6 * 3600))" "station-02"
	check "$(drill --month 2026-10 --drill pauses:pause_reason=customer)" "1
3" "drill pauses:pause_reason=customer"
	# Every format shows them, the reasons whole.
	text=$(at $NOW report --month 2026-10)
	assert_contains "$text" "Pauses by reason"
	assert_contains "$text" "Waiting for an official verification "
	assert_contains "$(at $NOW --lang zh_CN report --month 2026-10)" "等待官方检定"
	assert_contains "$(at $NOW report --month 2026-10 --format html)" "Waiting for an official verification"
	check_done
}

test_report_bad_input_changes_nothing() {
	NOW=2026-11-05T10:00
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null
	before=$(dbsum)
	# bad RC WORD ARGS…: refused with RC, WORD in the message, nothing written.
	bad() {
		rc=$1 word=$2
		shift 2
		case "$*" in
		*--drill*) expect_rc "$rc" at $NOW report "$@" ;;  # --drill takes no --output
		*) expect_rc "$rc" at $NOW report "$@" --output "$WORK/out.txt" ;;
		esac
		assert_contains "$ERR" "$word"
		assert_eq "$OUT" "" "nothing on standard output: $*"
		[ ! -e "$WORK/out.txt" ] || fail "--output written on an error: $*"
		assert_eq "$(dbsum)" "$before" "the database is unchanged: $*"
	}
	bad 2 2026-13 --month 2026-13
	bad 2 nonsense --month nonsense
	bad 2 2026-1 --month 2026-1
	bad 7 nosuch --month 2026-10 --site nosuch
	bad 2 pdf --month 2026-10 --format pdf
	bad 2 --to --from 2026-10-01
	bad 2 --from --to 2026-10-01
	bad 2 2026-10-01 --from 2026-10-05 --to 2026-10-01
	bad 2 --month --month 2026-10 --from 2026-10-01 --to 2026-10-02
	bad 2 nosuch --month 2026-10 --drill nosuch
	bad 2 FIGURE:DIMENSION=KEY --month 2026-10 --drill received:site
	bad 2 "takes no --format or --output" --month 2026-10 --drill received --format csv
	bad 7 "not broken down by site" --month 2026-10 --drill repeat_complaints:site=station-01
	# A good run changes nothing either, and --output writes the file.
	expect_rc 0 at $NOW report --month 2026-10 --format md --output "$WORK/out.md"
	assert_eq "$OUT" ""
	assert_contains "$(cat "$WORK/out.md")" "2026-10"
	assert_eq "$(dbsum)" "$before" "the database is unchanged"
}

test_report_formats() {
	NOW=2026-11-05T10:00
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null
	new_at 2026-10-13T09:00 station-02 13800000002 >/dev/null
	at 2026-10-12T09:30 contact 1 >/dev/null
	text=$(at $NOW report --month 2026-10)
	assert_contains "$text" "2026-10"
	assert_contains "$text" "East Gate fuel station"
	[ "$(at $NOW report --month 2026-10 --format text)" = "$text" ] || fail "--format text is the default"
	md=$(at $NOW report --month 2026-10 --format md)
	assert_contains "$md" "# "
	assert_contains "$md" "|---|"
	csv=$(at $NOW report --month 2026-10 --format csv)
	assert_eq "$(echo "$csv" | head -1)" "section,table,key,label,figure,value,previous"
	assert_contains "$csv" ",received,2,0"
	assert_contains "$csv" "by_site,station-02,"
	# Every row has seven fields (labels with commas are quoted).
	assert_eq "$(echo "$csv" | sed 's/"[^"]*"//g' | awk -F, 'NF != 7' | head -3)" ""
	html=$(at $NOW report --month 2026-10 --format html)
	assert_contains "$html" "<!DOCTYPE html>"
	assert_contains "$html" 'lang="en"'
	assert_contains "$html" "<svg"
	assert_contains "$html" "@media print"
	assert_contains "$html" "</html>"
	json=$(at $NOW report --month 2026-10 --format json)
	assert_eq "$json" "$(at $NOW --json report --month 2026-10)" "--format json = --json"
	assert_eq "$(jqs "$json" '[.sections[].figures[] | select(.better != 1 and .better != -1 and .better != 0)] | length')" 0
	html=$(at $NOW --lang zh_CN report --month 2026-10 --format html)
	assert_contains "$html" 'lang="zh'
	assert_contains "$html" "城东加油站"
}

test_report_headings_follow_lang_zh_cn() {
	NOW=2026-11-05T10:00
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null
	text=$(at $NOW --lang zh_CN report --month 2026-10)
	assert_contains "$text" "城东加油站"
	# Headings and labels follow --lang (docs/report.md).
	assert_not_contains "$text" "Monthly complaint analysis"
	assert_contains "$text" "投诉"
	assert_not_contains "$(at $NOW --lang zh_CN --json report --month 2026-10 | jq -r '.sections[].figures[].label')" "Received"
}

test_report_json_has_every_figure() {
	NOW=2026-11-05T10:00
	new_at 2026-10-12T09:00 station-01 13800000001 >/dev/null
	at $NOW --json report --month 2026-10 >"$WORK/r.json"
	# The ids in the table of figures in docs/report.md.
	for id in received resolved closed withdrawn open_at_end deadlines_due deadlines_met deadlines_breached \
		deadlines_running deadlines_met_share first_contact_median first_contact_p90 first_contact_working_median \
		first_contact_working_p90 resolution_median resolution_p90 resolution_working_median resolution_working_p90 \
		longest_silence silence_median open_past_deadline first_contact_resolution escalations reopened reopen_rate \
		remedies remedies_agreed compensation promises_kept promises_broken repeat_customers repeat_complaints \
		major_channel follow_up_response_rate fair_outcome fair_procedure fair_treatment satisfaction_overall \
		satisfied_share root_causes measures_agreed measures_done measures_on_time measures_overdue \
		pauses paused_working_time; do
		[ "$(fig $id)" != missing ] || check missing "a figure" "figure $id in the JSON"
		at $NOW report --month 2026-10 --drill $id >/dev/null || check fails "ids" "--drill $id"
	done
	check_done
}
