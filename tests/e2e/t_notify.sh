# Messages that reach people: the owner warned before a deadline, the
# station manager told when it passes, nothing twice, nothing at night that
# can wait, retries while a server is down, and a crash mid-delivery — all
# against a local HTTP server and a local SMTP server started here.

NOTIFY_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$NOTIFY_HERE/t_tui.sh"
# Debian's python3, which has python3-aiosmtpd.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
MON=2026-11-02 # a Monday

# sink NAME SCRIPT [ARGS…]: start a server in $WORK/NAME; prints its port.
sink() {
	mkdir -p "$WORK/$1"
	"$PY" "$NOTIFY_HERE/$2" "$WORK/$1" "${@:3}" >"$WORK/$1/log" 2>&1 &
	echo $! >"$WORK/$1/pid"
	for _ in $(seq 200); do
		[ -s "$WORK/$1/port" ] && break
		sleep 0.05
	done
	[ -s "$WORK/$1/port" ] || fail "the $1 server did not start: $(cat "$WORK/$1/log")"
	cat "$WORK/$1/port"
}

stop_sinks() {
	for p in "$WORK"/http/pid "$WORK"/smtp/pid "$WORK"/https/pid; do
		[ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	wait 2>/dev/null
}

# posts: how many POSTs the HTTP server has had; post N: the Nth (JSON).
posts() { [ -s "$WORK/http/posts.jsonl" ] && wc -l <"$WORK/http/posts.jsonl" || echo 0; }
post() { sed -n "$1p" "$WORK/http/posts.jsonl"; }
mails() { ls "$WORK"/smtp/mail-*.eml 2>/dev/null | wc -l; }
# mail_text N: the Nth mail's subject and body, decoded.
mail_text() {
	"$PY" -c 'import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print("To:", m["To"]); print("Subject:", m["Subject"]); print(m.get_body(preferencelist=("plain",)).get_content())' "$WORK/smtp/mail-$1.eml"
}

# A desk whose training configuration reaches people: mail through the
# local SMTP server, the station managers of station-01 in a DingTalk-style
# robot on the local HTTP server (key from the environment, signing
# secret from a 0600 file). Accounts: admin; zhang, service advisor
# (mail in Chinese, and a personal webhook); wang, station manager (mail
# in English). zhang records a phone complaint at MON 09:00: its contact
# clock falls due at 11:00 and warns from 10:30.
reachable_desk() {
	HTTP=$(sink http http_sink.py) || exit 1
	SMTP=$(sink smtp smtp_sink.py) || exit 1
	trap stop_sinks EXIT
	printf 'dingtalk_secret=SEC-test-123\n' >"$WORK/secrets"
	chmod 600 "$WORK/secrets"
	export CDESK_TEST_ROBOT_TOKEN=tok-east
	"$CDESK" config show | sed -e '/^notify:/,$d' -e '/^auth:$/a\  pinned_clock: true' >"$WORK/notify.yaml"
	cat >>"$WORK/notify.yaml" <<-YAML
	notify:
	  max_attempts: 3
	  timeout: 5s
	  secrets_file: $WORK/secrets
	  smtp: {url: "smtp://127.0.0.1:$SMTP", from: cdesk@station.example, starttls: false}
	  channels:
	    - id: east-managers
	      kind: dingtalk
	      url: http://127.0.0.1:$HTTP/robot/send
	      token: env:CDESK_TEST_ROBOT_TOKEN
	      secret: file:dingtalk_secret
	      roles: [station_manager]
	      sites: [station-01]
	      language: zh_CN
	YAML
	export CDESK_CONFIG="$WORK/notify.yaml"
	CDESK_NEW_PIN=pin-admin at ${MON}T08:00 user add admin --role admin >/dev/null || fail "cannot add the admin"
	export CDESK_USER=admin CDESK_PIN=pin-admin
	CDESK_NEW_PIN=pin-zhang at ${MON}T08:01 user add zhang --role service_advisor --sites station-01 \
		--email zhang@station.example --language zh_CN --webhook "http://127.0.0.1:$HTTP/zhang" >/dev/null ||
		fail "cannot add zhang"
	CDESK_NEW_PIN=pin-wang at ${MON}T08:02 user add wang --role station_manager --sites station-01 \
		--email wang@station.example --language en >/dev/null || fail "cannot add wang"
	# A station manager elsewhere hears nothing of station-01.
	CDESK_NEW_PIN=pin-li at ${MON}T08:03 user add li --role station_manager --sites station-02 \
		--email li@station.example >/dev/null || fail "cannot add li"
}

zhang_complaint() {
	CDESK_USER=zhang CDESK_PIN=pin-zhang phone_complaint "$1" >/dev/null || fail "zhang cannot record"
}

outbox() { sql "select count(*) from outbox"; }
# mail_with TEXT [TO]: the number of the first mail whose subject has
# TEXT (and whose To: has TO).
mail_with() {
	for f in $(ls "$WORK"/smtp/mail-*.eml 2>/dev/null | sort -t- -k2 -n); do
		n=${f##*/mail-}
		n=${n%.eml}
		head=$(mail_text "$n" | sed -n 1,2p)
		printf '%s\n' "$head" | sed -n 2p | grep -qF -- "$1" &&
			printf '%s\n' "$head" | sed -n 1p | grep -qF -- "${2:-}" && echo "$n" && return 0
	done
	fail "no mail with '$1' in its subject"
}
# post_with KIND: the last POST whose JSON body is of kind.
post_with() { jq -c "select((.body | fromjson | .kind) == \"$1\")" "$WORK/http/posts.jsonl" | tail -1; }

test_owner_warned_before_and_manager_told_after_once() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:20 sweep >/dev/null
	assert_eq "$(outbox)" 0 "messages before the warning window"
	# 10:31: the contact clock is in its warning window: zhang is warned by mail and webhook.
	updated=$(sql "select updated_at from complaints where id = 1")
	at ${MON}T10:31 sweep >/dev/null
	assert_eq "$(sql "select updated_at from complaints where id = 1")" "$updated" "the complaint's last change after a warning"
	assert_eq "$(sql "select recipient || ' ' || channel || ' ' || kind || ' ' || cause || ' ' || lang
		from outbox order by id" | tr '\n' ';')" \
		"zhang email warning contact-1 zh_CN;zhang webhook warning contact-1 zh_CN;" "the warning"
	at ${MON}T10:40 sweep >/dev/null
	assert_eq "$(outbox)" 2 "messages after a second sweep in the window"
	expect_rc 0 at ${MON}T10:41 notify --dry-run
	assert_contains "$OUT" "to zhang over email zhang@station.example, in zh_CN"
	assert_contains "$OUT" "2 messages would be sent."
	assert_eq "$(mails)$(posts)" 00 "sent by a dry run"
	# Every site's messages are the auditor's to read, not a clerk's.
	CDESK_USER=zhang CDESK_PIN=pin-zhang expect_rc 8 at ${MON}T10:41 notify --dry-run
	env -u CDESK_USER -u CDESK_PIN "$CDESK" --db "$DB" --now ${MON}T10:41 --as nobody notify --dry-run \
		</dev/null >"$WORK/out" 2>&1 && fail "a dry run without signing in printed: $(cat "$WORK/out")"
	expect_rc 0 at ${MON}T10:41 notify
	assert_contains "$OUT" "Sent 2, to be tried again 0, given up 0."
	assert_eq "$(mails)" 1 "mails after the warning"
	text=$(mail_text 1)
	assert_contains "$text" "To: zhang@station.example"
	assert_contains "$text" "投诉 #1"
	assert_contains "$text" "2小时内联系客户"
	assert_contains "$text" "2026-11-02 11:00"
	assert_eq "$(sed -n 1p "$WORK/smtp/mail-1.env")" cdesk@station.example "envelope sender"
	assert_eq "$(jqs "$(post 1)" .path)" /zhang "the webhook's path"
	body=$(jqs "$(post 1)" .body)
	assert_eq "$(jqs "$body" .kind)/$(jqs "$body" .complaint)/$(jqs "$body" .lang)" warning/1/zh_CN "webhook fields"
	assert_contains "$(jqs "$body" .subject)" "2小时内联系客户"
	# 11:01: the deadline passed: one escalation, to wang (mail, English)
	# and the station-01 managers' robot (Chinese); not to li at station-02.
	at ${MON}T11:01 sweep >/dev/null
	assert_eq "$(sql "select recipient || ' ' || channel || ' ' || cause from outbox where kind = 'escalation'
		order by id" | tr '\n' ';')" "wang email contact-late;east-managers dingtalk contact-late;" \
		"the escalation's messages"
	for t in 11:05 11:20 12:30; do at ${MON}T$t sweep >/dev/null; done
	assert_eq "$(outbox)" 4 "messages after more sweeps"
	expect_rc 0 at ${MON}T11:02 notify
	assert_eq "$(mails)/$(posts)" 2/2 "mails and posts after the escalation"
	text=$(mail_text 2)
	assert_contains "$text" "To: wang@station.example"
	assert_contains "$text" "Customer not contacted within 2 h"
	assert_contains "$text" "escalated to Station manager"
	assert_not_contains "$text" "13800138000"
	robot=$(post 2)
	path=$(jqs "$robot" .path)
	assert_contains "$path" "/robot/send?access_token=tok-east&timestamp="
	# The signature is DingTalk's: HMAC-SHA256 of "timestamp\nsecret".
	"$PY" - "$path" <<-'PY' || fail "the robot's signature does not verify: $path"
	import base64, hashlib, hmac, sys, urllib.parse
	q = urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)
	ts, sign = q["timestamp"][0], q["sign"][0]
	want = base64.b64encode(hmac.new(b"SEC-test-123", (ts + "\nSEC-test-123").encode(), hashlib.sha256).digest()).decode()
	sys.exit(0 if sign == want else 1)
	PY
	body=$(jqs "$robot" .body)
	assert_eq "$(jqs "$body" .msgtype)" markdown "the robot's message type"
	assert_contains "$(jqs "$body" .markdown.text)" "未在2小时内联系客户"
	assert_contains "$(jqs "$body" .markdown.title)" "站长"
	expect_rc 0 at ${MON}T12:40 notify
	assert_contains "$OUT" "No message is due."
	assert_eq "$(mails)/$(posts)" 2/2 "mails and posts after another run"
	json=$(at ${MON}T12:41 show 1 --json)
	assert_eq "$(jqs "$json" '[.messages[] | .state] | join(",")')" sent,sent,sent,sent "states in show"
	out=$(at ${MON}T12:41 show 1)
	assert_contains "$out" "Messages:"
	assert_contains "$out" "escalation to east-managers (dingtalk): sent 2026-11-02 11:02"
	# Each try is in the audit trail.
	assert_eq "$(audit_count message)" 4 "tries audited"
}

