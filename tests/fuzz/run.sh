#!/bin/bash
# Fuzz each target with libFuzzer for FUZZ_SECONDS (default 60), FUZZ_JOBS
# targets at a time (default 1), then print one line per target and the
# total of executions. Called by make fuzz:
#   tests/fuzz/run.sh BUILD_DIR TARGET…
# The seed corpus and the regressions are only read: the inputs libFuzzer
# finds go to a scratch corpus, BUILD_DIR/run/TARGET/corpus, emptied at the
# start of each run. Exits 1 when any target crashed, failed a check,
# leaked, hung (an input over 5 s) or ran out of memory (2 GiB); the input
# that did it stays in BUILD_DIR/run/TARGET/ and the line says where.

set -u
here=$(cd "$(dirname "$0")" && pwd)
here=${here#"$PWD"/}
build=$1
shift
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}

# Inputs larger than any real one only slow the search down.
max_len() {
	case $1 in
	config) echo 16384 ;;
	csv) echo 8192 ;;
	duration | time) echo 128 ;;
	*) echo 4096 ;;
	esac
}

run_target() {
	local t=$1 dir=$build/run/$1 seeds=()
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/tmp"
	for d in "$here/corpus/$t" "$here/regress/$t"; do
		[ -d "$d" ] && seeds+=("$d")
	done
	TMPDIR=$dir/tmp "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
		-max_len="$(max_len "$t")" -dict="$here/$t.dict" -use_value_profile=1 \
		-print_final_stats=1 -close_fd_mask=3 -artifact_prefix="$dir/" \
		"$dir/corpus" "${seeds[@]}" >"$dir/log" 2>&1
	echo $? >"$dir/rc"
	rm -rf "$dir/tmp"
}

# How many inputs a finished run executed.
executions() {
	local n
	n=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$1" | tail -n 1)
	echo "${n:-0}"
}

for t in "$@"; do
	[ -x "$build/fuzz/fuzz_$t" ] || { echo "fuzz: $build/fuzz/fuzz_$t is missing" >&2; exit 2; }
done
echo "fuzz: $# targets, $seconds s each, $jobs at a time"
for t in "$@"; do
	run_target "$t" &
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
done
wait

total=0
failed=0
for t in "$@"; do
	dir=$build/run/$t
	n=$(executions "$dir/log")
	total=$((total + n))
	found=$(ls "$dir/corpus" | wc -l)
	artifact=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
		-o -name 'oom-*' \) | head -n 1)
	if [ "$(cat "$dir/rc")" = 0 ] && [ -z "$artifact" ]; then
		printf 'fuzz: %-8s %10d executions, %5d new inputs, no crash\n' "$t" "$n" "$found"
		continue
	fi
	failed=$((failed + 1))
	printf 'fuzz: %-8s %10d executions, then FAILED (exit %s); log: %s\n' "$t" "$n" "$(cat "$dir/rc")" "$dir/log"
	grep -m 3 -E '^==[0-9]+==ERROR|^SUMMARY|fuzz check failed|runtime error' "$dir/log" | sed 's/^/    /'
	if [ -n "$artifact" ]; then
		echo "    the input: $artifact"
		echo "    keep it:   cp $artifact $here/regress/$t/"
	fi
done
echo "fuzz: $total executions over $# targets, $failed crashes"
[ "$failed" -eq 0 ]
