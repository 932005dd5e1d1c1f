# Hostile and broken input, as one table. Each case must be refused with
# the right exit status and a message on standard error that says what was
# wrong and where (FILE:LINE:COLUMN for a configuration, the field for a
# field, the path for a database file), that is itself clean text (valid
# UTF-8, no control characters: a refused value is never echoed raw to the
# terminal), short, with nothing on standard output, and with every
# database left as it was. Then the desk itself takes garbage keys and huge
# pastes. The run ends with the line "hostile: N cases …".

. "$(dirname "${BASH_SOURCE[0]}")/t_tui.sh"
shopt -s extglob

T0=2026-11-02T09:00
NOW=2026-11-02T10:00

# Values that are not valid UTF-8.
FF=$'Li\xffLei'                 # a byte that never occurs in UTF-8
CONT=$'13\x80800'               # a continuation byte with nothing before it
OVERLONG=$'\xc0\xaf123'         # '/' spelt in two bytes
SURROGATE=$'A\xed\xa0\x80B'     # a UTF-16 surrogate half
CUT=$'加油\xe6\x9c'             # a character cut short at the end
# Values with control characters.
ESC=$'x\e[2J\e[Hy'              # clears the screen when echoed
BEL=$'ring\aring'
DEL=$'ab\x7fcd'
LF=$'Li\nLei'                   # a line break in a one-line field
TAB=$'Li\tLei'
C1_CSI=$'A\xc2\x9b31mB'         # U+009B, the 8-bit CSI
C1_NEL=$'A\xc2\x85B'            # U+0085, next line

# More than the command line may carry is not possible (one argument is
# at most 128 KiB); files carry megabytes.
BIG=$(head -c 100000 /dev/zero | tr '\0' x)

IN="$WORK/in"    # inputs: configurations, CSV files (not fingerprinted)
DBS="$WORK/dbs"  # database files other than $DB (fingerprinted)

# A complaint with good fields, overridden by the arguments (the last of
# two equal options wins).
new_complaint() {
	at $NOW new --channel phone --category other --customer 李雷 --phone 13800000000 \
		--description 加油机少加了两升 "$@"
}

# The desk under the configuration $IN/NAME.yaml.
with_config() {
	CDESK_NOW=$NOW "$CDESK" --config "$IN/$1.yaml" --db "$DB" new --channel phone --description x
}

# cfg NAME LINE FROM TO: the small valid configuration with FROM changed
# to TO on line LINE (TO may add lines).
cfg() {
	local i=0 line out=""
	for line in "${BASE[@]}"; do
		i=$((i + 1))
		[ $i = "$2" ] && line=${line/"$3"/"$4"}
		out+="$line"$'\n'
	done
	printf '%s' "$out" >"$IN/$1.yaml"
}

# A CSV file NAME with a header and one row.
csv() {
	printf '%s\n%s\n' "$2" "$3" >"$IN/$1.csv"
}

import_csv() {
	at $NOW import "$IN/$1.csv"
}

# on_db PATH ARGS…: cdesk on another database file. A case that hangs
# (on a pipe, say) fails, with exit 124, instead of stopping the run.
on_db() {
	path=$1
	shift
	CDESK_NOW=$NOW timeout -k 2 20 "$CDESK" --db "$path" "$@"
}

# as_nobody PATH ARGS…: the same as someone who may not write everything.
as_nobody() {
	path=$1
	shift
	unprivileged env CDESK_NOW=$NOW timeout -k 2 20 "$CDESK" --db "$path" "$@"
}

# Root may write any file whatever its mode: the read-only cases run as
# nobody then.
unprivileged() {
	if [ "$(id -u)" != 0 ]; then
		"$@"
	elif command -v setpriv >/dev/null; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		echo "cannot act as an unprivileged user (no setpriv)" >"$WORK/setup"
		return 99
	fi
}

# with_file_limit KIB ARGS…: cdesk on a copy of the test database with
# files limited to KIB KiB (ulimit -f), as on a small quota.
with_file_limit() {
	kib=$1
	shift
	(ulimit -f "$kib" && CDESK_NOW=$NOW exec timeout -k 2 20 "$CDESK" --db "$DBS/limit.db" "$@")
	r=$?
	sqlite3 "$DBS/limit.db" 'pragma integrity_check' >"$WORK/check" 2>&1
	[ "$(cat "$WORK/check")" = ok ] || echo "integrity check: $(cat "$WORK/check")" >"$WORK/inner"
	return $r
}