test_nothing_at_three_on_a_sunday_that_can_wait() {
	reachable_desk
	# Sunday 1 Nov, 01:00: the contact clock warns from 02:30, falls due at 03:00.
	zhang_complaint 2026-11-01T01:00
	at 2026-11-01T02:45 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'warning' and due_at = strftime('%s', '${MON}T09:00:00+08:00')")" 2 \
		"warnings held until Monday's opening"
	expect_rc 0 at 2026-11-01T02:50 notify
	assert_contains "$OUT" "No message is due."
	# The breach of the contact clock is urgent (contact-late says so): it goes at once.
	at 2026-11-01T03:01 sweep >/dev/null
	expect_rc 0 at 2026-11-01T03:02 notify
	assert_contains "$OUT" "Sent 2, to be tried again 0, given up 0."
	assert_eq "$(mails)" 1 "mails on Sunday night"
	assert_contains "$(mail_text 1)" "To: wang@station.example"
	assert_eq "$(sql "select count(*) from outbox where kind = 'warning' and state = 'pending'")" 2 "warnings waiting"
	expect_rc 0 at ${MON}T08:59 notify
	assert_contains "$OUT" "No message is due."
	expect_rc 0 at ${MON}T09:00 notify
	assert_contains "$OUT" "Sent 2,"
	assert_contains "$(mail_text 2)" "To: zhang@station.example"
}

