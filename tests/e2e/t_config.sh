# Configuration: validation, look-up order, and refusing to run on a bad one.

test_config_check_and_show() {
	out=$("$CDESK" config check)
	assert_contains "$out" "<built-in>: the configuration is valid"
	"$CDESK" config show >"$WORK/shown.yaml"
	assert_contains "$(head -1 "$WORK/shown.yaml")" "effective configuration"
	# What show prints is itself a valid configuration.
	out=$("$CDESK" config check "$WORK/shown.yaml")
	assert_contains "$out" "the configuration is valid"
	assert_contains "$(cat "$WORK/shown.yaml")" "within: 3 working days"
}

test_config_errors_name_file_line_column() {
	"$CDESK" config show | sed 1d | sed 's/within: 2h$/within: 2 hourz/' >"$WORK/bad.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/bad.yaml"
	line=$(grep -n 'within: 2 hourz' "$WORK/bad.yaml" | cut -d: -f1)
	assert_contains "$ERR" "$WORK/bad.yaml:$line:13: '2 hourz' is not a duration"
	# The desk refuses to start on it rather than run with a missing clock.
	expect_rc 3 "$CDESK" --config "$WORK/bad.yaml" --db "$DB" list
	assert_contains "$ERR" "bad.yaml:$line:13"
	! db_exists || fail "the database was created despite the bad config"
	expect_rc 3 "$CDESK" config check "$WORK/missing.yaml"
	assert_contains "$ERR" "missing.yaml: cannot read the configuration"
	printf 'sites: [{id: s1}]\nclocks:\n  contact:\n    within: 2h\n    starts: [received]\n    met_by: contact\n    escalate: yes\n' >"$WORK/bad2.yaml"
	expect_rc 3 "$CDESK" config check "$WORK/bad2.yaml"
	assert_contains "$ERR" "bad2.yaml:7:5: unknown key 'escalate'"
}

test_config_lookup_order() {
	mkdir -p "$XDG_CONFIG_HOME/cdesk"
	"$CDESK" config show | sed 1d | sed 's/within: 2h$/within: 4h/' >"$WORK/user.yaml"
	mv "$WORK/user.yaml" "$XDG_CONFIG_HOME/cdesk/config.yaml"
	assert_contains "$("$CDESK" config check)" "$XDG_CONFIG_HOME/cdesk/config.yaml"
	phone_complaint 2026-11-02T09:00 >/dev/null
	assert_eq "$(at 2026-11-02T09:00 show 1 --json | jq -r '.clocks[0].due')" 2026-11-02T13:00:00+08:00
	# $CDESK_CONFIG wins over the user file, --config over both.
	"$CDESK" config show | sed 1d | sed 's/within: 2h$/within: 1h/' >"$WORK/env.yaml"
	assert_contains "$(CDESK_CONFIG="$WORK/env.yaml" "$CDESK" config check)" "env.yaml"
	assert_contains "$(CDESK_CONFIG="$WORK/env.yaml" "$CDESK" --config "$XDG_CONFIG_HOME/cdesk/config.yaml" config check)" \
		"$XDG_CONFIG_HOME/cdesk/config.yaml"
}

# Two people with two configuration files on one database get the same
# deadlines: the database's. Applying another recomputes them once.
test_one_database_one_configuration() {
	phone_complaint 2026-11-02T09:00 >/dev/null
	"$CDESK" config show | sed 1d | sed 's/within: 2h$/within: 3h/' >"$WORK/c3.yaml"
	first_due() { CDESK_NOW=2026-11-02T09:00 "$CDESK" --db "$DB" "$@" due --json | jq -r '.[0].due'; }
	for i in 1 2; do
		assert_eq "$(first_due)" 2026-11-02T11:00:00+08:00 "the built-in desk's deadline"
		assert_eq "$(first_due --config "$WORK/c3.yaml" 2>"$WORK/err")" 2026-11-02T11:00:00+08:00 \
			"the other file's desk's deadline"
		assert_contains "$(cat "$WORK/err")" "not $WORK/c3.yaml"
	done
	assert_eq "$(sql "select count(*) from audit where kind = 'config_changed'")" 1 "config changes (the adoption)"
	expect_rc 0 at 2026-11-02T09:00 --config "$WORK/c3.yaml" config apply
	assert_contains "$OUT" "now follows $WORK/c3.yaml"
	assert_eq "$(first_due)" 2026-11-02T12:00:00+08:00 "the built-in desk's deadline, once applied"
	assert_eq "$(first_due --config "$WORK/c3.yaml")" 2026-11-02T12:00:00+08:00 "the file's deadline, once applied"
	# (sed reads it all: a pipe closed early kills cdesk, and valgrind calls gettext's cache lost)
	assert_contains "$(at 2026-11-02T09:00 config show | sed -n 1p)" "c3.yaml (kept in the database)"
	assert_eq "$(sql "select count(*) from audit where kind = 'config_changed'")" 2 "config changes"
}

test_the_database_is_found_by_option_environment_or_configuration() {
	"$CDESK" config show | sed "1d; s|^timezone: .*|&\ndatabase: $WORK/cfg.db|" >"$WORK/where.yaml"
	export CDESK_CONFIG="$WORK/where.yaml"
	T0=2026-11-02T09:00
	"$CDESK" --now $T0 new --channel phone --description "配置里的库" >/dev/null 2>&1 || fail "cannot record"
	[ -e "$WORK/cfg.db" ] || fail "the configuration's database was not used"
	CDESK_DB="$WORK/env.db" "$CDESK" --now $T0 new --channel phone --description "环境里的库" >/dev/null 2>&1
	[ -e "$WORK/env.db" ] || fail "CDESK_DB was not used"
	CDESK_DB="$WORK/env.db" "$CDESK" --db "$WORK/opt.db" --now $T0 new --channel phone --description x >/dev/null 2>&1
	[ -e "$WORK/opt.db" ] || fail "--db did not come first"
	assert_eq "$(sqlite3 "$WORK/env.db" 'select count(*) from complaints')" 1 "complaints in CDESK_DB's"
	assert_eq "$(sqlite3 "$WORK/cfg.db" "select description from complaints")" "配置里的库"
	# config show shows the one it would open.
	assert_contains "$("$CDESK" config show | sed -n 1p)" "$WORK/cfg.db"
	# A password in it is refused where it stands.
	sed "s|^database: .*|database: postgresql://cdesk:sekret@db.example/chain|" "$WORK/where.yaml" >"$WORK/pw.yaml"
	line=$(grep -n '^database:' "$WORK/pw.yaml" | cut -d: -f1)
	expect_rc 3 "$CDESK" config check "$WORK/pw.yaml"
	assert_contains "$ERR" "pw.yaml:$line:11: a password does not belong in the configuration"
}