# on_tmpfs full|nearly|ro ARGS…: cdesk with ARGS on a copy of the test
# database on a tmpfs of its own: full to the last byte, full but for room
# to open the database, or mounted read-only. The tmpfs lives in a private
# mount namespace, so it is gone when the case ends, however it ends. The
# database there must hold the same before and after, and pass an
# integrity check once the disk has room again.
on_tmpfs() {
	mode=$1
	shift
	ns="unshare --mount --propagation private"
	[ "$(id -u)" = 0 ] || ns="$ns --map-root-user"
	rm -rf "$WORK/ns" "$WORK/mnt"
	mkdir -p "$WORK/ns" "$WORK/mnt"
	MODE=$mode NS="$WORK/ns" MNT="$WORK/mnt" SRC="$DBS/base.db" NOW=$NOW $ns bash -c '
		fail() { echo "$*" >"$NS/setup"; exit 0; }
		mount -t tmpfs -o size=512k cdesk-hostile "$MNT" || fail "cannot mount a tmpfs"
		cp "$SRC" "$MNT/desk.db" || fail "cannot copy the database to the tmpfs"
		case $MODE in
		ro) # a read-only bind mount over it (remounting a tmpfs read-only
			# is not allowed in a user namespace)
			mount --bind "$MNT" "$MNT" && mount -o remount,bind,ro "$MNT" ||
				fail "cannot make the tmpfs read-only" ;;
		full) dd if=/dev/zero of="$MNT/fill" bs=4k 2>/dev/null ;;
		nearly) # room for the shared memory and a few pages of log
			dd if=/dev/zero of="$MNT/fill" bs=4k count=$(($(df --output=avail -k "$MNT" | tail -1) / 4 - 12)) 2>/dev/null ;;
		esac
		[ "$MODE" = ro ] || [ "$(df --output=avail -k "$MNT" | tail -1)" -le 64 ] || fail "the tmpfs did not fill up"
		sqlite3 "file:$MNT/desk.db?immutable=1" .dump | md5sum >"$NS/before"
		CDESK_NOW=$NOW "$CDESK" --db "$MNT/desk.db" "$@" >"$NS/out" 2>"$NS/err"
		echo $? >"$NS/rc"
		rm -f "$MNT/fill"
		[ "$MODE" != ro ] || umount "$MNT" || fail "cannot take the read-only mount off"
		sqlite3 "$MNT/desk.db" .dump | md5sum >"$NS/after"
		sqlite3 "$MNT/desk.db" "pragma integrity_check" >"$NS/check" 2>&1
	' on_tmpfs "$@" 2>"$WORK/ns/unshare"
	if [ ! -s "$WORK/ns/rc" ]; then
		echo "cannot set up the tmpfs: $(cat "$WORK/ns/setup" "$WORK/ns/unshare" 2>/dev/null)" >"$WORK/setup"
		return 99
	fi
	cmp -s "$WORK/ns/before" "$WORK/ns/after" || echo "the database on the tmpfs changed" >"$WORK/inner"
	[ "$(cat "$WORK/ns/check")" = ok ] || echo "integrity check: $(cat "$WORK/ns/check")" >"$WORK/inner"
	cat "$WORK/ns/out"
	cat "$WORK/ns/err" >&2
	return "$(cat "$WORK/ns/rc")"
}

