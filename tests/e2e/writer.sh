#!/bin/bash
# A clerk at a desk, as a script: records complaints and takes each one
# through its steps, and logs every change cdesk reported saved, as
# "new ID", "step ID STEP" or "feedback ID", to LOG. A refusal is logged as
# "FAIL what: message" and ends the writer. Runs until killed, or until the
# clock (bash's EPOCHSECONDS, Unix time) reaches UNTIL when given; it takes
# one complaint through in any case, even when the clock is there already.
#   CDESK=… DB=… NOW=… bash writer.sh LOG [UNTIL]
log=$1
until=${2:-}

c() {
	CDESK_NOW=$NOW "$CDESK" --db "$DB" "$@" 2>>"$log.err"
}

saved() {
	echo "$*" >>"$log"
}

refused() {
	echo "FAIL $*: $(tail -1 "$log.err")" >>"$log"
	exit 1
}

while :; do
	phone=139$(printf %08d $((RANDOM * 32768 + RANDOM)))
	id=$(c new --channel phone --category fuel_quantity --customer "李四" --phone "$phone" \
		--description "加油机跳枪后仍在计数，多收了钱") || refused new
	saved "new $id"
	for s in listen apologize record start; do
		c step "$id" "$s" >/dev/null || refused "step $id $s"
		saved "step $id $s"
	done
	c feedback "$id" --note "已联系油站核实" >/dev/null || refused "feedback $id"
	saved "feedback $id"
	c step "$id" resolve --note "退还差价" >/dev/null || refused "step $id resolve"
	saved "step $id resolve"
	[ -z "$until" ] || [ "$EPOCHSECONDS" -lt "$until" ] || break
done