# A warning held for the night is not sent in the morning when its
# deadline was met meanwhile: it would tell the owner of a call already made.
test_a_warning_whose_deadline_was_met_meanwhile_is_not_sent() {
	reachable_desk
	zhang_complaint 2026-11-01T01:00
	at 2026-11-01T02:45 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'warning' and state = 'pending'")" 2 "warnings held"
	id=$(sql "select max(id) from complaints")
	CDESK_USER=zhang CDESK_PIN=pin-zhang at 2026-11-01T02:55 contact "$id" --how phone >/dev/null ||
		fail "zhang cannot log the call"
	expect_rc 0 at ${MON}T08:00 notify --dry-run
	assert_contains "$OUT" "0 messages would be sent."
	expect_rc 0 at ${MON}T09:00 notify
	assert_contains "$OUT" "2 warnings were not sent: their deadlines were met first."
	assert_contains "$OUT" "not sent: the deadline was met first"
	assert_eq "$(mails)$(posts)" 00 "mails and posts sent"
	assert_eq "$(sql "select count(*) from outbox where state = 'moot'")" 2 "warnings set aside"
	assert_eq "$(sql "select count(*) from audit where kind = 'message' and data like '%moot%'")" 2 \
		"the audit trail's rows"
	expect_rc 0 at ${MON}T09:05 notify
	assert_contains "$OUT" "No message is due."
	expect_rc 0 at ${MON}T09:05 --json messages --sites
	assert_eq "$(jq -r '[.[] | select(.kind == "warning") | .state] | unique | join(",")' <<<"$OUT")" moot
}

test_retried_while_the_server_is_down_then_given_up() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	echo fail >"$WORK/http/mode"
	expect_rc 5 at ${MON}T10:31 notify
	assert_contains "$OUT" "Sent 1, to be tried again 1, given up 0."
	assert_eq "$(sql "select state || ' ' || attempts || ' ' || (next_at - strftime('%s', '${MON}T10:31:00+08:00')) || ' ' || last_error
		from outbox where channel = 'webhook'")" "pending 1 60 http://127.0.0.1:$HTTP/zhang answered HTTP 500" "after one failure"
	expect_rc 0 at ${MON}T10:31:30 notify
	assert_contains "$OUT" "No message is due."
	expect_rc 5 at ${MON}T10:32 notify
	assert_eq "$(sql "select attempts || ' ' || (next_at - strftime('%s', '${MON}T10:32:00+08:00')) from outbox where channel = 'webhook'")" \
		"2 120" "the second wait doubles"
	echo ok >"$WORK/http/mode"
	expect_rc 0 at ${MON}T10:34 notify
	assert_eq "$(sql "select state || ' ' || attempts from outbox where channel = 'webhook'")" "sent 3" "after the server is back"
	assert_eq "$(posts)" 3 "posts: two refused, one taken"
	# The mail server gone: three tries, then the message is given up.
	kill "$(cat "$WORK/smtp/pid")"
	wait "$(cat "$WORK/smtp/pid")" 2>/dev/null
	at ${MON}T11:01 sweep >/dev/null
	expect_rc 5 at ${MON}T11:01 notify
	expect_rc 5 at ${MON}T11:02 notify
	expect_rc 5 at ${MON}T11:04 notify
	assert_contains "$OUT" "given up 1."
	assert_eq "$(sql "select state || ' ' || attempts from outbox where recipient = 'wang'")" "failed 3" "given up"
	assert_contains "$(sql "select last_error from outbox where recipient = 'wang'")" "mail to wang@station.example through smtp://127.0.0.1:"
	expect_rc 0 at ${MON}T12:00 notify
	assert_contains "$OUT" "No message is due."
	assert_contains "$(at ${MON}T12:01 show 1)" "escalation to wang (email wang@station.example): given up, 3 tries"
}

test_a_kill_mid_delivery_loses_nothing() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	echo hang >"$WORK/http/mode"
	CDESK_NOW=${MON}T10:31 "$CDESK" --db "$DB" notify >"$WORK/notify.out" 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		[ "$(posts)" -ge 1 ] && break
		sleep 0.05
	done
	assert_eq "$(posts)" 1 "the post the server holds"
	kill -9 $pid
	wait $pid 2>/dev/null
	assert_eq "$(sql "select channel || ' ' || state from outbox order by id" | tr '\n' ';')" \
		"email sent;webhook sending;" "after the kill"
	echo ok >"$WORK/http/mode"
	# Another run at once leaves it: the killed try's time is not up.
	expect_rc 0 at ${MON}T10:31:30 notify
	assert_contains "$OUT" "No message is due."
	# Later it is tried again, and the receiver gets it a second time: the
	# one duplicate a channel cannot avoid.
	expect_rc 0 at ${MON}T10:33 notify
	assert_contains "$OUT" "Sent 1,"
	assert_eq "$(sql "select state || ' ' || attempts from outbox where channel = 'webhook'")" "sent 2" "after the retry"
	assert_eq "$(posts)" 2 "posts"
	assert_eq "$(jqs "$(post 1)" .body)" "$(jqs "$(post 2)" .body)" "the same message twice"
	assert_eq "$(mails)" 1 "mails: the one sent before the kill, once"
}

test_contact_points_and_secrets_are_checked() {
	CDESK_NEW_PIN=pin-admin expect_rc 0 at ${MON}T08:00 user add admin --role admin --email admin@x.example
	export CDESK_USER=admin CDESK_PIN=pin-admin
	assert_eq "$(sql "select email from users where name = 'admin'")" admin@x.example
	before=$(dbsum)
	expect_rc 7 desk user set admin --email "not an address"
	assert_contains "$ERR" "--email: 'not an address' is not an e-mail address"
	expect_rc 7 desk user set admin --webhook ftp://x.example/
	expect_rc 7 desk user set admin --language fr
	assert_eq "$(dbsum)" "$before" "the database after refused changes"
	expect_rc 0 desk user set admin --email "" --webhook https://hooks.example/admin --language zh_CN
	assert_eq "$(sql "select coalesce(email, '-') || ' ' || webhook || ' ' || lang from users where name = 'admin'")" \
		"- https://hooks.example/admin zh_CN" "contact points changed"
	# A secret in the file itself is refused where it is written.
	"$CDESK" config show | sed -e '/^notify:/,$d' >"$WORK/bad.yaml"
	printf 'notify:\n  channels:\n    - {id: r, kind: wecom, url: "https://x.example/send", token: abc}\n' >>"$WORK/bad.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/bad.yaml"
	assert_contains "$ERR" "bad.yaml:$(wc -l <"$WORK/bad.yaml"):"
	assert_contains "$ERR" "a secret is not written here"
	# config show prints the reference, never the value.
	sed -i 's/token: abc/token: env:CDESK_TEST_KEY/' "$WORK/bad.yaml"
	CDESK_TEST_KEY=s3cr3t-key expect_rc 0 "$CDESK" --config "$WORK/bad.yaml" config show
	assert_contains "$OUT" "token: env:CDESK_TEST_KEY"
	assert_not_contains "$OUT" "s3cr3t-key"
}

