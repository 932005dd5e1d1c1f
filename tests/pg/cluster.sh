#!/bin/bash
# A throw-away PostgreSQL cluster for the tests: made in a fresh directory,
# reached only through a Unix socket in it, trusted for local connections,
# and removed when stopped.
#   cluster.sh start DIR   make and start one in DIR (must not exist), then
#                          print the environment that reaches it (PGHOST,
#                          PGPORT, PGUSER) as shell assignments
#   cluster.sh stop DIR    stop it and remove DIR
# initdb refuses to run as root, so as root the cluster belongs to the
# postgres account the Debian package makes. It is tuned for tests, not
# for keeping data: no fsync, no synchronous commit. PG_CLUSTER_OPTIONS,
# when set, is added after the server options below (a later -c wins):
# make bench gives the server more memory that way. Unset, nothing changes.
set -eu

bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bindir/initdb" ] || {
	echo "cluster.sh: no PostgreSQL server found (install postgresql-15: make deps)" >&2
	exit 1
}

# as_owner CMD…: run CMD as the account that owns the cluster.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

start() {
	dir=$1
	mkdir "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	chmod 755 "$dir" # cdesk runs as other accounts in some tests
	as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	# A port of its own, so clusters of runs side by side do not meet
	# (the socket's name carries the port).
	port=$((20000 + RANDOM % 20000))
	as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off \
		    -c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB${PG_CLUSTER_OPTIONS:+ $PG_CLUSTER_OPTIONS}" \
		start >/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	echo "PGHOST=$dir PGPORT=$port PGUSER=postgres"
}

stop() {
	dir=$1
	[ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}

case "${1:-}" in
start | stop) "$1" "${2:?a directory}" ;;
*)
	echo "usage: cluster.sh start|stop DIR" >&2
	exit 2
	;;
esac
