#!/bin/bash
# cdesk under valgrind, for `make valgrind`: the end-to-end tests run this
# as their CDESK. A memory error or a leak makes the run exit 99 (so the
# test fails) and leaves valgrind's report in VALGRIND_LOGS/PID.log; a
# clean run leaves an empty log. valgrind.supp lists what the libraries
# keep on purpose.
#   VALGRIND_CDESK=path/to/cdesk VALGRIND_LOGS=dir valgrind-cdesk.sh ARGS…
# A run costs valgrind about a second to start, whatever it does, and the
# suite makes thousands: every desk on a terminal runs under valgrind, and
# of the other commands a test makes, the first and every VALGRIND_EVERY-th
# after it (the others run as they are; make asan runs every one of them
# under AddressSanitizer and LeakSanitizer). VALGRIND_EVERY=1: every run.
# A test says VALGRIND_SKIP=1 for the runs that only make its data (a
# large demo, the reference it compares with) when other tests cover
# the same commands under valgrind.
[ -n "${VALGRIND_SKIP:-}" ] && exec "$VALGRIND_CDESK" "$@"
every=${VALGRIND_EVERY:-1}
# The count of a test's runs is kept beside the logs (tests run cdesk as
# another user too); when it cannot be kept, the run is under valgrind.
if [ "$every" -gt 1 ] && ! [ -t 0 ] && [ -n "${WORK:-}" ]; then
	count="$VALGRIND_LOGS/runs.${WORK##*/}"
	n=$(
		umask 0
		exec 9>>"$count" && flock 9 || exit
		printf . >&9
		wc -c <"$count"
	) 2>/dev/null
	[ -n "$n" ] && [ $(((n - 1) % every)) -ne 0 ] && exec "$VALGRIND_CDESK" "$@"
fi
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	--suppressions="$(dirname "$0")/valgrind.supp" --log-file="$VALGRIND_LOGS/%p.log" "$VALGRIND_CDESK" "$@"