test_a_secrets_file_others_can_read_is_refused() {
	reachable_desk
	chmod 644 "$WORK/secrets"
	zhang_complaint ${MON}T09:00
	at ${MON}T11:01 sweep >/dev/null
	expect_rc 5 at ${MON}T11:01 notify
	assert_eq "$(sql "select state || ' ' || last_error from outbox where recipient = 'east-managers'")" \
		"pending the secrets file $WORK/secrets may be read by others (mode 644): make it 0600" "the robot's message"
	assert_eq "$(posts)" 0 "posts with an unsafe secrets file"
	chmod 600 "$WORK/secrets"
	expect_rc 0 at ${MON}T11:02 notify
	assert_eq "$(posts)" 1 "posts once the file is private"
}

test_the_shipped_configuration_sends_nothing_without_contact_points() {
	phone_complaint ${MON}T09:00 >/dev/null
	at ${MON}T10:31 sweep >/dev/null
	at ${MON}T11:01 sweep >/dev/null
	assert_eq "$(sql "select count(*) from escalations")" 1 "escalations"
	assert_eq "$(sql "select count(*) from outbox")" 0 "messages with no contact points"
	expect_rc 0 at ${MON}T11:02 notify
	assert_contains "$OUT" "No message is due."
	json=$(at ${MON}T11:03 show 1 --json)
	assert_eq "$(jqs "$json" '.messages | length')" 0 "messages in show"
}

test_the_detail_screen_lists_the_messages() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	at ${MON}T10:32 notify >/dev/null
	at ${MON}T11:01 sweep >/dev/null
	tui_start 100 30 ${MON}T11:02 CDESK_USER=wang CDESK_PIN=pin-wang
	wait_for "All open"
	keys d
	wait_for "Complaint #1"
	wait_for "Messages"
	wait_for "escalation to wang (email wang@station.example): waiting (from 2026-11-02 11:01)"
	wait_for "warning to zhang (webhook http://127.0.0.1:$HTTP/zhang): sent 2026-11-02 10:32"
	keys q
	tui_stop
}

test_a_server_certificate_not_trusted_is_refused() {
	reachable_desk
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-days 2 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null || fail "openssl cannot make a certificate"
	cat "$WORK/key.pem" "$WORK/cert.pem" >"$WORK/server.pem"
	HTTPS=$(sink https http_sink.py "$WORK/server.pem") || exit 1
	at ${MON}T08:30 user set zhang --webhook "https://127.0.0.1:$HTTPS/zhang" --email "" >/dev/null
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	expect_rc 5 at ${MON}T10:31 notify
	assert_eq "$(sql "select state from outbox where recipient = 'zhang'")" pending "the message"
	assert_contains "$(sql "select last_error from outbox where recipient = 'zhang'")" "https://127.0.0.1:$HTTPS/zhang: SSL certificate problem"
	[ -s "$WORK/https/posts.jsonl" ] && fail "the untrusted server got the message"
	# Trusted through notify.ca_file, the next try goes over HTTPS.
	sed -i "s|^notify:\$|notify:\n  ca_file: $WORK/cert.pem|" "$WORK/notify.yaml"
	at ${MON}T10:31 config apply "$WORK/notify.yaml" >/dev/null || fail "cannot apply the configuration"
	expect_rc 0 at ${MON}T10:32 notify
	assert_eq "$(sql "select state from outbox where recipient = 'zhang'")" sent "the message"
	assert_eq "$(jqs "$(sed -n 1p "$WORK/https/posts.jsonl")" .path)" /zhang "the HTTPS post"
}

test_a_robot_that_refuses_is_tried_again_a_webhook_answer_is_not_read() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	at ${MON}T11:01 sweep >/dev/null
	echo refuse >"$WORK/http/mode"
	expect_rc 5 at ${MON}T11:01 notify
	# zhang's own webhook took it (what a generic webhook answers is not read) …
	assert_eq "$(sql "select state from outbox where channel = 'webhook'")" sent "the webhook's message"
	# … the robot said no, in a 200 answer.
	assert_eq "$(sql "select state || ' ' || last_error from outbox where channel = 'dingtalk'")" \
		"pending http://127.0.0.1:$HTTP/robot/send refused the message: 310000 sign not match" "the robot's message"
	# Its key and signature are not in the error, the database or the output.
	assert_eq "$(sql "select count(*) from outbox where last_error like '%tok-east%' or last_error like '%sign=%'")" 0
	assert_not_contains "$OUT" "tok-east"
}

test_watch_sends_as_a_service_and_stops_on_sigterm() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	expect_rc 2 at ${MON}T10:31 notify --watch
	assert_contains "$ERR" "--watch runs on the machine's clock"
	# On the machine's clock the warnings of November are long due.
	"$CDESK" --db "$DB" notify --watch >"$WORK/watch.out" 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		[ "$(mails)/$(posts)" = 1/1 ] && break
		sleep 0.05
	done
	assert_eq "$(mails)/$(posts)" 1/1 "mails and posts the watch sent"
	kill -TERM $pid
	wait $pid
	assert_eq "$?" 0 "the watch's exit status"
	assert_contains "$(cat "$WORK/watch.out")" "warning to zhang (email zhang@station.example): sent"
	assert_eq "$(sql "select count(*) from outbox where state = 'sent'")" 2 "sent"
}