# What must not change, in $STATE: the test database (all of it, the
# audit trail too), which other database files and directories there are,
# and that none of those files was written since the cases began
# ($WORK/mark). The -wal and -shm files SQLite keeps beside a database
# come and go; what a database holds is in its main file once
# checkpointed, as all of these are. (Cheap: it runs after every case.)
state() {
	sqlite3 "$DB" .sha3sum >"$WORK/sum"
	read -r STATE <"$WORK/sum"
	for f in "$DBS"/!(*-wal|*-shm) "$DBS"/*/!(*-wal|*-shm); do
		STATE+=" $f"
		[ -f "$f" ] && [ "$f" -nt "$WORK/mark" ] && STATE+=" (written)"
	done
}

# clean_text FILE: valid UTF-8, and no control characters but line breaks.
clean_text() {
	local LC_ALL=C t
	IFS= read -r -d '' t <"$1"
	[[ $t != *[$'\x01'-$'\x09'$'\x0b'-$'\x1f'$'\x7f']* ]] || return 1
	[[ $t == *[$'\x80'-$'\xff']* ]] || return 0
	iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && ! LC_ALL=C.UTF-8 grep -qP '[\x{80}-\x{9f}]' "$1"
}

prepare() {
	mkdir -p "$IN" "$DBS"
	phone_complaint $T0 >/dev/null
	at $T0 new --channel walk_in --category fuel_quantity --customer 王芳 --phone 13911112222 \
		--description "小票与加油机不符" >/dev/null
	sql 'pragma wal_checkpoint(TRUNCATE)' >/dev/null
	cp "$DB" "$DBS/base.db"
	cp "$DB" "$DBS/limit.db"

	# Files a report must not write over.
	ln -s "$DB" "$IN/link.db"
	echo "last month's report" >"$IN/existing.txt"

	# Database files.
	echo "not a database at all, just some text that is long enough" >"$DBS/text.db"
	head -c 8192 /dev/urandom >"$DBS/random.db"
	head -c 8192 "$DB" >"$DBS/truncated.db"
	cp "$DB" "$DBS/corrupt.db"
	head -c 16384 /dev/urandom | dd of="$DBS/corrupt.db" bs=4096 seek=2 conv=notrunc 2>/dev/null
	sqlite3 "$DBS/other.db" "create table moz_places(id integer primary key, url text);
		insert into moz_places(url) values ('https://example.com/')"
	cp "$DB" "$DBS/newer.db"
	sqlite3 "$DBS/newer.db" 'pragma user_version = 99'
	mkdir "$DBS/a-directory.db"
	mkfifo "$DBS/fifo.db"
	chmod 755 "$WORK" "$DBS"
	mkdir "$DBS/rofile" "$DBS/rodir"
	cp "$DB" "$DBS/rofile/desk.db"
	chmod 444 "$DBS/rofile/desk.db"
	chmod 777 "$DBS/rofile"
	cp "$DB" "$DBS/rodir/desk.db"
	[ "$(id -u)" = 0 ] && chown 65534 "$DBS/rodir/desk.db"
	chmod 555 "$DBS/rodir"

	# Configurations: a small valid one, then each broken in one place.
	cat >"$IN/base.yaml" <<-'EOF'
	timezone: Asia/Shanghai
	sites: [{id: station-01, name: East Gate}]
	channels: [{id: phone}, {id: walk_in, in_person: true}]
	categories: [{id: other}]
	severities: [{id: normal}, {id: major}]
	roles: [{id: clerk, level: 1, can: [open, handle]}]
	remedies: [{id: refund}]
	calendar:
	  workweek: [mon, tue, wed, thu, fri]
	  day_end: "18:00"
	  business_hours: {start: "09:00", end: "18:00"}
	  holidays:
	    - {from: 2026-10-01, to: 2026-10-07, name: National Day}
	clocks:
	  contact:
	    within: 2h
	    warn_before: 30m
	    starts: [received]
	    met_by: [contact]
	    pausable: false
	escalation:
	  - {id: late, when: {clock: contact, status: breached}, level: 1, notify: clerk}
	EOF
	"$CDESK" config check "$IN/base.yaml" >/dev/null || fail "the base configuration is not valid"
	mapfile -t BASE <"$IN/base.yaml"
	cfg unclosed-list 3 'true}]' 'true}'
	cfg unclosed-quote 2 'name: East Gate' 'name: "East Gate'
	cfg tab-indent 9 '  workweek' $'\tworkweek'
	: >"$IN/empty.yaml"
	echo "just some words" >"$IN/words.yaml"
	cfg sites-scalar 2 '[{id: station-01, name: East Gate}]' station-01
	cfg level-word 6 'level: 1' 'level: high'
	cfg pausable-word 20 false nope
	cfg workweek-scalar 9 '[mon, tue, wed, thu, fri]' mon
	cfg day-end-list 10 '"18:00"' '["18:00"]'
	cfg unknown-top 22 'clerk}' $'clerk}\ncolour: red'
	cfg unknown-nested 17 warn_before warn_befor
	cfg key-twice 16 2h $'2h\n    within: 4h'
	cfg holiday-reversed 13 'to: 2026-10-07' 'to: 2026-09-30'
	cfg day-end-25 10 18:00 25:00
	cfg day-end-60 10 18:00 18:60
	cfg hours-reversed 11 'start: "09:00", end: "18:00"' 'start: "18:00", end: "09:00"'
	cfg minus-2h 16 2h -2h
	cfg hourz 16 2h '2 hourz'
	cfg working-days 16 2h '3 working dayz'
	cfg feb-30 13 'from: 2026-10-01' 'from: 2026-02-30'
	cfg month-13 13 'Day}' $'Day}\n  working_days: [2026-13-01]'
	cfg bad-utf8 2 'East Gate' $'East\xffGate'
	cfg raw-control 4 other $'ot\x01her'
	cfg escaped-control 2 'East Gate' '"East\e[2JGate"'
	cfg default-site 22 'clerk}' $'clerk}\ndefault_site: nowhere'
	cfg rule-category 22 '{clock: contact, status: breached}' '{category: fuel}'
	cfg rule-role 22 'notify: clerk' 'notify: boss'
	cfg timezone 1 Asia/Shanghai Mars/Olympus
	{ cat "$IN/base.yaml"; head -c 5000000 /dev/zero | tr '\0' '#'; echo; } >"$IN/huge.yaml"
	# One name of 100 KB given to a thousand categories by an alias.
	{ printf 'categories: [{id: c0, name: &n {zh_CN: "'; head -c 100000 /dev/zero | tr '\0' x
	  printf '", en: x}}'; for i in $(seq 999); do printf ', {id: c%s, name: *n}' "$i"; done; echo ']'; } \
		>"$WORK/cats"
	cfg alias-bomb 4 'categories: [{id: other}]' "$(cat "$WORK/cats")"
	cp "$IN/base.yaml" "$IN/everyone.yaml"
	chmod 666 "$IN/everyone.yaml"

	# CSV files for import.
	head="channel,category,customer,phone,description,note,site"
	csv cell-utf8 "$head" "phone,other,$FF,13800000000,油少了,,"
	csv cell-escape "$head" "phone,other,李雷,13800000000,油少了$ESC,,"
	csv cell-c1 "$head" "phone,other,李雷,13800000000,油少了,$C1_NEL,"
	csv header-escape "channel,description,co${ESC}lour" "phone,x,y"
	printf '%s\nphone,other,Li\0Lei,13800000000,x,,\n' "$head" >"$IN/nul.csv"
	csv unknown-site "$head" "phone,other,李雷,13800000000,油少了,,nowhere"
	csv unknown-category "$head" "phone,fuel,李雷,13800000000,油少了,,"
	{ echo "$head"; printf 'phone,other,李雷,13800000000,"'; head -c 3000000 /dev/zero | tr '\0' y
	  printf '",,\n'; } >"$IN/mb-description.csv"
	{ echo "$head"; printf 'phone,other,'; head -c 3000000 /dev/zero | tr '\0' z
	  printf ',13800000000,x,,\n'; } >"$IN/mb-customer.csv"
	{ printf 'channel,description,'; head -c 3000000 /dev/zero | tr '\0' c; printf '\nphone,x,y\n'; } \
		>"$IN/mb-header.csv"
}

# The cases. NAME | EXIT | TEXT the message must contain | COMMAND (run by
# eval; stdin is /dev/null). The family is the word before the colon.
cases() {
	cat <<-'EOF'
	config: a flow list never closed | 3 | unclosed-list.yaml:4:1: did not find expected ',' or ']' while parsing a flow sequence (it starts at 3:11) | with_config unclosed-list
	config: a quote never closed | 3 | unclosed-quote.yaml:10:13: did not find expected ',' or '}' while parsing a flow mapping (it starts at 2:9) | with_config unclosed-quote
	config: a tab for indentation | 3 | tab-indent.yaml:9:1: found character that cannot start any token | with_config tab-indent
	config: an empty file | 3 | empty.yaml:1:1: the configuration is empty | with_config empty
	config: a 100 KB name aliased a thousand times | 3 | alias-bomb.yaml:4:40: reading this configuration would take more than 1 MiB: aliases repeat what they name | with_config alias-bomb
	config: words instead of a mapping | 3 | words.yaml:1:1: expected the configuration | with_config words
	config: a word where a list goes | 3 | sites-scalar.yaml:2:8: expected a list of entries (a list) | with_config sites-scalar
	config: a word where a number goes | 3 | level-word.yaml:6:28: expected a whole number from 0 to 100, found 'high' | with_config level-word
	config: a word where true/false goes | 3 | pausable-word.yaml:20:15: expected true or false, found 'nope' | with_config pausable-word
	config: a word where weekdays go | 3 | workweek-scalar.yaml:9:13: expected a list of weekdays (mon … sun) (a list) | with_config workweek-scalar
	config: a list where a time goes | 3 | day-end-list.yaml:10:12: expected a time of day, found a list or mapping | with_config day-end-list
	config: an unknown top-level key | 3 | unknown-top.yaml:23:1: unknown key 'colour' | with_config unknown-top
	config: an unknown key in a clock | 3 | unknown-nested.yaml:17:5: unknown key 'warn_befor' | with_config unknown-nested
	config: a key given twice | 3 | key-twice.yaml:17:5: the key 'within' is given twice | with_config key-twice
	config: a holiday range reversed | 3 | holiday-reversed.yaml:13:7: the range ends before it starts | with_config holiday-reversed
	config: day_end 25:00 | 3 | day-end-25.yaml:10:12: expected a time of day HH:MM from 00:00 to 24:00, found '25:00' | with_config day-end-25
	config: day_end 18:60 | 3 | day-end-60.yaml:10:12: expected a time of day HH:MM from 00:00 to 24:00, found '18:60' | with_config day-end-60
	config: business hours reversed | 3 | hours-reversed.yaml:11:19: business hours must end after they start | with_config hours-reversed
	config: a duration of -2h | 3 | minus-2h.yaml:16:13: '-2h' is not a duration | with_config minus-2h
	config: a duration of 2 hourz | 3 | hourz.yaml:16:13: '2 hourz' is not a duration | with_config hourz
	config: a duration of 3 working dayz | 3 | working-days.yaml:16:13: '3 working dayz' is not a duration | with_config working-days
	config: the date 2026-02-30 | 3 | feb-30.yaml:13:14: '2026-02-30' is not a date | with_config feb-30
	config: the date 2026-13-01 | 3 | month-13.yaml:14:18: '2026-13-01' is not a date | with_config month-13
	config: invalid UTF-8 in a name | 3 | bad-utf8.yaml:2:36: invalid leading UTF-8 octet | with_config bad-utf8
	config: a raw control character | 3 | raw-control.yaml:4:21: control characters are not allowed | with_config raw-control
	config: an escaped control character | 3 | escaped-control.yaml:2:32: expected a text value, found invalid UTF-8 or control characters | with_config escaped-control
	config: an unknown default site | 3 | default-site.yaml:23:15: unknown site 'nowhere' | with_config default-site
	config: an unknown category in a rule | 3 | rule-category.yaml:22:33: unknown category 'fuel' | with_config rule-category
	config: an unknown role in a rule | 3 | rule-role.yaml:22:76: unknown role 'boss' | with_config rule-role
	config: an unknown time zone | 3 | timezone.yaml:1:11: unknown time zone 'Mars/Olympus' | with_config timezone
	config: a file of 5 MB | 3 | huge.yaml: the configuration is larger than 4 MiB | with_config huge
	config: a file anyone may write | 3 | everyone.yaml: anyone may write this file | with_config everyone
	config: a file that does not exist | 3 | missing.yaml: cannot read the configuration: No such file or directory | with_config missing
	config: an empty --config | 2 | option '--config' needs a value | at $NOW --config "" list
	field: customer, invalid UTF-8 | 7 | the field 'customer' holds invalid UTF-8 or control characters | new_complaint --customer "$FF"
	field: customer, a line break | 7 | the field 'customer' holds invalid UTF-8 or control characters | new_complaint --customer "$LF"
	field: phone, a stray continuation byte | 7 | the field 'phone' holds invalid UTF-8 | new_complaint --phone "$CONT"
	field: phone, an escape sequence | 7 | the field 'phone' holds invalid UTF-8 or control characters | new_complaint --phone "$ESC"
	field: plate, an overlong encoding | 7 | the field 'plate' holds invalid UTF-8 | new_complaint --plate "$OVERLONG"
	field: plate, the 8-bit CSI | 7 | the field 'plate' holds invalid UTF-8 or control characters | new_complaint --plate "$C1_CSI"
	field: reference, a surrogate | 7 | the field 'reference' holds invalid UTF-8 | new_complaint --reference "$SURROGATE"
	field: reference, DEL | 7 | the field 'reference' holds invalid UTF-8 or control characters | new_complaint --reference "$DEL"
	field: description, a cut character | 7 | the field 'description' holds invalid UTF-8 | new_complaint --description "$CUT"
	field: description, a bell | 7 | the field 'description' holds invalid UTF-8 or control characters | new_complaint --description "$BEL"
	field: request, invalid UTF-8 | 7 | the field 'request' holds invalid UTF-8 | new_complaint --request "$FF"
	field: request, NEL (U+0085) | 7 | the field 'request' holds invalid UTF-8 or control characters | new_complaint --request "$C1_NEL"
	field: receiver, a stray continuation byte | 7 | the field 'receiver' holds invalid UTF-8 | new_complaint --receiver "$CONT"
	field: receiver, an escape sequence | 7 | the field 'receiver' holds invalid UTF-8 or control characters | new_complaint --receiver "$ESC"
	field: owner, an overlong encoding | 7 | the field 'owner' holds invalid UTF-8 | new_complaint --owner "$OVERLONG"
	field: owner, a tab | 7 | the field 'owner' holds invalid UTF-8 or control characters | new_complaint --owner "$TAB"
	field: site, an escape sequence | 7 | the field 'site' holds invalid UTF-8 or control characters | new_complaint --site "$ESC"
	field: intake note, a surrogate | 7 | the note holds invalid UTF-8 | new_complaint --note "$SURROGATE"
	field: intake note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | new_complaint --note "$ESC"
	field: update customer, invalid UTF-8 | 7 | the field 'customer' holds invalid UTF-8 | at $NOW update 1 --customer "$FF"
	field: update plate, the 8-bit CSI | 7 | the field 'plate' holds invalid UTF-8 or control characters | at $NOW update 1 --plate "$C1_CSI"
	field: update note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW update 1 --plate 沪A12345 --note "$ESC"
	field: step note, a cut character | 7 | the note holds invalid UTF-8 | at $NOW step 1 listen --note "$CUT"
	field: step note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW step 1 listen --note "$ESC"
	field: note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW note 1 "$FF"
	field: note, NEL (U+0085) | 7 | the note holds invalid UTF-8 or control characters | at $NOW note 1 "$C1_NEL"
	field: contact note, a stray continuation byte | 7 | the note holds invalid UTF-8 | at $NOW contact 1 --note "$CONT"
	field: contact note, a bell | 7 | the note holds invalid UTF-8 or control characters | at $NOW contact 1 --note "$BEL"
	field: contact way, an escape sequence | 7 | unknown way of contact 'x\x1b[2J\x1b[Hy' | at $NOW contact 1 --how "$ESC"
	field: feedback note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW feedback 1 --note "$FF"
	field: feedback note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW feedback 1 --note "$ESC"
	field: promise, an overlong encoding | 7 | the note holds invalid UTF-8 | at $NOW promise 2 --due 2026-11-03T10:00 --note "$OVERLONG"
	field: promise, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW promise 2 --due 2026-11-03T10:00 --note "$ESC"
	field: pause note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW pause 2 --note "$FF"
	field: pause note, DEL | 7 | the note holds invalid UTF-8 or control characters | at $NOW pause 2 --note "$DEL"
	field: escalate note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW escalate 1 station_manager --note "$FF"
	field: escalate note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW escalate 1 station_manager --note "$ESC"
	field: escalate role, an escape sequence | 7 | unknown role 'x\x1b[2J\x1b[Hy' | at $NOW escalate 1 "$ESC"
	field: assign user, an escape sequence | 7 | the user name 'x\x1b[2J\x1b[Hy' is not valid text | at $NOW assign 1 "$ESC"
	field: remedy note, a cut character | 7 | the note holds invalid UTF-8 | at $NOW remedy 2 refund --amount 10 --note "$CUT"
	field: remedy note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW remedy 2 refund --amount 10 --note "$ESC"
	field: remedy, invalid UTF-8 | 7 | unknown remedy 'Li\xffLei' | at $NOW remedy 2 "$FF"
	field: cause, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW cause 2 company --note "$FF"
	field: cause, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW cause 2 company --note "$ESC"
	field: measure, invalid UTF-8 | 7 | the measure holds invalid UTF-8 | at $NOW cause 2 company --note x --measure "$FF"
	field: measure owner, an escape sequence | 7 | the measure's owner holds invalid UTF-8 or control characters | at $NOW cause 2 company --note x --measure y --measure-owner "$ESC"
	field: satisfaction note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW satisfaction 2 --outcome 4 --procedure 4 --treatment 4 --satisfied --note "$FF"
	field: withdraw note, a surrogate | 7 | the note holds invalid UTF-8 | at $NOW withdraw 1 --note "$SURROGATE"
	field: withdraw note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW withdraw 1 --note "$ESC"
	field: resume note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW resume 1 --note "$FF"
	field: reopen note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW reopen 1 --note "$ESC"
	field: measure note, a surrogate | 7 | the note holds invalid UTF-8 | at $NOW measure 2 --note "$SURROGATE"
	field: approve note, an escape sequence | 7 | the note holds invalid UTF-8 or control characters | at $NOW approve 2 --note "$ESC"
	field: refuse note, invalid UTF-8 | 7 | the note holds invalid UTF-8 | at $NOW refuse 2 --note "$FF"
	field: user name, an escape sequence | 7 | the user name 'x\x1b[2J\x1b[Hy' is not valid text | CDESK_NEW_PIN=2468 at $NOW user add "$ESC" --role admin
	field: user display name, invalid UTF-8 | 7 | the display name is not valid text | CDESK_NEW_PIN=2468 at $NOW user add boss --role admin --display "$FF"
	field: user login, a line break | 7 | the system login is not valid text | CDESK_NEW_PIN=2468 at $NOW user add boss --role admin --login "$LF"
	field: PIN, an escape sequence | 7 | a PIN must be text, without control characters | CDESK_NEW_PIN="$ESC" at $NOW user add boss --role admin
	field: acting user, invalid UTF-8 | 7 | the user name 'Li\xffLei' is not valid text | at $NOW --as "$FF" note 1 x
	field: acting user, an escape sequence | 7 | the user name 'x\x1b[2J\x1b[Hy' is not valid text | at $NOW --as "$ESC" note 1 x
	field: CSV cell, invalid UTF-8 | 7 | cell-utf8.csv:2: the field 'customer' holds invalid UTF-8 | import_csv cell-utf8
	field: CSV cell, an escape sequence | 7 | cell-escape.csv:2: the field 'description' holds invalid UTF-8 or control characters | import_csv cell-escape
	field: CSV note, NEL (U+0085) | 7 | cell-c1.csv:2: the note holds invalid UTF-8 or control characters | import_csv cell-c1
	field: CSV cell, a NUL byte | 7 | nul.csv:2: a NUL byte: this is not a text file | import_csv nul
	field: CSV header, an escape sequence | 7 | header-escape.csv:1: unknown column 'cox\x1b[2J\x1b[Hylour' | import_csv header-escape
	size: a description of 100 KB | 7 | the field 'description' is longer than 20000 bytes | new_complaint --description "$BIG"
	size: a customer of 100 KB | 7 | the field 'customer' is longer than 200 bytes | new_complaint --customer "$BIG"
	size: a note of 100 KB | 7 | the note is longer than 20000 bytes | at $NOW note 1 "$BIG"
	size: a CSV description of 3 MB | 7 | mb-description.csv:2: the field 'description' is longer than 20000 bytes | import_csv mb-description
	size: a CSV customer of 3 MB | 7 | mb-customer.csv:2: the field 'customer' is longer than 200 bytes | import_csv mb-customer
	size: a CSV column name of 3 MB | 7 | mb-header.csv:1: unknown column 'cccc | import_csv mb-header
	value: an unknown site | 7 | unknown site 'nowhere' (known: station-01, station-02, dealer-01) | new_complaint --site nowhere
	value: an unknown category | 7 | unknown category 'fuel' (known: service_attitude, | new_complaint --category fuel
	value: an unknown site on update | 7 | unknown site 'nowhere' | at $NOW update 1 --site nowhere
	value: an unknown category on update | 7 | unknown category 'fuel' | at $NOW update 1 --category fuel
	value: an unknown site in a CSV row | 7 | unknown-site.csv:2: unknown site 'nowhere' | import_csv unknown-site
	value: an unknown category in a CSV row | 7 | unknown-category.csv:2: unknown category 'fuel' | import_csv unknown-category
	value: an unknown site for the report | 7 | unknown site 'nowhere' | at $NOW report --site nowhere
	value: received 2026-02-30 | 2 | '2026-02-30' is not a valid time | new_complaint --received 2026-02-30
	value: received at 25:00 | 2 | '2026-11-02T25:00' is not a valid time | new_complaint --received 2026-11-02T25:00
	value: a promise due 2026-02-30 | 2 | '2026-02-30T12:00' is not a valid time | at $NOW promise 2 --due 2026-02-30T12:00 --note x
	value: now on 29 February 2026 | 2 | '2026-02-29T10:00' is not a valid time | CDESK_NOW=2026-02-29T10:00 desk list
	value: due within -2h | 2 | --within takes a plain duration such as 4h or 2d | at $NOW due --within -2h
	value: due within 2 hourz | 2 | --within takes a plain duration such as 4h or 2d | at $NOW due --within "2 hourz"
	value: a negative amount | 2 | --amount takes a number such as 50 or 49.50, not '-5' | at $NOW remedy 2 refund --amount -5
	value: an amount of nan | 2 | --amount takes a number such as 50 or 49.50, not 'nan' | at $NOW remedy 2 refund --amount nan
	value: an amount of 1e308 | 7 | the amount must be between 0 and 1000000000 | at $NOW remedy 2 refund --amount 1e308
	value: an amount of 0x10 | 2 | --amount takes a number such as 50 or 49.50, not '0x10' | at $NOW remedy 2 refund --amount 0x10
	value: an amount of -0 | 2 | --amount takes a number such as 50 or 49.50, not '-0' | at $NOW remedy 2 refund --amount -0
	value: an amount of 100.004 | 2 | --amount takes a number such as 50 or 49.50, not '100.004' | at $NOW remedy 2 refund --amount 100.004
	value: a score of 6 | 2 | --outcome must be a whole number from 1 to 5, not '6' | at $NOW satisfaction 2 --outcome 6 --procedure 1 --treatment 1 --satisfied
	value: an empty --db | 2 | option '--db' needs a value | CDESK_NOW=$NOW "$CDESK" --db "" list
	trust: a report over its own database | 1 | is this desk's database | at $NOW report --month 2026-10 --output "$DB"
	trust: a report over the database's -wal | 1 | is this desk's database | at $NOW report --month 2026-10 --output "$DB-wal"
	trust: a report over the database by a link | 1 | is this desk's database | at $NOW report --month 2026-10 --output "$IN/link.db"
	trust: a report over a file that exists | 1 | exists already; give --force to replace it | at $NOW report --month 2026-10 --output "$IN/existing.txt"
	trust: a change dated after the machine's clock | 7 | is later than this machine's clock | CDESK_NOW=2099-01-01T10:00 desk note 1 x
	trust: a sweep in the year 9999 | 7 | is later than this machine's clock | CDESK_NOW=9999-12-29T00:00 desk sweep
	database: a text file | 5 | dbs/text.db is not a cdesk database (not an SQLite file) | on_db "$DBS/text.db" list
	database: random bytes | 5 | dbs/random.db is not a cdesk database (not an SQLite file) | on_db "$DBS/random.db" list
	database: a truncated database | 5 | dbs/truncated.db is damaged | on_db "$DBS/truncated.db" list
	database: a damaged database | 5 | dbs/corrupt.db is damaged | on_db "$DBS/corrupt.db" new --channel phone --description x
	database: another program's database | 5 | dbs/other.db is an SQLite database of another program | on_db "$DBS/other.db" list
	database: a newer schema | 5 | dbs/newer.db has schema version 99, newer than this cdesk understands | on_db "$DBS/newer.db" list
	database: a missing directory | 5 | dbs/no/such/dir/desk.db: its directory does not exist | on_db "$DBS/no/such/dir/desk.db" list
	database: a directory | 5 | dbs/a-directory.db is a directory, not a database file | on_db "$DBS/a-directory.db" list
	database: a named pipe | 5 | dbs/fifo.db is not a regular file | on_db "$DBS/fifo.db" list
	database: a read-only file | 5 | the database $DBS/rofile/desk.db is read-only; nothing was changed | as_nobody "$DBS/rofile/desk.db" step 1 listen
	database: a read-only directory | 5 | the directory $DBS/rodir is read-only, and the database in it needs to keep its -wal and -shm files there | as_nobody "$DBS/rodir/desk.db" step 1 listen
	database: a read-only file system | 5 | the database $WORK/mnt/desk.db is on a read-only file system; nothing was changed | on_tmpfs ro step 1 listen
	database: a full disk | 5 | the disk holding $WORK/mnt/desk.db is full; nothing was changed | on_tmpfs full step 1 listen
	database: a disk too full for the write | 5 | the disk holding $WORK/mnt/desk.db is full; nothing was changed | on_tmpfs nearly new --channel phone --description "$BIG2"
	database: a file size limit (ulimit -f) | 5 | the file size limit | with_file_limit 40 new --channel phone --description "$BIG2"
	EOF
}

test_hostile_input_is_refused_cleanly() {
	sqlite_only "every case is checked against the file's bytes (sha3sum) and the database files beside it"
	# Whatever happens, leave nothing the runner cannot remove.
	trap 'chmod -R u+w "$DBS" 2>/dev/null' EXIT
	prepare
	# A description that fills many pages, in words the search index takes.
	BIG2=$(seq 10000 12800 | tr '\n' ' ' | head -c 19000)
	problems=""
	declare -A families
	n=0
	: >"$WORK/mark"
	state
	base=$STATE
	while IFS='|' read -r name want msg cmd; do
		name=${name##+([[:space:]])} name=${name%%+([[:space:]])}
		want=${want//[[:space:]]/}
		msg=${msg##+([[:space:]])} msg=${msg%%+([[:space:]])}
		msg=${msg//'$WORK'/$WORK} msg=${msg//'$DBS'/$DBS}
		n=$((n + 1))
		family=${name%%:*}
		families[$family]=$((${families[$family]:-0} + 1))
		: >"$WORK/inner"
		: >"$WORK/setup"
		eval "$cmd" </dev/null >"$WORK/out" 2>"$WORK/err"
		got=$?
		err=""
		IFS= read -r -d '' err <"$WORK/err"
		why=""
		if [ -s "$WORK/setup" ]; then
			why="cannot be set up: $(cat "$WORK/setup")"
		elif [ "$got" != "$want" ]; then
			why="exit $got, want $want"
		elif [[ $err != *"$msg"* ]]; then
			why="the message does not say '$msg'"
		elif ! clean_text "$WORK/err"; then
			why="the message is not clean text (UTF-8 without control characters)"
		elif [[ $err != cdesk* ]] || [ ${#err} -gt 1500 ]; then
			why="the message is not one short message from cdesk"
		elif [ -s "$WORK/out" ]; then
			why="it printed on standard output: $(head -c 200 "$WORK/out")"
		elif [ -s "$WORK/inner" ]; then
			why=$(cat "$WORK/inner")
		fi
		state
		if [ "$STATE" != "$base" ]; then
			why="${why:+$why; }a database changed"
			base=$STATE
		fi
		if [ -n "$why" ]; then
			problems="$problems
  $name: $why
      stderr: $(head -c 300 "$WORK/err" | cat -v)"
		fi
	done < <(cases)

	# Each session in a subshell of its own, with its own tmux sockets, so
	# that one failing does not hide the others.
	tui=0
	for t in tui_garbage_bytes tui_escape_sequences_and_function_keys tui_paste_into_intake tui_paste_into_search; do
		tui=$((tui + 1))
		families[tui]=$((${families[tui]:-0} + 1))
		out=$( (STARTS=$((tui * 10)) SOCK="$WORK/none.sock"
			trap tui_stop EXIT
			"$t") 2>&1) || problems="$problems
  tui: $t: $(echo "$out" | grep -A3 FAILED | head -4)"
	done

	[ -z "$problems" ] || fail "cases not refused cleanly:$problems"
	detail=""
	for f in config field size value trust database tui; do
		detail="$detail${detail:+, }${families[$f]} $f"
	done
	figure "hostile: $((n + tui)) cases, all refused cleanly ($detail)"
}

# The desk: garbage keys and huge pastes ------------------------------------

# garbage N SEED: N pseudo-random bytes as hex, the same on every run,
# without the bytes listed in $SKIP.
garbage() {
	local n=$1 x=$2 b out=""
	while [ "$n" -gt 0 ]; do
		x=$(((x * 1103515245 + 12345) % 2147483648))
		printf -v b '%02x' $(((x >> 16) & 255))
		case " $SKIP " in *" $b "*) continue ;; esac
		out="$out $b"
		n=$((n - 1))
	done
	echo $out
}

# Quit with Ctrl-C (from whatever screen or dialog): the desk exits 0 and
# gives the terminal back.
tui_quit_clean() {
	screen | grep -q EXITED && fail "the desk died: $(screen)"
	# The desk is the pane's child (under make valgrind, valgrind running it).
	pgrep -P "$(tmux -S "$SOCK" display -p '#{pane_pid}')" >/dev/null || fail "no desk process"
	keys C-c
	wait_for "EXITED 0"
	assert_eq "$(tmux -S "$SOCK" display -p '#{alternate_on} #{cursor_flag}')" "0 1" \
		"alternate screen and cursor after quitting"
}

# Check the description of complaint ID: valid UTF-8, no control
# characters but line breaks and tabs, at most 5000 characters.
check_saved_text() {
	sqlite3 "$DB" "select description from complaints where id = $1" >"$WORK/saved"
	iconv -f UTF-8 -t UTF-8 "$WORK/saved" >/dev/null 2>&1 || fail "the saved text is not valid UTF-8"
	grep -qP '[\x00-\x08\x0b-\x1f\x7f-\x9f]' "$WORK/saved" && fail "the saved text holds control characters"
	len=$(sqlite3 "$DB" "select length(description) from complaints where id = $1")
	[ "$len" -le 5000 ] || fail "the saved text has $len characters"
}

# Note the database as $before, open the desk and the intake (a new
# complaint starts on the description).
intake_open() {
	state
	before=$STATE
	tui_start 80 24 $NOW
	wait_for "All open"
	keys n
	wait_for "New complaint — Listen"
}

# The same, and start typing the description.
intake_typing() {
	intake_open
	type_text "Pump 4 "
}

# Random bytes typed into the intake's text area: the desk lives on, the
# text stays valid, nothing is saved until the page is confirmed. Left out
# are the keys that end or save the page (Esc, Tab, Ctrl-S, and Ctrl-C,
# which quits).
tui_garbage_bytes() {
	intake_typing
	SKIP="03 09 13 1b"
	for seed in 1 2 3 4; do
		keys -H $(garbage 1000 $seed)
	done
	type_text " "
	keys Escape
	wait_for "Leave this step?"
	keys n
	wait_gone "Leave this step?"
	wait_for "New complaint — Listen"
	state
	assert_eq "$STATE" "$before" "the database after garbage keys"
	keys End
	type_text " END"
	keys Tab Tab Tab Space Tab Space F10
	wait_for "Saved. Next: Apologize."
	id=$(sql 'select max(id) from complaints')
	check_saved_text "$id"
	assert_contains "$(cat "$WORK/saved")" " END"
	tui_quit_clean
}

# Function keys, keypad keys and escape sequences the desk does not know
# (cursor moves, a window title, mouse reports, a stray end of paste).
# F1 (help) and F10 (save) are the desk's own.
tui_escape_sequences_and_function_keys() {
	intake_typing
	keys F2 F3 F4 F5 F6 F7 F8 F9 F11 F12 IC DC Home End PPage NPage Left Right Up Down BTab
	keys M-a M-x S-F3 C-F5
	keys -H 1b 5b 39 39 39 3b 39 39 39 48   # CSI 999;999 H
	keys -H 1b 5d 30 3b 74 69 74 6c 65 07   # OSC 0;title BEL
	keys -H 1b 5b 3c 30 3b 31 30 3b 35 4d   # SGR mouse press
	keys -H 1b 5b 32 30 31 7e               # the end of a paste that never began
	keys -H 1b 50 31 24 72 1b 5c            # DCS … ST
	keys -H 1b 5b 31 3b 35 50 1b 1b 1b      # Ctrl-F1, then Esc three times
	keys -H 1c 1a 11 00 7f                  # Ctrl-\, Ctrl-Z, Ctrl-Q, NUL, DEL
	type_text "still here"
	wait_for "New complaint"
	state
	assert_eq "$STATE" "$before" "the database after escape sequences"
	tui_quit_clean
	state
	assert_eq "$STATE" "$before" "the database after quitting"
}

# A text of about 100 KB: lines of Chinese and English.
paste_text() {
	for i in $(seq -w 1 1300); do
		printf '第%s行：加油机显示40升，小票只有38升。\tPump 4 showed 40 L; quite a loss.\n' "$i"
	done >"$WORK/paste.txt"
	[ "$(stat -c %s "$WORK/paste.txt")" -gt 90000 ] || fail "the paste is too small"
}

paste_it() {
	tmux -S "$SOCK" load-buffer -b big "$WORK/paste.txt"
	tmux -S "$SOCK" paste-buffer -p -b big
}

# A huge paste into the intake's text area is text, all of it: line breaks
# and tabs do not move to other fields. The area keeps what fits (5000
# characters, the first of the paste), and saves it when asked.
tui_paste_into_intake() {
	paste_text
	intake_open
	paste_it
	keys Escape
	wait_for "Leave this step?"
	keys n
	wait_gone "Leave this step?"
	state
	assert_eq "$STATE" "$before" "the database after the paste"
	keys Tab Tab Tab Space Tab Space F10
	wait_for "Saved. Next: Apologize."
	id=$(sql 'select max(id) from complaints')
	check_saved_text "$id"
	# What was kept is the start of the paste (tabs became spaces).
	want=$(tr '\t' ' ' <"$WORK/paste.txt")
	assert_eq "$(cat "$WORK/saved")" "$(printf '%s' "${want:0:5000}")" "the pasted description"
	tui_quit_clean
}

# A huge paste into the search box stays in the box: its line breaks do not
# run the search, and the rest does not act as keys on the queue (a q
# would quit).
tui_paste_into_search() {
	paste_text
	state
	before=$STATE
	tui_start 80 24 $NOW
	wait_for "All open"
	keys /
	wait_for "Search customer"
	paste_it
	keys Enter
	wait_for "Nothing matches the search"
	wait_for "0 found for"
	state
	assert_eq "$STATE" "$before" "the database after the paste"
	# The box holds the first 2000 characters, on one line.
	keys /
	wait_for "Search customer"
	want=$(tr '\t\n' '  ' <"$WORK/paste.txt")
	want=${want:0:2000}
	wait_for "${want:1988:12}"
	keys Escape Escape
	wait_for "All open"
	tui_quit_clean
	state
	assert_eq "$STATE" "$before" "the database after quitting"
}
