#!/usr/bin/env bash
# make bench: cdesk timed as whole processes at 10k, 100k and 1M complaints,
# each figure next to its floor (the same SQL through the sqlite3 shell on
# the same file, measured in the same run), written to docs/performance.md;
# and the same on the PostgreSQL store, each data set copied into a
# throw-away cluster of the run's own, against floors through psql on the
# same database. The method is described there. Exit status: 0 when every
# operation ran, whatever the figures; 1 when one could not be run.
#
#   BENCH_SIZES="10000 100000" make bench    # a quicker run without 1M
#   BENCH_STORES=sqlite make bench           # SQLite only (default: "sqlite pg")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CDESK=${CDESK:-$ROOT/cdesk}
PTYKEYS=${PTYKEYS:-$ROOT/build/bench/ptykeys}
BENCH_DIR=${BENCH_DIR:-$ROOT/build/bench}
BENCH_SIZES=${BENCH_SIZES:-10000 100000 1000000}
BENCH_STORES=${BENCH_STORES:-sqlite pg}
# The PostgreSQL server's options beyond the test cluster's (which has no
# fsync and 64 MB of shared buffers): memory for the data sets, and WAL
# room for a copy or an import without a checkpoint every few seconds.
PG_OPTIONS=${BENCH_PG_OPTIONS:--c shared_buffers=1GB -c max_wal_size=4GB}
BUDGET=${BENCH_BUDGET:-3}  # seconds of timed runs per command, roughly
SLOW=${BENCH_SLOW:-60}     # a command slower than this is timed once, not by hyperfine
SQL_DIR=$ROOT/tests/bench/sql
PG_SQL=$SQL_DIR/pg
DOC=$ROOT/docs/performance.md
DATA=$BENCH_DIR/data       # the cached data sets and their CSV exports
RUN=$BENCH_DIR/run         # this run's scratch files, hyperfine's JSON, transcripts
RESULTS=$RUN/results.tsv

# The data sets: the same seed and the same "now" give the same complaints.
SEED=42
NOW=2026-11-01T12:00
ZONE=+08:00                # the sites' zone (Asia/Shanghai, no summer time)
MONTH=2026-10              # the analysed month: the data's last whole month
SEARCH_LIMIT=50            # a search shows the newest 50 matches
QUEUE_ROWS=35              # queue rows on the 40-line terminal ptykeys makes
MIN_RUNS=3
MAX_RUNS=20

export CDESK_LANG=en LC_ALL=C.UTF-8
unset CDESK_NOW CDESK_USER CDESK_PIN CDESK_CONFIG

log() { printf '[%3ds] %s\n' "$SECONDS" "$*" >&2; }
# Kept in files: each operation runs in a subshell of its own.
warn() { echo "$*" >>"$RUN/warnings"; log "warning: $*"; }
fail() { echo "$*" >>"$RUN/failed"; log "FAILED: $*"; }

# Run one operation in a subshell that stops at its first error, so a
# broken step fails that operation, not the whole run.
run_op() {
	local rc
	set +e
	(
		set -e
		"$@"
	)
	rc=$?
	set -e
	[ "$rc" = 0 ] || fail "$* (status $rc)"
}

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }

# One argument quoted for hyperfine's command line (POSIX shell words).
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
cmdline() {
	local out="" a
	for a in "$@"; do out+="$(quote "$a") "; done
	printf '%s' "${out% }"
}

epoch() { date -d "$1" +%s; }

# ---------------------------------------------------------------- data sets

# The data set's key: a new cdesk version, demo generator, schema
# (sqlite.c) or built-in configuration makes new data.
data_key() {
	{ "$CDESK" --version; cat "$ROOT/src/desk/demo.c" "$ROOT/src/store/sqlite.c" "$ROOT/data/cdesk.yaml"; } |
		sha256sum | cut -c1-12
}

dataset() { printf '%s/demo-%s-s%s-%s.db' "$DATA" "$1" "$SEED" "$KEY"; }

# Generate into a temporary name and rename on success, so an interrupted
# run never leaves a data set that looks whole. Older keys are removed.
ensure_dataset() {
	local n=$1 db tmp t0 rss
	db=$(dataset "$n")
	[ -f "$db" ] && return 0
	rm -f "$DATA/demo-$n-s$SEED-"*
	tmp=$db.tmp
	log "generating $n demo complaints (seed $SEED, now $NOW) into $db"
	t0=$(date +%s.%N)
	if ! /usr/bin/time -v -o "$tmp.time" "$CDESK" --db "$tmp" --now "$NOW" demo --count "$n" --seed "$SEED" \
		>/dev/null 2>"$tmp.err"; then
		cat "$tmp.err" >&2
		return 1
	fi
	rss=$(peak_rss "$tmp.time")
	printf '%s\t%s\n' "$(since "$t0")" "$rss" >"$tmp.gen"
	# The last connection to close removes the WAL; make sure it did.
	[ ! -s "$tmp-wal" ] || sqlite3 "$tmp" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	rm -f "$tmp-wal" "$tmp-shm" "$tmp.time" "$tmp.err"
	mv "$tmp.gen" "$db.gen"
	mv "$tmp" "$db"
}

# Make every data set missing, smallest first, in the background: the
# smaller scales are measured on one core while the million is generated
# on the other. Each set is announced by a file once it and its CSV are
# there (or could not be made).
generate_all() {
	local n
	for n in $BENCH_SIZES; do
		if ! ensure_dataset "$n"; then
			fail "generating $n complaints"
		elif ! ensure_csv "$n"; then
			fail "exporting $n complaints"
		fi
		touch "$RUN/made-$n"
	done
}

# An interrupted bench stops the generator too (the set it was making is
# left under its temporary name).
stop_generator() {
	pkill -P "$GENERATOR" 2>/dev/null || true
	kill "$GENERATOR" 2>/dev/null || true
}

# Wait for the data set of scale n; false if it could not be made.
wait_for_dataset() {
	local n=$1
	while [ ! -e "$RUN/made-$n" ] && kill -0 "$GENERATOR" 2>/dev/null; do
		sleep 0.5
	done
	local db
	db=$(dataset "$n")
	[ -f "$db" ] && [ -f "${db%.db}.csv" ]
}

# The CSV `cdesk import` is timed on: the data set's own export, cached.
ensure_csv() {
	local n=$1 db csv
	db=$(dataset "$n")
	csv=${db%.db}.csv
	[ -f "$csv" ] && return 0
	log "exporting $n complaints to CSV"
	"$CDESK" --db "$db" --now "$NOW" export >"$csv.tmp"
	mv "$csv.tmp" "$csv"
}