test_escalations_by_hand_and_for_approval_reach_the_role() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	# 800 yuan is above a service advisor's 500: it waits for a station manager.
	CDESK_USER=zhang CDESK_PIN=pin-zhang at ${MON}T09:10 remedy 1 refund --amount 800 --agreed >/dev/null ||
		fail "no refund request"
	ev=$(sql "select id from events where kind = 'escalation'")
	assert_eq "$(sql "select recipient || ' ' || cause from outbox order by id" | tr '\n' ';')" \
		"wang event-$ev;east-managers event-$ev;" "the approval's messages"
	# A refused action records nothing.
	before=$(sql "select count(*) from outbox")
	CDESK_USER=zhang CDESK_PIN=pin-zhang expect_rc 7 at ${MON}T09:11 escalate 1 supervisor
	assert_eq "$(sql "select count(*) from outbox")" "$before" "messages after a refused escalation"
	CDESK_USER=zhang CDESK_PIN=pin-zhang at ${MON}T09:12 escalate 1 supervisor --note "客户要求见督导" >/dev/null ||
		fail "cannot escalate"
	# Nobody of the supervisor role has a contact point: nothing more.
	assert_eq "$(sql "select count(*) from outbox")" "$before" "messages for a role nobody can be reached in"
	expect_rc 0 at ${MON}T09:13 notify
	assert_contains "$(mail_text 1)" "Complaint #1 is escalated to Station manager (level 3): a remedy awaits approval within your limit"
}

# A note typed into an escalation ends up in a mail's subject: it must not
# add headers or a body of its own, however it is written.
test_a_note_cannot_write_mail_headers() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	note=$(printf 'urgent\nBcc: evil@attacker.example\nX-Injected: yes\n\nFAKE BODY %0300d' 0)
	CDESK_USER=zhang CDESK_PIN=pin-zhang at ${MON}T09:12 escalate 1 station_manager --note "$note" >/dev/null ||
		fail "cannot escalate"
	expect_rc 0 at ${MON}T09:13 notify
	[ "$(mails)" -ge 1 ] || fail "no mail was sent"
	for f in "$WORK"/smtp/mail-*.eml; do
		! grep -qai '^\(bcc\|x-injected\):' "$f" || fail "a header came from the note: $(cat "$f")"
		! grep -qa '^FAKE BODY' "$f" || fail "a body line came from the note"
		awk 'length > 998 { bad = 1 } END { exit bad }' "$f" || fail "a line longer than SMTP allows"
	done
	subject=$(mail_text 1 | sed -n 's/^Subject: //p')
	assert_contains "$subject" "urgent Bcc: evil@attacker.example X-Injected: yes  FAKE BODY"
	assert_contains "$subject" "…"
}

# A personal webhook's key works like a password: it is sent to, never
# shown (show, --json, the audit trail).
test_a_webhook_key_is_used_not_shown() {
	reachable_desk
	at ${MON}T08:05 user set zhang --webhook "http://127.0.0.1:$HTTP/zhang?key=SECRET-KEY" >/dev/null ||
		fail "cannot set the webhook"
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	expect_rc 0 at ${MON}T10:32 notify
	assert_contains "$(post 1 | jq -r .path)" "/zhang?key=SECRET-KEY"
	for out in "$(at ${MON}T10:33 show 1)" "$(at ${MON}T10:33 show 1 --json)" "$(at ${MON}T10:33 audit list)" \
		"$(at ${MON}T10:33 notify --dry-run)"; do
		assert_not_contains "$out" "SECRET-KEY"
	done
	assert_contains "$(at ${MON}T10:33 show 1)" "http://127.0.0.1:$HTTP/zhang?…"
}

# notify_yaml LINES: add LINES (YAML, two spaces in) to the notify section
# of the test configuration and apply it.
notify_yaml() {
	printf '%s\n' "$@" >"$WORK/more.yaml"
	sed -i "/^notify:\$/r $WORK/more.yaml" "$WORK/notify.yaml"
	at ${MON}T07:00 config apply "$WORK/notify.yaml" >/dev/null || fail "cannot apply the configuration"
}

test_a_daily_digest_once_a_working_day_to_each_owner() {
	reachable_desk
	notify_yaml '  digest: {at: "08:30"}'
	# Friday 30 Oct 09:00: its contact clock was due at 11:00 and is overdue
	# on Monday; Monday 08:40 another, due at 10:40.
	zhang_complaint 2026-10-30T09:00
	at 2026-10-30T11:01 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'digest' and cause = '2026-10-30'")" 2 "Friday's digest"
	before=$(outbox)
	# Sunday: no digest, whatever the hour.
	at 2026-11-01T09:00 sweep >/dev/null
	assert_eq "$(outbox)" "$before" "messages on a Sunday"
	at ${MON}T08:29 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'digest' and cause = '$MON'")" 0 "digests before 08:30"
	zhang_complaint ${MON}T08:40
	expect_rc 0 at ${MON}T08:45 sweep
	assert_contains "$OUT" "Put 2 scheduled messages in the outbox (daily digests, the monthly report)."
	expect_rc 0 at ${MON}T09:00 --json sweep
	assert_eq "$(jq -c '.scheduled' <<<"$OUT")" 0 "scheduled messages a second time"
	for t in 09:30 10:00; do at ${MON}T$t sweep >/dev/null; done
	# One a person and contact point; wang and li own nothing.
	assert_eq "$(sql "select recipient || ' ' || channel || ' ' || cause || ' ' || lang || ' ' || ifnull(complaint_id, '-')
		from outbox where kind = 'digest' and cause = '$MON' order by id" | tr '\n' ';')" \
		"zhang email $MON zh_CN -;zhang webhook $MON zh_CN -;" "the digests"
	expect_rc 0 at ${MON}T10:01 notify
	text=$(mail_text "$(mail_with "【cdesk】$MON")")
	assert_contains "$text" "To: zhang@station.example"
	assert_contains "$text" "2026-11-02：2 个期限今天到期或已逾期（1 个已逾期）"
	assert_contains "$text" "投诉 #1，张*：“2小时内联系客户”"
	assert_contains "$text" "2026-10-30 11:00 到期，已逾期"
	assert_contains "$text" "投诉 #2，张*：“2小时内联系客户”，2026-11-02 10:40 到期"
	assert_not_contains "$text" "张三"
	assert_not_contains "$text" "13800138000"
	# Overdue first, then today's, soonest first.
	assert_eq "$(printf '%s\n' "$text" | grep -o '投诉 #[0-9]' | tr '\n' ' ')" "投诉 #1 投诉 #2 " "the order"
	body=$(jqs "$(post_with digest)" .body)
	assert_eq "$(jqs "$body" .kind)/$(jqs "$body" .complaint)/$(jqs "$body" .recipient)" digest/0/zhang "the webhook's digest"
	# Nor a day with nothing due.
	as_zhang() { CDESK_USER=zhang CDESK_PIN=pin-zhang "$@"; }
	as_zhang at ${MON}T10:30 contact 2 >/dev/null || fail "cannot log the contact"
	as_zhang at 2026-11-03T08:31 contact 1 >/dev/null || fail "cannot log the contact"
	at 2026-11-03T08:40 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'digest' and cause = '2026-11-03'")" 0 \
		"a digest with nothing due"
	# In English for wang, once he owns something.
	CDESK_USER=wang CDESK_PIN=pin-wang phone_complaint 2026-11-03T09:00 >/dev/null
	at 2026-11-04T08:31 sweep >/dev/null
	assert_eq "$(sql "select lang from outbox where kind = 'digest' and recipient = 'wang'")" en
	assert_contains "$(sql "select subject from outbox where kind = 'digest' and recipient = 'wang'")" \
		"[cdesk] 2026-11-04: 1 deadline today or overdue (1 overdue)"
}

