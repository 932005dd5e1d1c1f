#!/bin/bash
# cdesk under valgrind, for `make valgrind`: the end-to-end tests run this
# as their CDESK. A memory error or a leak makes the run exit 99 (so the
# test fails) and leaves valgrind's report in VALGRIND_LOGS/PID.log; a
# clean run leaves an empty log. valgrind.supp lists what the libraries
# keep on purpose.
#   VALGRIND_CDESK=path/to/cdesk VALGRIND_LOGS=dir valgrind-cdesk.sh ARGS…
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	--suppressions="$(dirname "$0")/valgrind.supp" --log-file="$VALGRIND_LOGS/%p.log" "$VALGRIND_CDESK" "$@"