# ------------------------------------------------------------------ timing

peak_rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# probe TAG PREPARE CMD...: one run under GNU time, output kept in
# $RUN/TAG.out: exit status, wall time (PROBE_S) and peak memory (PROBE_KB).
probe() {
	local tag=$1 prepare=$2 t0 rc=0
	shift 2
	[ -z "$prepare" ] || sh -c "$prepare"
	t0=$(date +%s.%N)
	/usr/bin/time -v -o "$RUN/$tag.time" "$@" >"$RUN/$tag.out" 2>"$RUN/$tag.err" || rc=$?
	PROBE_S=$(since "$t0")
	PROBE_KB=$(peak_rss "$RUN/$tag.time")
	if [ "$rc" != 0 ]; then
		tail -5 "$RUN/$tag.err" >&2
		return 1
	fi
}

# Enough runs to spend about BUDGET seconds, within MIN_RUNS..MAX_RUNS.
runs_for() {
	awk -v t="$1" -v b="$BUDGET" -v lo="$2" -v hi="$MAX_RUNS" \
		'BEGIN { r = t > 0 ? int(b / t) : hi; if (r < lo) r = lo; if (r > hi) r = hi; print r }'
}

# One warm-up run, unless the probe just took longer than the whole
# budget: it has warmed the caches already, and the time is better spent
# on a timed run.
warmup_for() { awk -v t="$1" -v b="$BUDGET" 'BEGIN { print (t > b ? 0 : 1) }'; }

# record OP SCALE WHO MEDIAN MIN MAX RSS_KB RUNS
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }

# measure OP SCALE WHO PREPARE CMD...: probe once (status, memory, a first
# time), then time with hyperfine. A command slower than SLOW seconds is
# not run again: its probe is the one measurement.
measure() {
	local op=$1 scale=$2 who=$3 prepare=$4 tag runs json
	shift 4
	tag=$scale-$op-$who
	if ! probe "$tag" "$prepare" "$@"; then
		log "  the command was: $(cmdline "$@")"
		fail "$op at $scale ($who): $(head -1 "$RUN/$tag.err")"
		return 1
	fi
	if awk -v t="$PROBE_S" -v s="$SLOW" 'BEGIN { exit !(t > s) }'; then
		record "$op" "$scale" "$who" "$PROBE_S" "$PROBE_S" "$PROBE_S" "$PROBE_KB" 1
		log "  $op $who: $(fmt_time "$PROBE_S") (one run: slower than ${SLOW}s)"
		return 0
	fi
	runs=$(runs_for "$PROBE_S" "${MIN:-$MIN_RUNS}")
	json=$RUN/$tag.json
	if ! hyperfine -N --style none --warmup "$(warmup_for "$PROBE_S")" --runs "$runs" --export-json "$json" \
		${prepare:+--prepare "$prepare"} "$(cmdline "$@")" >/dev/null 2>"$RUN/$tag.hyperfine"; then
		cat "$RUN/$tag.hyperfine" >&2
		fail "$op at $scale ($who): hyperfine"
		return 1
	fi
	local median lo hi
	read -r median lo hi < <(jq -r '.results[0] | "\(.median) \(.min) \(.max)"' "$json")
	record "$op" "$scale" "$who" "$median" "$lo" "$hi" "$PROBE_KB" "$runs"
	log "  $op $who: median $(fmt_time "$median") over $runs runs, peak $((PROBE_KB / 1024)) MiB"
}

# ------------------------------------------------------------- operations

bench_due() {
	local n=$1 db=$2 td=$RUN/task-$1 shift_s maxdue count
	local -a floor_cmd=(sqlite3 -json "$db" "${PARAMS[@]}" ".read $SQL_DIR/due.sql")
	measure due "$n" cdesk "" "$CDESK" --db "$db" --now "$NOW" --json due || return 0
	local got
	got=$(jq length "$RUN/$n-due-cdesk.out")
	measure due "$n" floor "" "${floor_cmd[@]}" || return 0
	count=$(jq length "$RUN/$n-due-floor.out")
	[ "$got" = "$count" ] || warn "due at $n: cdesk lists $got deadlines, the floor's SQL $count"

	# The same open deadlines as Taskwarrior tasks, in a throw-away TASKDATA.
	rm -rf "$td"
	mkdir -p "$td"
	maxdue=$(sqlite3 "$db" 'SELECT max(due_at) FROM clocks WHERE met_at IS NULL AND stopped_at IS NULL')
	shift_s=$(( ${maxdue:-0} > $(date +%s) - 3600 ? ${maxdue:-0} - $(date +%s) + 3600 : 0 ))
	sqlite3 -list -noheader "$db" ".parameter set :shift $shift_s" ".read $SQL_DIR/taskdata.sql" >"$td/pending.data"
	printf '%s\n' "data.location=$td" confirmation=off gc=off verbose=nothing color=off hooks=off \
		'news.version=2.6.2' >"$td/.taskrc"
	local tasks overdue
	tasks=$(task "rc:$td/.taskrc" count 2>/dev/null || echo "?")
	overdue=$(task "rc:$td/.taskrc" +OVERDUE count 2>/dev/null || echo "?")
	[ "$tasks" = "$count" ] && [ "$overdue" = "$count" ] ||
		warn "Taskwarrior at $n reads $tasks tasks ($overdue overdue) of $count open deadlines"
	log "  Taskwarrior: $tasks pending tasks, $overdue overdue"
	MIN=2 measure task "$n" task "" task "rc:$td/.taskrc" overdue || true
}

bench_report() {
	local n=$1 db=$2
	# The floor's materialized sets stay in memory: in temporary files they
	# made it wait on the disk while the import beside it was committing
	# (8.55 s, against 5.5 s alone). Set first: changing temp_store drops
	# the temp database, and with it the shell's parameters.
	local -a floor_cmd=(sqlite3 -json -cmd "PRAGMA temp_store = MEMORY" "$db" "${PARAMS[@]}"
		".read $SQL_DIR/report.sql")
	measure report "$n" cdesk "" "$CDESK" --db "$db" --now "$NOW" report --month "$MONTH" --format json || return 0
	measure report "$n" floor "" "${floor_cmd[@]}" || return 0
	local a b
	a=$(jq '.sections[] | select(.id == "volume") | .figures[] | select(.id == "received") | .value' \
		"$RUN/$n-report-cdesk.out")
	b=$(jq -s '.[0][] | select(.p == "current" and .dim == "received") | .n' "$RUN/$n-report-floor.out")
	[ "$a" = "$b" ] || warn "report at $n: cdesk counts $a complaints received in $MONTH, the floor $b"
}