test_the_monthly_report_goes_on_the_first_working_day_with_the_html_attached() {
	reachable_desk
	notify_yaml '  monthly_report: {roles: [station_manager]}'
	zhang_complaint 2026-10-20T10:00
	CDESK_USER=zhang CDESK_PIN=pin-zhang at 2026-10-20T10:05 contact 1 >/dev/null
	at 2026-10-20T10:06 sweep >/dev/null
	# A sweep later in a month still records that month's, once (a desk
	# switched off on the first working day): September's here.
	assert_eq "$(sql "select count(*) from outbox where kind = 'report' and cause like '2026-09@%'")" 3 "September's reports"
	# 1 November is a Sunday: the first working day is Monday 2 November,
	# from the opening of business hours (09:00).
	at 2026-11-01T10:00 sweep >/dev/null
	at ${MON}T08:59 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'report' and cause like '2026-10%'")" 0 "reports before the first working day's opening"
	for t in 09:00 09:05 17:00; do at ${MON}T$t sweep >/dev/null; done
	at 2026-11-03T09:00 sweep >/dev/null
	# Each of the role's people for their sites, each channel of the role.
	assert_eq "$(sql "select recipient || ' ' || channel || ' ' || cause || ' ' || lang || ' ' || (case when attachment is null then 0 else 1 end)
		from outbox where kind = 'report' and cause like '2026-10%' order by recipient" | tr '\n' ';')" \
		"east-managers dingtalk 2026-10@station-01 zh_CN 0;li email 2026-10@station-02 en 1;wang email 2026-10@station-01 en 1;" \
		"the reports"
	expect_rc 0 at ${MON}T09:06 notify
	n=$(mail_with "Complaint analysis 2026-10" wang@)
	"$PY" - "$WORK/smtp/mail-$n.eml" <<-'PY' || fail "the report's mail: $(cat "$WORK/smtp/mail-$n.eml" | head -30)"
	import email, email.policy, sys
	m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
	assert m.get_content_type() == "multipart/mixed", m.get_content_type()
	assert str(m["To"]) == "wang@station.example", m["To"]
	parts = list(m.iter_parts())
	assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"], parts
	assert all(p["Content-Transfer-Encoding"] == "base64" for p in parts)
	text, html = parts[0].get_content(), parts[1]
	assert "The complaint analysis of 2026-10 (East Gate fuel station)" in text, text
	assert "- Complaints received: 1" in text, text
	assert html.get_filename() == "cdesk-2026-10-station-01.html", html.get_filename()
	assert html.get_content_disposition() == "attachment"
	doc = html.get_content()
	assert doc.lstrip().lower().startswith("<!doctype html"), doc[:80]
	assert "2026-10" in doc and "</html>" in doc
	PY
	# The robot gets the summary in Markdown, no document.
	robot=$(jq -c 'select(.path | startswith("/robot/send"))' "$WORK/http/posts.jsonl" | tail -1)
	md=$(jqs "$(jqs "$robot" .body)" .markdown.text)
	assert_contains "$md" "### 【cdesk】投诉分析 2026-10，城东加油站"
	assert_not_contains "$md" "<html"
	# Once a month: the next month's on its first working day (Tuesday 1 December).
	at 2026-11-30T09:00 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'report'")" 6 "reports by the end of November"
	at 2026-12-01T09:00 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'report' and cause like '2026-11@%'")" 3 "reports of November"
	# A desk copied elsewhere keeps them, attachments and all.
	CDESK_USER=admin CDESK_PIN=pin-admin "$CDESK" --db "$DB" db copy --to "$WORK/copy.db" >/dev/null ||
		fail "cannot copy the desk"
	q="select coalesce(complaint_id, 0) || kind || cause || recipient || coalesce(md5attachment, 0) from outbox order by id"
	want=$(sql "${q/md5attachment/length(attachment)}")
	assert_eq "$(sqlite3 "$WORK/copy.db" "${q/md5attachment/length(attachment)}")" "$want" "the copy's messages"
	# Without roles it is refused where it is written.
	sed -i 's/monthly_report: {roles: \[station_manager\]}/monthly_report: {at: "09:00"}/' "$WORK/notify.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/notify.yaml"
	assert_contains "$ERR" "notify.monthly_report needs 'roles'"
}

