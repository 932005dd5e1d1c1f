# The command line as getopt_long reads it from the option tables, and the
# shell completion generated from the same tables.

test_option_value_that_looks_like_a_flag() {
	# A value is the word after its option, whatever it looks like: not the
	# global --json, --db or --version, not a command option.
	expect_rc 0 at 2026-09-28T10:00 new --channel phone --description --json
	assert_eq "$OUT" 1 "id of a complaint described as '--json'"
	assert_eq "$(jqs "$(at 2026-09-28T10:01 show 1 --json)" .description)" --json
	expect_rc 0 at 2026-09-28T10:02 note 1 --expect received -- --db
	expect_rc 0 at 2026-09-28T10:03 contact 1 --note --version --how visit
	expect_rc 0 at 2026-09-28T10:04 feedback 1 --note=--as
	expect_rc 0 at 2026-09-28T10:05 step 1 listen --note -x
	json=$(at 2026-09-28T10:06 show 1 --json)
	assert_eq "$(jqs "$json" .state)" listened
	out=$(at 2026-09-28T10:06 show 1)
	assert_contains "$out" "— --db"
	assert_contains "$out" "contacted the customer (visit) — --version"
	assert_contains "$out" "told the customer how the handling is going — --as"
	assert_contains "$out" "listened to the customer — -x"
	# Global options still stand anywhere before "--", in either form.
	expect_rc 0 "$CDESK" list --db="$DB" --json --now 2026-09-28T10:07
	assert_eq "$(jqs "$OUT" '.[0].description')" --json
	expect_rc 0 at 2026-09-28T10:07 list --version
	assert_contains "$OUT" "cdesk "
	# Whole names only: getopt_long's abbreviations are refused.
	expect_rc 2 at 2026-09-28T10:07 list --lim 3
	assert_contains "$ERR" "unknown option '--lim'"
	expect_rc 2 at 2026-09-28T10:07 list --js
	assert_contains "$ERR" "unknown option '--js'"
	# A flag takes no value; a value option needs one; a global one too.
	expect_rc 2 at 2026-09-28T10:07 list --overdue=yes
	assert_contains "$ERR" "option '--overdue' takes no value"
	expect_rc 2 at 2026-09-28T10:07 list --json=yes
	assert_contains "$ERR" "option '--json' takes no value"
	expect_rc 2 at 2026-09-28T10:07 note 1 text --expect
	assert_contains "$ERR" "option '--expect' needs a value (STATE)"
	expect_rc 2 at 2026-09-28T10:07 list --db
	assert_contains "$ERR" "option '--db' needs a value"
	expect_rc 2 at 2026-09-28T10:07 list -q
	assert_contains "$ERR" "unknown option '-q'"
	# Nothing was recorded by the refused lines.
	assert_eq "$(sql 'select count(*) from complaints')" 1
}

# complete WORDS…: what bash completes the last word of the line to.
complete_bash() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _cdesk
		echo "${COMPREPLY[*]}"' _ "$WORK/cdesk.bash" "$@"
}

test_completion_lists_commands_and_options() {
	expect_rc 0 "$CDESK" completion bash
	printf '%s\n' "$OUT" >"$WORK/cdesk.bash"
	bash -n "$WORK/cdesk.bash" || fail "the bash completion does not parse"
	out=$(complete_bash cdesk '')
	for c in new list show step sweep report config user audit completion; do
		assert_contains " $out " " $c "
	done
	assert_eq "$(complete_bash cdesk sw)" sweep
	assert_eq "$(complete_bash cdesk --db x.db --json st)" step
	# A command's options, with the global ones.
	out=$(complete_bash cdesk new --)
	for o in --channel --description --walk-in --not-walk-in --received --db --json; do
		assert_contains " $out " " $o "
	done
	assert_not_contains " $out " " --overdue "
	assert_eq "$(complete_bash cdesk new --desc)" --description
	# The word after an option that takes a value is its value, not an option.
	assert_eq "$(complete_bash cdesk new --description --)" ""
	assert_eq "$(complete_bash cdesk new --description --json --wa)" --walk-in
	# Arguments: the steps, the user verbs.
	assert_eq "$(complete_bash cdesk step 7 --note x re)" "record resolve"
	assert_contains "$(complete_bash cdesk user '')" "passwd"
	# Every command's options are exactly those its --help lists.
	for c in $(complete_bash cdesk ''); do
		listed=$(complete_bash cdesk "$c" -- | tr ' ' '\n' | grep -vxE -- '--(db|config|now|lang|as|json|version|help)' | sort)
		helped=$("$CDESK" "$c" --help | sed -n 's/^  \(--[a-z-]*\).*/\1/p' | sort)
		assert_eq "$listed" "$helped" "options of $c"
	done
	# zsh: the commands with their summaries, each command's options.
	expect_rc 0 "$CDESK" completion zsh
	assert_contains "$OUT" "#compdef cdesk"
	assert_contains "$OUT" "'new:record a new complaint; prints its id'"
	assert_contains "$OUT" "'--description:what happened, in the customer"
	assert_contains "$OUT" '"step 1") compadd -- listen apologize record start resolve follow-up close'
	if command -v zsh >/dev/null; then
		printf '%s\n' "$OUT" >"$WORK/_cdesk"
		zsh -n "$WORK/_cdesk" || fail "the zsh completion does not parse"
	fi
	expect_rc 2 "$CDESK" completion fish
	assert_contains "$ERR" "expected: bash|zsh"
}
