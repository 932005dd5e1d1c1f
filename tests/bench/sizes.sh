#!/bin/bash
# Where a database file's bytes go: each table and index with its pages'
# bytes (SQLite's dbstat), per complaint and as a share of the file, then
# the event log's columns and its data by event kind, per complaint.
# Markdown, for docs/performance.md ("Where the bytes go"). Only reads.
#   bash tests/bench/sizes.sh FILE
set -eu
db=${1:?give a cdesk SQLite file}
q() { sqlite3 -readonly -separator ' | ' "$db" "$1"; }
n=$(q "select count(*) from complaints")
[ "$n" -gt 0 ] || { echo "sizes.sh: no complaints in $db" >&2; exit 1; }
file=$(q "select page_count * page_size from pragma_page_count, pragma_page_size")
printf '%s complaints, %s bytes: %s a complaint.\n\n' "$n" "$file" $((file / n))
echo '| table or index | bytes | per complaint | share | pages unused |'
echo '| --- | ---: | ---: | ---: | ---: |'
q "select '| ' || name, sum(pgsize), sum(pgsize) / $n, printf('%.1f %%', 100.0 * sum(pgsize) / $file),
	printf('%.0f %%', 100.0 * sum(unused) / sum(pgsize)) || ' |'
	from dbstat group by name order by 2 desc limit 16"
echo
echo '| events: column | bytes a complaint |'
echo '| --- | ---: |'
for c in actor kind from_state to_state note data hash salt; do
	q "select '| $c', (sum(ifnull(length($c), 0)) / $n) || ' |' from events"
done
echo
echo '| events: kind | events a complaint | data bytes an event | data bytes a complaint |'
echo '| --- | ---: | ---: | ---: |'
q "select '| ' || kind, printf('%.2f', count(*) * 1.0 / $n), printf('%.0f', avg(ifnull(length(data), 0))),
	(sum(ifnull(length(data), 0)) / $n) || ' |' from events group by kind
	order by sum(ifnull(length(data), 0)) desc, count(*) desc"