# Mail through a local sendmail-compatible program: Debian's msmtp, run as
# "msmtp -t -i", relaying to the local SMTP server.
test_mail_through_a_local_sendmail() {
	reachable_desk
	printf 'account default\nhost 127.0.0.1\nport %s\nfrom cdesk@station.example\nauth off\ntls off\n' "$SMTP" >"$HOME/.msmtprc"
	chmod 600 "$HOME/.msmtprc"
	sed -i -e '/^  smtp: /d' "$WORK/notify.yaml"
	notify_yaml '  sendmail: /usr/bin/msmtp' '  from: cdesk@station.example'
	assert_contains "$(at ${MON}T07:01 config show)" "sendmail: /usr/bin/msmtp"
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	expect_rc 0 at ${MON}T10:32 notify
	assert_contains "$OUT" "Sent 2, to be tried again 0, given up 0."
	assert_eq "$(mails)" 1 "mails relayed by msmtp"
	text=$(mail_text 1)
	assert_contains "$text" "To: zhang@station.example"
	assert_contains "$text" "2小时内联系客户"
	assert_eq "$(sed -n 2p "$WORK/smtp/mail-1.env")" zhang@station.example "the envelope's recipient (from To:)"
	# The relay down: msmtp's exit status and what it said are the try's error.
	kill "$(cat "$WORK/smtp/pid")"
	wait "$(cat "$WORK/smtp/pid")" 2>/dev/null
	at ${MON}T11:01 sweep >/dev/null
	expect_rc 5 at ${MON}T11:02 notify
	err=$(sql "select last_error from outbox where recipient = 'wang'")
	assert_contains "$err" "mail to wang@station.example through /usr/bin/msmtp: exit status"
	assert_contains "$err" "msmtp: cannot connect to 127.0.0.1"
	assert_eq "$(sql "select state || ' ' || attempts from outbox where recipient = 'wang'")" "pending 1" "after the failure"
	# A program that is not there is an error of the try too, not a crash.
	sed -i 's|sendmail: /usr/bin/msmtp|sendmail: no-such-sendmail|' "$WORK/notify.yaml"
	at ${MON}T11:02 config apply "$WORK/notify.yaml" >/dev/null || fail "cannot apply"
	expect_rc 5 at ${MON}T11:05 notify
	assert_contains "$(sql "select last_error from outbox where recipient = 'wang'")" \
		"there is no program no-such-sendmail (notify.sendmail) on PATH"
	# Both ways at once is refused where it is written.
	printf '  smtp: {url: "smtp://127.0.0.1:25", from: a@b.example}\n' >"$WORK/more.yaml"
	sed -i "/^notify:\$/r $WORK/more.yaml" "$WORK/notify.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/notify.yaml"
	assert_contains "$ERR" "either through notify.smtp or through notify.sendmail, not both"
}

test_my_messages_in_the_cli_and_the_desk() {
	reachable_desk
	zhang_complaint ${MON}T09:00
	at ${MON}T10:31 sweep >/dev/null
	echo fail >"$WORK/http/mode"
	at ${MON}T10:32 notify >/dev/null
	at ${MON}T11:01 sweep >/dev/null
	as_zhang() { CDESK_USER=zhang CDESK_PIN=pin-zhang "$@"; }
	expect_rc 0 as_zhang at ${MON}T11:02 messages
	assert_contains "$OUT" "#1"
	assert_contains "$OUT" "warning to zhang (webhook http://127.0.0.1:$HTTP/zhang): waiting (from 2026-11-02 10:33), 1 try: http://127.0.0.1:$HTTP/zhang answered HTTP 500"
	assert_not_contains "$OUT" "wang"
	json=$(as_zhang at ${MON}T11:02 messages --json)
	assert_eq "$(jqs "$json" '[.[] | "\(.recipient) \(.channel) \(.kind) \(.state) \(.attempts) \(.complaint)"] | join(";")')" \
		"zhang webhook warning pending 1 1;zhang email warning sent 1 1" "zhang's messages, newest first"
	assert_eq "$(jqs "$json" '.[0].error')" "http://127.0.0.1:$HTTP/zhang answered HTTP 500"
	# The messages about one's sites are the report permission's.
	as_zhang expect_rc 8 at ${MON}T11:02 messages --sites
	json=$(CDESK_USER=wang CDESK_PIN=pin-wang at ${MON}T11:02 messages --sites --json)
	assert_eq "$(jqs "$json" '[.[] | .recipient] | join(",")')" "east-managers,wang,zhang,zhang" "the station's messages"
	CDESK_USER=li CDESK_PIN=pin-li expect_rc 0 at ${MON}T11:02 messages --sites
	assert_contains "$OUT" "No message to you."
	# Reads use the index of recipients.
	if on_pg; then
		plan=$(sql "set enable_seqscan = off; explain select id from outbox where recipient = 'zhang' order by id desc limit 50")
	else
		plan=$(sql "explain query plan select id from outbox where recipient = 'zhang' order by id desc limit 50")
	fi
	assert_contains "$plan" "outbox_recipient"
	# In the desk: m from the list (shown on the status line), s for the
	# station's, Enter opens the complaint.
	tui_start 120 30 ${MON}T11:03 CDESK_USER=wang CDESK_PIN=pin-wang
	wait_for "All open"
	wait_for "m Messages"
	keys m
	wait_for "My messages — wang"
	wait_for "escalation to wang (email wang@station.example): waiting (from 2026-11-02 11:01)"
	keys s
	wait_for "My messages — wang and my sites"
	wait_for "zhang/webhook"
	keys j j
	wait_for "answered HTTP 500"
	keys Enter
	wait_for "Complaint #1"
	keys Escape
	wait_for "My messages"
	keys q
	wait_for "All open"
	keys q
	tui_stop
}