# search OP TEXT: `cdesk list --text`, newest matches first, as on the desk.
bench_search() {
	local n=$1 db=$2 op=$3 text=$4
	local -a floor_cmd=(sqlite3 "$db" "${PARAMS[@]}" ".parameter set :text \"'$text'\"" ".read $SQL_DIR/search.sql")
	measure "$op" "$n" cdesk "" "$CDESK" --db "$db" --now "$NOW" list --state all --limit "$SEARCH_LIMIT" \
		--text "$text" || return 0
	measure "$op" "$n" floor "" "${floor_cmd[@]}" || return 0
	local a b
	a=$(grep -vc '^ID ' "$RUN/$n-$op-cdesk.out" || true)
	grep -q '^No complaints match' "$RUN/$n-$op-cdesk.out" && a=0
	b=$(wc -l <"$RUN/$n-$op-floor.out")
	[ "$a" = "$b" ] || warn "search '$text' at $n: cdesk lists $a complaints, the floor $b"
	[ "$a" != 0 ] || warn "search '$text' at $n finds nothing"
}

# The desk on a pty: start to the first queue ('q' at once), and the cost
# of one key while scrolling (N × 'j' then 'q', less the start, over N).
# STORE is sqlite (db a file) or pg (db the scale's database's URI).
bench_tui() {
	local n=$1 db=$2 store=${3:-sqlite} keys nkeys sfx="" open_sql
	local -a desk=("$PTYKEYS" -t 300) cmd=("$CDESK" --db "$db" --now "$NOW") floor_cmd
	open_sql="SELECT count(*) FROM complaints WHERE state NOT IN ('closed','withdrawn')"
	if [ "$store" = pg ]; then
		sfx=-pg
		floor_cmd=("${PSQL[@]}" -d "$(pgdb "$n")" "${PG_PARAMS[@]}" -f "$PG_SQL/queue.sql")
	else
		floor_cmd=(sqlite3 "$db" "${PARAMS[@]}" ".read $SQL_DIR/queue.sql")
	fi
	measure tui_start "$n" "cdesk$sfx" "" "${desk[@]}" -o "$RUN/$n-screen$sfx.txt" q "${cmd[@]}" || return 0
	local start=$PROBE_S
	local shown counted
	shown=$(grep -ao '[0-9][0-9]* open' "$RUN/$n-screen$sfx.txt" | head -1 | cut -d' ' -f1)
	if [ "$store" = pg ]; then
		counted=$(pg_value "$(pgdb "$n")" "$open_sql")
	else
		counted=$(sqlite3 "$db" "$open_sql")
	fi
	[ "$shown" = "$counted" ] ||
		warn "the desk at $n${sfx:+ ($store)} shows '${shown:-nothing}' open of $counted open complaints"
	measure tui_start "$n" "floor$sfx" "" "${floor_cmd[@]}" || return 0

	# A first guess at the cost of a key sets N: around 200 keys, fewer
	# when each is slow, so one run stays near a second.
	keys=$(printf 'j%.0s' $(seq 20))q
	if ! probe "$n-tui_key-guess$sfx" "" "${desk[@]}" "$keys" "${cmd[@]}"; then
		fail "tui_key at $n${sfx:+ ($store)}: the desk did not scroll"
		return 0
	fi
	nkeys=$(awk -v t="$PROBE_S" -v s="$start" 'BEGIN { p = (t - s) / 20; n = p > 0 ? int(1 / p) : 200
		if (n > 200) n = 200; if (n < 20) n = 20; print n }')
	keys=$(printf 'j%.0s' $(seq "$nkeys"))q
	measure_keys tui_key "$n" "cdesk$sfx" "$nkeys" "${desk[@]}" q "${cmd[@]}" -- "${desk[@]}" "$keys" "${cmd[@]}" ||
		return 0

	# Its floor: the first-page queries once, and N + 1 times, in one shell.
	local again=$RUN/queue-x$((nkeys + 1))$sfx.sql
	local -a floor_n=("${floor_cmd[@]}")
	if [ "$store" = pg ]; then
		for _ in $(seq $((nkeys + 1))); do echo "\\i $PG_SQL/queue.sql"; done >"$again"
		floor_n[${#floor_n[@]} - 1]=$again
	else
		for _ in $(seq $((nkeys + 1))); do echo ".read $SQL_DIR/queue.sql"; done >"$again"
		floor_n[${#floor_n[@]} - 1]=".read $again"
	fi
	measure_keys tui_key "$n" "floor$sfx" "$nkeys" "${floor_cmd[@]}" -- "${floor_n[@]}" || return 0
}

# measure_keys OP SCALE WHO N CMD1... -- CMD2...: the per-unit cost of
# CMD2 over CMD1, both timed in the one hyperfine run: (median(CMD2) −
# median(CMD1)) / N, and likewise from CMD2's fastest and slowest runs.
measure_keys() {
	local op=$1 scale=$2 who=$3 n=$4 tag
	shift 4
	local -a one=() many=()
	while [ "$1" != -- ]; do one+=("$1"); shift; done
	shift
	many=("$@")
	tag=$scale-$op-$who
	if ! probe "$tag" "" "${many[@]}"; then
		fail "$op at $scale ($who): $(head -1 "$RUN/$tag.err")"
		return 1
	fi
	local runs json=$RUN/$tag.json
	runs=$(runs_for "$PROBE_S" "$MIN_RUNS")
	if ! hyperfine -N --style none --warmup "$(warmup_for "$PROBE_S")" --runs "$runs" --export-json "$json" \
		"$(cmdline "${one[@]}")" "$(cmdline "${many[@]}")" >/dev/null 2>"$RUN/$tag.hyperfine"; then
		cat "$RUN/$tag.hyperfine" >&2
		fail "$op at $scale ($who): hyperfine"
		return 1
	fi
	local median lo hi
	read -r median lo hi < <(jq -r --argjson n "$n" '.results[0].median as $b | .results[1] |
		"\((.median - $b) / $n) \((.min - $b) / $n) \((.max - $b) / $n)"' "$json")
	record "$op" "$scale" "$who" "$median" "$lo" "$hi" "$PROBE_KB" "$runs×$n"
	log "  $op $who: $(fmt_time "$median") a key over $n keys, $runs runs"
}

bench_import() {
	local n=$1 db=$2 dir=$RUN/import-$1
	rm -rf "$dir"
	mkdir -p "$dir"
	ln -s "${db%.db}.csv" "$dir/import.csv"
	MIN=2 measure import "$n" cdesk "$(cmdline rm -f "$dir/fresh.db" "$dir/fresh.db-wal" "$dir/fresh.db-shm")" \
		"$CDESK" --db "$dir/fresh.db" --now "$NOW" import "$dir/import.csv" || return 0
	grep -q "^Imported $n complaints" "$RUN/$n-import-cdesk.out" ||
		warn "import at $n: $(head -1 "$RUN/$n-import-cdesk.out")"
	MIN=2 measure import "$n" floor "$(cmdline rm -f "$dir/floor.db")" \
		sqlite3 "$dir/floor.db" ".cd $dir" ".read $SQL_DIR/import.sql" || return 0
	local rows
	rows=$(sqlite3 "$dir/floor.db" 'SELECT count(*) FROM complaints')
	[ "$rows" = "$n" ] || warn "the floor's import at $n holds $rows rows"
	rm -f "$dir"/*.db "$dir"/*.db-*
}

# ------------------------------------------------------------- PostgreSQL

# The server's own client programs, as cluster.sh picks the server: the
# psql on PATH is Debian's pg_wrapper, a Perl script that finds the
# cluster's version first, and takes longer to start (about 0.1 s here)
# than most of the floors' queries.
PG_BIN=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PSQL=("$PG_BIN/psql" -XAtq -v ON_ERROR_STOP=1)
createdb() { "$PG_BIN/createdb" "$@"; }
dropdb() { "$PG_BIN/dropdb" "$@" 2>/dev/null; }

has_store() { case " $BENCH_STORES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# The run's own cluster (tests/pg/cluster.sh), reached through PGHOST,
# PGPORT and PGUSER, which every psql, createdb and cdesk below inherits.
start_cluster() {
	PGDIR=${TMPDIR:-/tmp}/cdesk-bench-pg-$$
	local env
	log "starting a PostgreSQL cluster in $PGDIR ($PG_OPTIONS)"
	if ! env=$(PG_CLUSTER_OPTIONS=$PG_OPTIONS bash "$ROOT/tests/pg/cluster.sh" start "$PGDIR"); then
		fail "starting the PostgreSQL cluster (tests/pg/cluster.sh start)"
		PGDIR=""
		return 1
	fi
	eval "export $env"
}

stop_cluster() {
	[ -z "${PGDIR:-}" ] || bash "$ROOT/tests/pg/cluster.sh" stop "$PGDIR" || true
	PGDIR=""
}

pgdb() { printf 'bench_%s' "$1"; }
pgurl() { printf 'postgresql:///%s' "$1"; }
pg_value() { "${PSQL[@]}" -d "$1" -c "$2"; }

# The data set of scale n into a new database of its own with `db copy`,
# timed once (a copy needs a new database each time). The rows of every
# table it reports copying are counted for the rate. VACUUM afterwards
# (not timed) does at once what autovacuum would do in the first minutes,
# so it does not run in the middle of the timed commands; the copy ends
# with ANALYZE itself.
bench_pg_copy() {
	local n=$1 db=$2 name tag
	name=$(pgdb "$n")
	tag=$n-copy-cdesk-pg
	dropdb --if-exists "$name"
	createdb "$name"
	log "  copying $n complaints into $(pgurl "$name")"
	if ! probe "$tag" "" "$CDESK" --db "$db" db copy --to "$(pgurl "$name")"; then
		fail "db copy at $n (pg): $(head -1 "$RUN/$tag.err")"
		return 1
	fi
	record copy "$n" cdesk-pg "$PROBE_S" "$PROBE_S" "$PROBE_S" "$PROBE_KB" 1
	awk '$1 ~ /^[a-z_]+$/ && $2 ~ /^[0-9]+$/ && NF == 2 { n += $2 } END { print n + 0 }' "$RUN/$tag.out" \
		>"$RUN/$n-copy-rows"
	log "  db copy: $(fmt_time "$PROBE_S"), $(cat "$RUN/$n-copy-rows") rows"
	local got
	got=$(pg_value "$name" 'SELECT count(*) FROM complaints')
	[ "$got" = "$n" ] || warn "db copy at $n: the PostgreSQL database holds $got complaints"
	pg_value "$name" VACUUM >/dev/null
	pg_value "$name" "SELECT pg_database_size(current_database())" >"$RUN/$n-pg-bytes"
}

bench_due_pg() {
	local n=$1 url name got count
	name=$(pgdb "$n")
	url=$(pgurl "$name")
	measure due "$n" cdesk-pg "" "$CDESK" --db "$url" --now "$NOW" --json due || return 0
	got=$(jq length "$RUN/$n-due-cdesk-pg.out")
	measure due "$n" floor-pg "" "${PSQL[@]}" -d "$name" -f "$PG_SQL/due.sql" || return 0
	count=$(wc -l <"$RUN/$n-due-floor-pg.out")
	[ "$got" = "$count" ] || warn "due at $n (pg): cdesk lists $got deadlines, the floor's SQL $count"
}

bench_report_pg() {
	local n=$1 url name a b
	name=$(pgdb "$n")
	url=$(pgurl "$name")
	measure report "$n" cdesk-pg "" "$CDESK" --db "$url" --now "$NOW" report --month "$MONTH" --format json ||
		return 0
	measure report "$n" floor-pg "" "${PSQL[@]}" -d "$name" "${PG_PARAMS[@]}" -f "$PG_SQL/report.sql" || return 0
	a=$(jq '.sections[] | select(.id == "volume") | .figures[] | select(.id == "received") | .value' \
		"$RUN/$n-report-cdesk-pg.out")
	b=$(awk -F'|' '$1 == "current" && $2 == "received" { print $4 }' "$RUN/$n-report-floor-pg.out")
	[ "$a" = "$b" ] || warn "report at $n (pg): cdesk counts $a complaints received in $MONTH, the floor $b"
	# Both stores' floors compute the same figures from the same data.
	local c
	c=$(get_received_floor "$n")
	[ -z "$c" ] || [ "$c" = "$b" ] ||
		warn "report at $n: the SQLite floor counts $c complaints received in $MONTH, the PostgreSQL floor $b"
}

get_received_floor() {
	[ -s "$RUN/$1-report-floor.out" ] || return 0
	jq -s '.[0][] | select(.p == "current" and .dim == "received") | .n' "$RUN/$1-report-floor.out"
}

bench_search_pg() {
	local n=$1 op=$2 text=$3 url name a b
	name=$(pgdb "$n")
	url=$(pgurl "$name")
	measure "$op" "$n" cdesk-pg "" "$CDESK" --db "$url" --now "$NOW" list --state all --limit "$SEARCH_LIMIT" \
		--text "$text" || return 0
	measure "$op" "$n" floor-pg "" "${PSQL[@]}" -d "$name" -v "text=$text" -v "limit=$SEARCH_LIMIT" \
		-f "$PG_SQL/search.sql" || return 0
	a=$(grep -vc '^ID ' "$RUN/$n-$op-cdesk-pg.out" || true)
	grep -q '^No complaints match' "$RUN/$n-$op-cdesk-pg.out" && a=0
	b=$(wc -l <"$RUN/$n-$op-floor-pg.out")
	[ "$a" = "$b" ] || warn "search '$text' at $n (pg): cdesk lists $a complaints, the floor $b"
	[ "$a" != 0 ] || warn "search '$text' at $n (pg) finds nothing"
}

# The import into a new database each run (dropped and made again by
# hyperfine's --prepare, not timed), and its floor likewise.
bench_import_pg() {
	local n=$1 db=$2 dir=$RUN/import-pg-$1
	rm -rf "$dir"
	mkdir -p "$dir"
	ln -s "${db%.db}.csv" "$dir/import.csv"
	MIN=2 measure import "$n" cdesk-pg "$(cmdline sh -c "$PG_BIN/dropdb --if-exists fresh 2>/dev/null; $PG_BIN/createdb fresh")" \
		"$CDESK" --db "$(pgurl fresh)" --now "$NOW" import "$dir/import.csv" || return 0
	grep -q "^Imported $n complaints" "$RUN/$n-import-cdesk-pg.out" ||
		warn "import at $n (pg): $(head -1 "$RUN/$n-import-cdesk-pg.out")"
	MIN=2 measure import "$n" floor-pg "$(cmdline sh -c "$PG_BIN/dropdb --if-exists floor 2>/dev/null; $PG_BIN/createdb floor")" \
		"${PSQL[@]}" -d floor -v "dir=$dir" -f "$PG_SQL/import.sql" || return 0
	local rows
	rows=$(pg_value floor 'SELECT count(*) FROM complaints')
	[ "$rows" = "$n" ] || warn "the floor's import at $n (pg) holds $rows rows"
	dropdb --if-exists fresh
	dropdb --if-exists floor
}

# Scale n on PostgreSQL, once its data set is copied. The database stays
# until the cluster is stopped at the end of the run.
bench_scale_pg() {
	local n=$1 db=$2 phone=$3 plate=$4
	log "== $n complaints on PostgreSQL: $(pgurl "$(pgdb "$n")")"
	run_op bench_pg_copy "$n" "$db"
	[ -s "$RUN/$n-pg-bytes" ] || return 0
	run_op bench_due_pg "$n"
	run_op bench_report_pg "$n"
	run_op bench_search_pg "$n" search_text2 油枪
	run_op bench_search_pg "$n" search_text3 加油机
	run_op bench_search_pg "$n" search_phone "$phone"
	run_op bench_search_pg "$n" search_plate "$plate"
	run_op bench_tui "$n" "$(pgurl "$(pgdb "$n")")" pg
	run_op bench_import_pg "$n" "$db"
}

# The floors' parameters, for the data's "now" and the analysed month.
set_params() {
	local prev first
	prev=$(date -d "$MONTH-15 -1 month" +%Y-%m)
	first=$(date -d "$MONTH-15 -11 month" +%Y-%m)
	local lo hi plo now
	lo=$(epoch "$MONTH-01T00:00$ZONE")
	hi=$(epoch "$(date -d "$MONTH-15 +1 month" +%Y-%m)-01T00:00$ZONE")
	plo=$(epoch "$prev-01T00:00$ZONE")
	now=$(epoch "$NOW$ZONE")
	PARAMS=(".parameter set :now $now" ".parameter set :lo $lo" ".parameter set :hi $hi"
		".parameter set :plo $plo" ".parameter set :phi $lo"
		".parameter set :asof $((hi < now ? hi : now))" ".parameter set :pasof $((lo < now ? lo : now))"
		".parameter set :t0 $(epoch "$first-01T00:00$ZONE")"
		".parameter set :limit $SEARCH_LIMIT" ".parameter set :rows $QUEUE_ROWS")
	# The same values as psql variables (-v name=value).
	local p
	PG_PARAMS=()
	for p in "${PARAMS[@]}"; do
		set -- $p
		PG_PARAMS+=(-v "${3#:}=$4")
	done
}

bench_scale() {
	local n=$1 db phone plate
	wait_for_dataset "$n" || return 0
	db=$(dataset "$n")
	log "== $n complaints: $db"
	# A phone and a plate from the middle of the data.
	phone=$(sqlite3 "$db" "SELECT phone FROM complaints WHERE id >= $n / 2 AND phone IS NOT NULL ORDER BY id LIMIT 1")
	plate=$(sqlite3 "$db" "SELECT plate FROM complaints WHERE id >= $n / 2 AND plate IS NOT NULL ORDER BY id LIMIT 1")
	SEARCHED[$n]="$phone $plate"
	if ! has_store sqlite; then
		[ -z "${PGDIR:-}" ] || bench_scale_pg "$n" "$db" "$phone" "$plate"
		return 0
	fi
	# The import only writes a database of its own. At the last scale, once
	# the generator has finished with the second core, it runs there beside
	# the deadlines and the analysis, whose floors run beside it too. The
	# searches and the desk, timed against fixed milliseconds, wait for it.
	local side=""
	if [ "$n" = "$(last_size)" ]; then
		run_op bench_import "$n" "$db" &
		side=$!
		log "  the import of $n runs beside the deadlines and the analysis"
	fi
	run_op bench_due "$n" "$db"
	run_op bench_report "$n" "$db"
	if [ -n "$side" ]; then
		wait "$side" || true
	fi
	run_op bench_search "$n" "$db" search_text2 油枪
	run_op bench_search "$n" "$db" search_text3 加油机
	run_op bench_search "$n" "$db" search_phone "$phone"
	run_op bench_search "$n" "$db" search_plate "$plate"
	run_op bench_tui "$n" "$db"
	[ -n "$side" ] || run_op bench_import "$n" "$db"
	# PostgreSQL after SQLite, the second core free again: its server and
	# its client share the two.
	[ -z "${PGDIR:-}" ] || bench_scale_pg "$n" "$db" "$phone" "$plate"
}

# The scale generated last (the generator follows BENCH_SIZES' order).
last_size() {
	local -a sizes
	read -ra sizes <<<"$BENCH_SIZES"
	echo "${sizes[-1]}"
}

# ------------------------------------------------------------------ tables

fmt_time() {
	awk -v t="$1" 'BEGIN {
		if (t == "") { print "—"; exit }
		a = t < 0 ? -t : t
		if (a < 0.001) printf "%.0f µs\n", t * 1e6
		else if (a < 0.1) printf "%.1f ms\n", t * 1e3
		else if (a < 1) printf "%.0f ms\n", t * 1e3
		else printf "%.2f s\n", t }'
}
fmt_mib() { [ -n "$1" ] && awk -v k="$1" 'BEGIN { printf "%.1f MiB\n", k / 1024 }' || echo "—"; }

# get OP SCALE WHO FIELD (median min max rss runs)
get() {
	awk -F'\t' -v op="$1" -v n="$2" -v who="$3" -v f="$4" '
		BEGIN { split("median min max rss runs", names, " "); for (i in names) col[names[i]] = i + 3 }
		$1 == op && $2 == n && $3 == who { v = $col[f] } END { print v }' "$RESULTS"
}

label() {
	case $1 in
	due) echo '`due --json`' ;;
	task) echo '`task overdue` (Taskwarrior)' ;;
	report) echo "\`report --month $MONTH --format json\`" ;;
	search_text2) echo '`list --text 油枪`' ;;
	search_text3) echo '`list --text 加油机`' ;;
	search_phone) echo '`list --text PHONE`' ;;
	search_plate) echo '`list --text PLATE`' ;;
	tui_start) echo 'desk: start to first queue' ;;
	tui_key) echo 'desk: one key (`j`) scrolling' ;;
	import) echo '`import` of the CSV export' ;;
	copy) echo '`db copy` from the SQLite file' ;;
	esac
}

# The target of each operation at 1M, and how a figure is judged:
# abs (median under LIMIT s), ratio (median/floor at most LIMIT), faster
# (the other's median at least LIMIT times cdesk's).
target_of() {
	case $1 in
	due) echo "ratio 2" ;;
	task) echo "faster 50" ;;
	report) echo "ratio 1.5" ;;
	search_*) echo "abs 0.020" ;;
	tui_start) echo "abs 0.050" ;;
	tui_key) echo "abs 0.010" ;;
	import) echo "abs 30" ;;
	esac
}

target_text() {
	case $1 in
	ratio) echo "≤ $2× floor" ;;
	faster) echo "cdesk ≥ $2× faster" ;;
	abs) echo "< $(fmt_time "$2")" ;;
	esac
}

# verdict KIND LIMIT VALUE: met, or MISSED and by how much (in per cent
# when under twice the target, else as a factor).
verdict() {
	awk -v k="$1" -v l="$2" -v v="$3" '
		function span(t) { return t < 1 ? sprintf("%.1f ms", t * 1e3) : sprintf("%.2f s", t) }
		BEGIN {
			if (v == "") { print "—"; exit }
			if (k == "faster") {
				if (v >= l) print "met"
				else printf "MISSED: %.1f× faster, %.0f× short\n", v, l / v
				exit
			}
			if (v <= l) { print "met"; exit }
			over = v / l
			how = over < 2 ? sprintf("%.0f%%", (over - 1) * 100) : sprintf("%.1f×", over)
			if (k == "ratio") printf "MISSED by %s (%.2f× the floor)\n", how, v
			else if (k == "mem") printf "MISSED by %s (%.1f MiB over)\n", how, (v - l) / 1024
			else printf "MISSED by %s (%s over)\n", how, span(v - l)
		}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b <= 0) print ""; else printf "%.2f\n", a / b }'; }

# main_table [-pg]: the SQLite store's table, or with -pg the PostgreSQL
# store's (no Taskwarrior row: it is compared with SQLite's `due`).
main_table() {
	local sfx=${1:-}
	local ops=(due task report search_text2 search_text3 search_phone search_plate tui_start tui_key import)
	[ -z "$sfx" ] || ops=(due report search_text2 search_text3 search_phone search_plate tui_start tui_key import)
	echo "| operation | scale | median | min | max | peak memory | floor median | ratio | target (at 1M) | result |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"
	local n op kind limit med fl r res who runs
	for n in $SIZES_DONE; do
		for op in "${ops[@]}"; do
			who=cdesk$sfx
			[ "$op" = task ] && who=task
			med=$(get "$op" "$n" "$who" median)
			[ -n "$med" ] || { echo "| $(label "$op") | $(scale_text "$n") | failed | | | | | | | |"; continue; }
			read -r kind limit <<<"$(target_of "$op")"
			if [ "$op" = task ]; then
				fl=$(get due "$n" cdesk median)
				r=$(ratio "$med" "$fl")
				res=$(verdict "$kind" "$limit" "$r")
				r="cdesk ${r}× faster"
				fl="cdesk $(fmt_time "$fl")"
			else
				fl=$(get "$op" "$n" "floor$sfx" median)
				r=$(ratio "$med" "$fl")
				if [ "$kind" = ratio ]; then res=$(verdict "$kind" "$limit" "$r")
				else res=$(verdict "$kind" "$limit" "$med"); fi
				[ -n "$r" ] && r="${r}×" || r="—"
				fl=$(fmt_time "$fl")
			fi
			runs=$(get "$op" "$n" "$who" runs)
			[ "$runs" = 1 ] && med="$(fmt_time "$med") (1 run)" || med=$(fmt_time "$med")
			printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(label "$op")" "$(scale_text "$n")" \
				"$med" "$(fmt_time "$(get "$op" "$n" "$who" min)")" "$(fmt_time "$(get "$op" "$n" "$who" max)")" \
				"$(fmt_mib "$(get "$op" "$n" "$who" rss)")" "$fl" "$r" "$(target_text "$kind" "$limit")" "$res"
		done
		memory_rows "$n" "$sfx"
	done
}

# Peak memory: the most any CLI command, or the desk, took at this scale.
memory_rows() {
	local n=$1 sfx=${2:-} what kb ops
	for what in CLI desk; do
		[ "$what" = CLI ] && ops="due report search_text2 search_text3 search_phone search_plate import" ||
			ops="tui_start tui_key"
		kb=$(awk -F'\t' -v n="$n" -v ops=" $ops " -v who="cdesk$sfx" '$2 == n && $3 == who && index(ops, " " $1 " ") &&
			$7 > m { m = $7 } END { print m }' "$RESULTS")
		printf '| peak memory, %s | %s | | | | %s | | | < 16 MiB | %s |\n' "$what" "$(scale_text "$n")" \
			"$(fmt_mib "$kb")" "$(verdict mem 16384 "$kb")"
	done
}

scale_text() { awk -v n="$1" 'BEGIN { if (n >= 1e6) printf "%gM\n", n / 1e6; else if (n >= 1e3) printf "%gk\n", n / 1e3; else print n }'; }

scaling_table() {
	local sfx=${1:-}
	local ops=(due task report search_text2 search_text3 search_phone search_plate tui_start tui_key import)
	[ -z "$sfx" ] || ops=(copy due report search_text2 search_text3 search_phone search_plate tui_start tui_key import)
	local n head="| operation |" line="| --- |" prev=""
	for n in $SIZES_DONE; do head+=" $(scale_text "$n") |"; line+=" ---: |"; done
	set -- $SIZES_DONE
	while [ $# -gt 1 ]; do head+=" × $(scale_text "$1")→$(scale_text "$2") |"; line+=" ---: |"; shift; done
	echo "$head expected |"
	echo "$line --- |"
	local op who row m last
	for op in "${ops[@]}"; do
		who=cdesk$sfx
		[ "$op" = task ] && who=task
		row="| $(label "$op") |"
		for n in $SIZES_DONE; do row+=" $(fmt_time "$(get "$op" "$n" "$who" median)") |"; done
		last=""
		for n in $SIZES_DONE; do
			m=$(get "$op" "$n" "$who" median)
			[ -n "$last" ] && row+=" $(awk -v a="$m" -v b="$last" 'BEGIN { if (a == "" || b <= 0) print "—"; else printf "%.1f\n", a / b }') |"
			last=$m
		done
		echo "$row $(expected "$op") |"
	done
}

expected() {
	case $1 in
	due | task) echo "∝ open deadlines (about 7% of complaints)" ;;
	report) echo "∝ one month's rows (1/12 of the data), plus the 12-month count" ;;
	search_*) echo "flat: an index finds the matches" ;;
	tui_start | tui_key) echo "flat: one page read through an index" ;;
	import) echo "∝ rows imported" ;;
	copy) echo "∝ rows copied" ;;
	esac
}

sizes_table() {
	echo "| scale | file | bytes per complaint | events | open deadlines | generated in | rate | peak memory | searched for |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	local n db bytes gen secs rss
	for n in $SIZES_DONE; do
		db=$(dataset "$n")
		bytes=$(stat -c %s "$db")
		read -r secs rss <"$db.gen" 2>/dev/null || { secs=""; rss=""; }
		printf '| %s | %s MB | %s | %s | %s | %s | %s | %s | %s |\n' "$(scale_text "$n")" \
			"$(awk -v b="$bytes" 'BEGIN { printf "%.1f\n", b / 1e6 }')" "$((bytes / n))" \
			"$(sqlite3 "$db" 'SELECT count(*) FROM events')" \
			"$(sqlite3 "$db" 'SELECT count(*) FROM clocks WHERE met_at IS NULL AND stopped_at IS NULL')" \
			"$(fmt_time "$secs")" \
			"$(awk -v n="$n" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f/s\n", n / s; else print "—" }')" \
			"$(fmt_mib "$rss")" "\`油枪\`, \`加油机\`, phone \`${SEARCHED[$n]%% *}\`, plate \`${SEARCHED[$n]#* }\`"
	done
}

# Each operation's median on both stores, and PostgreSQL's over SQLite's;
# the floors likewise, which shows how much of a difference is the engine's.
stores_table() {
	local ops=(due report search_text2 search_text3 search_phone search_plate tui_start tui_key import)
	echo "| operation | scale | SQLite | PostgreSQL | PostgreSQL ÷ SQLite | SQLite floor | PostgreSQL floor | floors ÷ |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	local n op a b fa fb r fr
	for n in $SIZES_DONE; do
		for op in "${ops[@]}"; do
			a=$(get "$op" "$n" cdesk median)
			b=$(get "$op" "$n" cdesk-pg median)
			fa=$(get "$op" "$n" floor median)
			fb=$(get "$op" "$n" floor-pg median)
			r=$(ratio "$b" "$a")
			fr=$(ratio "$fb" "$fa")
			r=${r:+${r}×}
			fr=${fr:+${fr}×}
			printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(label "$op")" "$(scale_text "$n")" \
				"$(fmt_time "$a")" "$(fmt_time "$b")" "${r:-—}" "$(fmt_time "$fa")" "$(fmt_time "$fb")" "${fr:-—}"
		done
	done
}

# The PostgreSQL databases the data sets were copied into, and the copy.
pg_sizes_table() {
	echo "| scale | database | bytes per complaint | rows copied (all tables) | copied in | rate | peak memory |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	local n bytes rows secs
	for n in $SIZES_DONE; do
		secs=$(get copy "$n" cdesk-pg median)
		if [ -z "$secs" ]; then
			echo "| $(scale_text "$n") | failed | | | | | |"
			continue
		fi
		bytes=$(cat "$RUN/$n-pg-bytes" 2>/dev/null || true)
		rows=$(cat "$RUN/$n-copy-rows" 2>/dev/null || true)
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$(scale_text "$n")" \
			"$(awk -v b="$bytes" 'BEGIN { if (b > 0) printf "%.1f MB\n", b / 1e6; else print "—" }')" \
			"$(awk -v b="$bytes" -v n="$n" 'BEGIN { if (b > 0) printf "%d\n", b / n; else print "—" }')" \
			"${rows:-—}" "$(fmt_time "$secs")" \
			"$(awk -v r="$rows" -v s="$secs" 'BEGIN { if (s > 0 && r > 0) printf "%.0f rows/s\n", r / s; else print "—" }')" \
			"$(fmt_mib "$(get copy "$n" cdesk-pg rss)")"
	done
}

machine() {
	local mem os
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB\n", $2 / 1048576 }' /proc/meminfo)
	os=$(. /etc/os-release && echo "$PRETTY_NAME") || os=unknown
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- cdesk: $("$CDESK" --version | cut -d' ' -f2), commit $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "- CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores (nproc)"
	echo "- Memory: $mem"
	echo "- System: $os (Debian $(cat /etc/debian_version 2>/dev/null || echo ?)), kernel $(uname -r)"
	echo "- Tools: sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(hyperfine --version), Taskwarrior $(task --version 2>/dev/null || echo ?)"
	if has_store pg; then
		echo "- PostgreSQL: $(pg_value postgres 'SHOW server_version' 2>/dev/null || echo "not started"), $("$PG_BIN/psql" --version);" \
			"cluster by tests/pg/cluster.sh with \`$PG_OPTIONS\`"
	fi
}

report_md() {
	local stores=""
	has_store pg && stores=" BENCH_STORES=\"$BENCH_STORES\""
	echo "## Results"
	echo
	echo "Made by \`make bench\` on $(date -u +%Y-%m-%d) with BENCH_SIZES=\"$SIZES_DONE\"$stores; the run took"
	echo "$((SECONDS / 60)) min $((SECONDS % 60)) s, data generation included."
	echo "The targets apply at 1M complaints; the smaller scales show the trend."
	if has_store sqlite; then
		echo
		has_store pg && { echo "### SQLite"; echo; }
		main_table
		echo
		echo "### Scaling"
		echo
		echo "Median of each operation at each scale, and how much it grew from one scale to the next."
		echo
		scaling_table
	fi
	if has_store pg; then
		echo
		echo "### PostgreSQL"
		echo
		echo "The same operations on the PostgreSQL store, each data set copied into a database of its own"
		echo "(\`db copy\`, below) on the run's throw-away cluster, against the floors of \`tests/bench/sql/pg/\`"
		echo "through \`psql\` on the same database. The cluster runs without fsync (it is the tests' cluster);"
		echo "peak memory is cdesk's own, not the server's. The targets are SQLite's."
		echo
		main_table -pg
		echo
		if has_store sqlite; then
			echo "#### PostgreSQL beside SQLite"
			echo
			echo "The medians above and in the SQLite table, and the two stores' floors, side by side."
			echo
			stores_table
			echo
		fi
		echo "#### Scaling on PostgreSQL"
		echo
		scaling_table -pg
		echo
		echo "#### The PostgreSQL databases"
		echo
		echo "Each data set copied by \`cdesk --db FILE db copy --to postgresql:///bench_N\` into a new database, timed once."
		echo
		pg_sizes_table
	fi
	echo
	echo "### Data sets"
	echo
	echo "\`cdesk --now $NOW demo --count N --seed $SEED\`; generation time as measured when the set was made."
	echo
	sizes_table
	if [ -s "$RUN/failed" ] || [ -s "$RUN/warnings" ]; then
		echo
		echo "### Problems in this run"
		echo
		[ ! -s "$RUN/failed" ] || sed 's/^/- failed: /' "$RUN/failed"
		[ ! -s "$RUN/warnings" ] || sed 's/^/- check: /' "$RUN/warnings"
	fi
	echo
	echo "### Machine"
	echo
	machine
}

# Replace what lies between the markers; keep the hand-written rest.
write_doc() {
	local part=$1
	if ! grep -q '^<!-- bench:begin -->' "$DOC" 2>/dev/null; then
		printf '\n<!-- bench:begin -->\n<!-- bench:end -->\n' >>"$DOC"
	fi
	awk -v part="$part" '
		/^<!-- bench:begin -->/ { print; while ((getline l < part) > 0) print l; skip = 1; next }
		/^<!-- bench:end -->/ { skip = 0 }
		!skip' "$DOC" >"$DOC.tmp"
	mv "$DOC.tmp" "$DOC"
}

main() {
	local n
	command -v hyperfine >/dev/null && command -v task >/dev/null && [ -x /usr/bin/time ] ||
		{ echo "bench: hyperfine, taskwarrior and time are needed (make bench installs them)" >&2; exit 1; }
	[ -x "$CDESK" ] && [ -x "$PTYKEYS" ] || { echo "bench: build $CDESK and $PTYKEYS first (make bench does)" >&2; exit 1; }
	mkdir -p "$DATA"
	rm -rf "$RUN"
	mkdir -p "$RUN"
	: >"$RESULTS"
	# The run uses its own copy of the binary: a rebuild meanwhile (make in
	# another terminal) must not change cdesk half-way through.
	cp "$CDESK" "$RUN/cdesk"
	CDESK=$RUN/cdesk
	KEY=$(data_key)
	declare -gA SEARCHED=()
	set_params
	SIZES_DONE=""
	for n in $BENCH_SIZES; do
		case $n in '' | *[!0-9]*) echo "bench: BENCH_SIZES holds '$n', not a count" >&2; exit 2 ;; esac
	done
	local s
	for s in $BENCH_STORES; do
		case $s in sqlite | pg) ;; *) echo "bench: BENCH_STORES holds '$s', not sqlite or pg" >&2; exit 2 ;; esac
	done
	[ -n "${BENCH_STORES// /}" ] || { echo "bench: BENCH_STORES is empty" >&2; exit 2; }
	PGDIR=""
	if has_store pg; then
		[ -x "$PG_BIN/psql" ] && [ -x "$PG_BIN/createdb" ] ||
			{ echo "bench: PostgreSQL's psql and createdb are needed for BENCH_STORES=pg (make deps)" >&2; exit 1; }
	fi
	generate_all &
	GENERATOR=$!
	trap 'stop_generator; stop_cluster' EXIT
	! has_store pg || start_cluster || true
	for n in $BENCH_SIZES; do
		bench_scale "$n"
		[ -f "$(dataset "$n")" ] && SIZES_DONE+="${SIZES_DONE:+ }$n"
	done
	wait "$GENERATOR" || true
	report_md >"$RUN/results.md"
	write_doc "$RUN/results.md"
	echo
	cat "$RUN/results.md"
	echo
	log "done in $((SECONDS / 60)) min $((SECONDS % 60)) s; written to docs/performance.md, raw results in $RUN"
	if [ -s "$RUN/failed" ]; then
		log "$(wc -l <"$RUN/failed") operation(s) failed to run"
		exit 1
	fi
}

main "$@"