# Issue 18's "Done when", with the shipped configuration and only the steps
# docs/configuration.md#notify gives: people get a contact point with
# `cdesk user`, and mail goes through the machine's sendmail (here Debian's
# msmtp, as msmtp-mta installs it, relaying to the local mail server). The
# one line added to the configuration is the test's clock: a pinned time
# may only write on a desk with accounts when auth.pinned_clock says so.
test_done_when_with_the_shipped_configuration() {
	HTTP=$(sink http http_sink.py) || exit 1
	SMTP=$(sink smtp smtp_sink.py) || exit 1
	trap stop_sinks EXIT
	mkdir -p "$WORK/sbin"
	ln -s /usr/bin/msmtp "$WORK/sbin/sendmail"
	export PATH="$WORK/sbin:$PATH"
	printf 'account default\nhost 127.0.0.1\nport %s\nfrom cdesk@localhost\nauth off\ntls off\n' "$SMTP" >"$HOME/.msmtprc"
	chmod 600 "$HOME/.msmtprc"
	"$CDESK" config show | sed -e 1d -e '/^auth:$/a\  pinned_clock: true' >"$WORK/shipped.yaml"
	assert_eq "$(diff <("$CDESK" config show | sed 1d) "$WORK/shipped.yaml" | grep -c '^[<>]')" 1 "lines changed"
	export CDESK_CONFIG="$WORK/shipped.yaml"
	CDESK_NEW_PIN=pin-admin at ${MON}T08:00 user add admin --role admin >/dev/null || fail "cannot add the admin"
	export CDESK_USER=admin CDESK_PIN=pin-admin
	# The documented steps.
	CDESK_NEW_PIN=pin-zhang expect_rc 0 at ${MON}T08:01 user add zhang --role service_advisor --sites station-01 \
		--email zhang@station.example
	CDESK_NEW_PIN=pin-wang expect_rc 0 at ${MON}T08:02 user add wang --role station_manager --sites station-01 \
		--email wang@station.example --webhook "http://127.0.0.1:$HTTP/wang"
	# cron: a sweep and a notify every five minutes.
	tick() { at "$1" sweep >/dev/null || fail "sweep at $1"; at "$1" notify >/dev/null; }
	for t in 08:55 09:00; do tick ${MON}T$t; done
	CDESK_USER=zhang CDESK_PIN=pin-zhang phone_complaint ${MON}T09:01 >/dev/null || fail "zhang cannot record"
	for t in 09:05 09:30 10:00 10:25; do tick ${MON}T$t; done
	assert_eq "$(mails)/$(posts)" 0/0 "sent before the warning window"
	# 10:31: 30 minutes before the 2-hour deadline (11:01), the owner is warned.
	tick ${MON}T10:31
	assert_eq "$(mails)/$(posts)" 1/0 "sent at the warning"
	text=$(mail_text 1)
	assert_contains "$text" "To: zhang@station.example"
	assert_contains "$text" "Complaint #1: \"Contact within 2 h\" falls due at 2026-11-02 11:01"
	for t in 10:35 10:40 10:55 11:00; do tick ${MON}T$t; done
	assert_eq "$(mails)/$(posts)" 1/0 "sent until the deadline"
	# 11:02: the deadline passed: one escalation to the station manager,
	# by mail and by his webhook.
	tick ${MON}T11:02
	assert_eq "$(mails)/$(posts)" 2/1 "sent at the escalation"
	assert_contains "$(mail_text 2)" "To: wang@station.example"
	assert_contains "$(mail_text 2)" "escalated to Station manager: Customer not contacted within 2 h"
	assert_eq "$(jqs "$(post 1)" .path)/$(jqs "$(jqs "$(post 1)" .body)" .kind)" /wang/escalation "the webhook's post"
	# Nothing more on later sweeps.
	for t in 11:05 11:30 12:00 15:00 17:55; do tick ${MON}T$t; done
	assert_eq "$(mails)/$(posts)" 2/1 "sent after more sweeps"
	assert_eq "$(sql "select kind || ' ' || recipient || ' ' || channel || ' ' || state from outbox order by id" | tr '\n' ';')" \
		"warning zhang email sent;escalation wang email sent;escalation wang webhook sent;" "the outbox"
	# Visible in the desk: the complaint's messages, and wang's own.
	tui_start 120 30 ${MON}T18:00 CDESK_USER=wang CDESK_PIN=pin-wang
	wait_for "All open"
	keys d
	wait_for "Complaint #1"
	wait_for "escalation to wang (email wang@station.example): sent 2026-11-02 11:02"
	wait_for "warning to zhang (email zhang@station.example): sent 2026-11-02 10:31"
	keys Escape
	wait_for "All open"
	keys m
	wait_for "My messages — wang"
	wait_for "wang/webhook"
	keys q q
	tui_stop
	# 3 a.m. on a Sunday: a warning that can wait waits for Monday's opening.
	# Its warning window opens at 03:00 for a deadline at 03:30.
	CDESK_USER=zhang CDESK_PIN=pin-zhang phone_complaint 2026-11-08T01:30 >/dev/null || fail "zhang cannot record"
	for t in 02:30 03:00 03:05 03:25; do tick 2026-11-08T$t; done
	assert_eq "$(mails)/$(posts)" 2/1 "sent on Sunday night"
	assert_eq "$(sql "select kind || ' ' || state || ' ' || datetime(due_at, 'unixepoch', '+8 hours') from outbox
		where complaint_id = 2 and recipient = 'zhang'")" "warning pending 2026-11-09 09:00:00" "the Sunday warning"
	# (The same phone again within 30 days escalates too, not urgently: it waits as well.)
	assert_eq "$(sql "select count(*) from outbox where complaint_id = 2 and state = 'pending' and
		due_at = strftime('%s', '2026-11-09T09:00:00+08:00')")" 3 "messages held until Monday"
}

test_a_digest_is_in_the_dry_run_and_said_as_a_digest() {
	reachable_desk
	notify_yaml '  digest: {at: "09:00"}'
	zhang_complaint ${MON}T08:00
	at ${MON}T09:00 sweep >/dev/null
	expect_rc 0 at ${MON}T09:01 notify --dry-run
	assert_contains "$OUT" "(digest) to zhang over email zhang@station.example, in zh_CN:"
	assert_contains "$OUT" "【cdesk】$MON：1 个期限今天到期或已逾期（0 个已逾期）"
	expect_rc 0 at ${MON}T09:01 notify
	assert_contains "$OUT" "digest to zhang (email zhang@station.example): sent 2026-11-02 09:01"
	assert_not_contains "$OUT" "complaint #0"
	# A later sweep that day makes no second one, though zhang has more due.
	zhang_complaint ${MON}T09:30
	at ${MON}T10:00 sweep >/dev/null
	assert_eq "$(sql "select count(*) from outbox where kind = 'digest'")" 2 "digests that day"
	assert_eq "$(sql "select value from meta where key = 'digest_day:Asia/Shanghai'")" "$MON"
}
