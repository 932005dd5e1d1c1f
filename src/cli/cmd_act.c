/* The action commands: each builds a cd_action and hands it to the desk. */
#include "cli.h"
#include "cdesk/i18n.h"
#include "cdesk/auth.h"

#include <stdlib.h>
#include <string.h>

/* Options every action takes. */
struct common {
	const char *note, *expect;
};

#define COMMON_OPTS(co)                                                                   \
	{"note", "TEXT", N_("a note for the timeline"), &(co).note, NULL},                   \
	{"expect", "STATE", N_("refuse unless the complaint is in this state"), &(co).expect, NULL}

/* Parse argv: the id, then exactly nextra more positional arguments. */
static int parse_args(const char *name, const struct cli_opt *opts, int argc, char **argv,
		      int64_t *id, char **extra, int nextra, int *done)
{
	char *pos[4];
	int npos;
	const struct cli_command *cmd = cli_find(name);
	int r = cli_parse(cmd, opts, argc, argv, pos, 1 + nextra, &npos);
	*done = r > 0;
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos != 1 + nextra) {
		cli_usage_error(cmd, _("expected: %s"), cmd->args);
		return CD_EUSAGE;
	}
	if (cli_id(pos[0], id))
		return CD_EUSAGE;
	for (int i = 0; i < nextra; i++)
		extra[i] = pos[1 + i];
	return 0;
}

/* A deadline as people type it (cd_parse_when), in the configuration's
 * zone: "tomorrow 18:00", "+2h", "2026-11-25 17:00". Prints the error and
 * returns -1 on what it cannot read (exit CD_EUSAGE). */
static int deadline(struct cli *cli, const char *s, cd_time *t)
{
	struct cd_err err;
	if (cd_parse_when(s, cd_now(), cli->cfg ? cli->cfg->timezone : "Asia/Shanghai", t, &err)) {
		cli_fail(CD_EUSAGE, "cdesk: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* A remedy above the person's limit: say plainly who must approve it. */
static void print_awaiting(struct cli *cli, const struct cd_complaint *c)
{
	struct cd_pending p;
	struct cd_err err;
	if (desk_pending(cli->desk, c, &p, &err) <= 0 || !p.approver)
		return;
	printf(_("%s of %.2f yuan is above your limit (%.2f yuan): it needs the approval of a %s "
		 "(cdesk approve %lld).\n"),
	       cli_label(&cli->cfg->remedies, p.remedy), cd_money_yuan(p.amount), cd_money_yuan(p.requester_limit),
	       cd_label_text(&p.approver->name, p.approver->id), (long long)c->id);
}

/* A step that ends the handling with something still open is refused
 * unless --anyway says so; the desk refuses it too, this names each item
 * on a line of its own and says how to go on. Returns the exit code. */
static int refuse_open_items(struct cli *cli, int64_t id, const struct cd_action *a)
{
	struct cd_open_items o;
	struct cd_err err;
	if (a->kind != ACT_STEP || a->anyway || !cd_step_ends_handling(a->step))
		return 0;
	if (desk_open_items(cli->desk, id, a->step, &o, &err))
		return cli_error(&err);
	if (!o.n)
		return 0;
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < o.n; i++)
		sb_printf(&sb, "\n  %s", o.v[i].text);
	int r = o.blocking
		? cli_fail(CD_ESTATE, _("cdesk: '%s' on complaint #%lld would leave open:%s\nNothing was changed.\n"),
			   cd_step_label(a->step), (long long)id, sb.s)
		: cli_fail(CD_ESTATE, _("cdesk: '%s' on complaint #%lld would leave open:%s\n"
					"Nothing was changed. Add --anyway to go ahead all the same.\n"),
			   cd_step_label(a->step), (long long)id, sb.s);
	sb_free(&sb);
	cd_open_items_free(&o);
	return r;
}

static int run(struct cli *cli, int64_t id, struct cd_action *a, const struct common *co)
{
	struct cd_err err;
	int r;
	a->note = co->note;
	if (co->expect) {
		a->expect_state = cd_state_parse(co->expect);
		if (a->expect_state < 0) {
			return cli_fail(CD_EUSAGE, _("cdesk: unknown state '%s'\n"), co->expect);
		}
	}
	if ((r = cli_open(cli)))
		return r;
	struct cd_complaint c;
	struct cd_clocks k;
	if ((r = refuse_open_items(cli, id, a)))
		return r;
	if (desk_act(cli->desk, id, a, &err))
		return cli_error(&err);
	if (desk_get(cli->desk, id, DESK_LISTED, &c, &k, &err))
		return cli_error(&err);
	if (cli->json)
		cli_print_json(cli_complaint_json(cli, &c, &k));
	else {
		printf(_("Complaint #%lld is now %s.\n"), (long long)id, cd_state_label(c.state));
		/* A pause says what it waits for, a resume what it did to the
		   deadlines: the state does not change. */
		if (a->kind == ACT_PAUSE) {
			const char *why = str_empty(a->how) ? cli->cfg->pause_reasons.v[0].id : a->how;
			const struct cd_item *it = cd_list_find(&cli->cfg->pause_reasons, why);
			printf(_("Paused: %s. The deadlines that can pause wait until it is resumed.\n"), it ? cd_label_text(&it->name, it->id) : why);
		} else if (a->kind == ACT_RESUME)
			printf(_("Resumed: the deadlines that paused moved on by the time paused.\n"));
		else if (a->kind == ACT_ASSIGN)
			printf(_("It is now handled by %s.\n"), c.owner);
		else if (a->kind == ACT_ESCALATE)
			printf(_("It is now escalated to level %d, %s.\n"), c.esc_level, cli_label(&cli->cfg->roles, c.esc_role));
		/* A deadline typed "tomorrow 18:00" says what it was taken as. */
		if (a->kind == ACT_PROMISE) {
			char when[32];
			printf(_("The promise is due %s.\n"), cd_format_short(a->due, cd_site_tz(cli->cfg, c.site), when));
		}
	}
	/* Only a remedy above the limit is held for approval, and then no other
	   was awaiting: this one is new. */
	if (!cli->json && a->kind == ACT_REMEDY && c.awaiting && a->amount > desk_limit(cli->desk, a->how))
		print_awaiting(cli, &c);
	cd_clocks_free(&k);
	cd_complaint_free(&c);
	return 0;
}

/* A command with only the common options and no extra arguments. */
static int simple(struct cli *cli, const char *name, enum cd_action_kind kind, int argc, char **argv,
		  const char *how_help)
{
	struct common co = {0};
	const char *how = NULL;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{how_help ? "how" : NULL, "HOW", how_help, &how, NULL},
		{0},
	};
	int64_t id;
	int done, r = parse_args(name, opts, argc, argv, &id, NULL, 0, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, kind);
	a.how = how;
	return run(cli, id, &a, &co);
}

int cmd_contact(struct cli *cli, int argc, char **argv)
{
	return simple(cli, "contact", ACT_CONTACT, argc, argv,
		      N_("phone (default), visit, message, email, in_person"));
}

int cmd_feedback(struct cli *cli, int argc, char **argv)
{
	return simple(cli, "feedback", ACT_FEEDBACK, argc, argv, NULL);
}

int cmd_resume(struct cli *cli, int argc, char **argv)
{
	return simple(cli, "resume", ACT_RESUME, argc, argv, NULL);
}

int cmd_pause(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *reason = NULL;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"reason", "REASON", N_("why the clocks wait: a pause reason of the configuration (default: its first, customer)"),
		 &reason, NULL},
		{0},
	};
	int64_t id;
	int done, r = parse_args("pause", opts, argc, argv, &id, NULL, 0, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_PAUSE);
	a.how = reason;
	return run(cli, id, &a, &co);
}

int cmd_step(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	int anyway = 0;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"anyway", NULL, N_("resolve or close even with a promise or a preventive measure still open"),
		 NULL, &anyway},
		{0},
	};
	int64_t id;
	char *step;
	int done, r = parse_args("step", opts, argc, argv, &id, &step, 1, &done);
	if (r || done)
		return r;
	int s = cd_step_parse(step);
	if (s < 0 || s == STEP_REOPEN || s == STEP_WITHDRAW)
		return cli_usage_error(cli_find("step"), _("unknown step '%s'"), step);
	struct cd_action a;
	cd_action_init(&a, ACT_STEP);
	a.step = s;
	a.anyway = anyway;
	return run(cli, id, &a, &co);
}

static int state_change(struct cli *cli, const char *name, int step, int argc, char **argv)
{
	struct common co = {0};
	int anyway = 0;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{step == STEP_WITHDRAW ? "anyway" : NULL, NULL,
		 N_("withdraw even with a promise or a preventive measure still open"), NULL, &anyway},
		{0},
	};
	int64_t id;
	int done, r = parse_args(name, opts, argc, argv, &id, NULL, 0, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_STEP);
	a.step = step;
	a.anyway = anyway;
	return run(cli, id, &a, &co);
}

int cmd_reopen(struct cli *cli, int argc, char **argv)
{
	return state_change(cli, "reopen", STEP_REOPEN, argc, argv);
}

int cmd_withdraw(struct cli *cli, int argc, char **argv)
{
	return state_change(cli, "withdraw", STEP_WITHDRAW, argc, argv);
}

int cmd_promise(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *due = NULL, *kept = NULL;
	int kept_flag = 0;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"due", "TIME", N_("when the promise falls due"), &due, NULL},
		{"kept", NULL, N_("mark the oldest open promise kept"), NULL, &kept_flag},
		{"kept-id", "EVENT", N_("mark the promise made by this event kept"), &kept, NULL},
		{0},
	};
	int64_t id;
	int done, r = parse_args("promise", opts, argc, argv, &id, NULL, 0, &done);
	if (r || done)
		return r;
	struct cd_action a;
	if (kept_flag || kept) {
		if (due)
			return cli_usage_error(cli_find("promise"), _("--due and --kept exclude each other"));
		cd_action_init(&a, ACT_PROMISE_KEPT);
		if (kept && cli_id(kept, &a.ref))
			return CD_EUSAGE;
	} else {
		cd_action_init(&a, ACT_PROMISE);
		if (!due)
			return cli_usage_error(cli_find("promise"), _("give --due TIME (or --kept)"));
		if (deadline(cli, due, &a.due))
			return CD_EUSAGE;
	}
	return run(cli, id, &a, &co);
}

int cmd_assign(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	struct cli_opt opts[] = {COMMON_OPTS(co), {0}};
	int64_t id;
	char *who;
	int done, r = parse_args("assign", opts, argc, argv, &id, &who, 1, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_ASSIGN);
	a.who = who;
	return run(cli, id, &a, &co);
}

int cmd_escalate(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *level = NULL;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"level", "N", N_("escalation level 1-9 (default: one above the current)"), &level, NULL},
		{0},
	};
	int64_t id;
	char *role;
	int done, r = parse_args("escalate", opts, argc, argv, &id, &role, 1, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_ESCALATE);
	a.who = role;
	if (level && cli_int("--level", level, 1, 9, &a.level))
		return CD_EUSAGE;
	return run(cli, id, &a, &co);
}

int cmd_note(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	/* The note is the argument: only --expect here. */
	struct cli_opt opts[] = {{"expect", "STATE", N_("refuse unless the complaint is in this state"), &co.expect, NULL}, {0}};
	int64_t id;
	char *text;
	int done, r = parse_args("note", opts, argc, argv, &id, &text, 1, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_NOTE);
	co.note = text;
	return run(cli, id, &a, &co);
}

int cmd_remedy(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *amount = NULL;
	int agreed = 0;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"amount", "YUAN", N_("the money value of the remedy"), &amount, NULL},
		{"agreed", NULL, N_("the customer agreed to it"), NULL, &agreed},
		{0},
	};
	int64_t id;
	char *kind;
	int done, r = parse_args("remedy", opts, argc, argv, &id, &kind, 1, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_REMEDY);
	a.how = kind;
	a.agreed = agreed;
	if (amount && cli_money(amount, &a.amount))
		return cli_usage_error(cli_find("remedy"), _("--amount takes a number such as 50 or 49.50, not '%s'"), amount);
	return run(cli, id, &a, &co);
}

int cmd_satisfaction(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *sc[3] = {NULL, NULL, NULL};
	int yes = 0, no = 0;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"outcome", "1-5", N_("fairness of the outcome"), &sc[0], NULL},
		{"procedure", "1-5", N_("fairness of the procedure (timely, by policy)"), &sc[1], NULL},
		{"treatment", "1-5", N_("fairness of the treatment (respected, understood)"), &sc[2], NULL},
		{"satisfied", NULL, N_("the customer is satisfied overall"), NULL, &yes},
		{"not-satisfied", NULL, N_("the customer is not satisfied"), NULL, &no},
		{0},
	};
	static const char *const names[] = {"--outcome", "--procedure", "--treatment"};
	int64_t id;
	int done, r = parse_args("satisfaction", opts, argc, argv, &id, NULL, 0, &done);
	if (r || done)
		return r;
	if (yes == no)
		return cli_usage_error(cli_find("satisfaction"), _("give exactly one of --satisfied or --not-satisfied"));
	struct cd_action a;
	cd_action_init(&a, ACT_SATISFACTION);
	for (int i = 0; i < 3; i++) {
		if (!sc[i])
			return cli_usage_error(cli_find("satisfaction"), _("the option %s is required"), names[i]);
		if (cli_int(names[i], sc[i], 1, 5, &a.scores[i]))
			return CD_EUSAGE;
	}
	a.satisfied = yes;
	return run(cli, id, &a, &co);
}

int cmd_cause(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *measure = NULL, *owner = NULL, *due = NULL;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"measure", "TEXT", N_("the preventive measure agreed"), &measure, NULL},
		{"measure-owner", "USER", N_("who carries the measure out"), &owner, NULL},
		{"measure-due", "TIME", N_("by when"), &due, NULL},
		{0},
	};
	int64_t id;
	char *side;
	int done, r = parse_args("cause", opts, argc, argv, &id, &side, 1, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_ROOT_CAUSE);
	a.how = side;
	a.measure = measure;
	a.measure_owner = owner;
	if (due && deadline(cli, due, &a.due))
		return CD_EUSAGE;
	if (!co.note)
		return cli_usage_error(cli_find("cause"), _("describe the cause with --note"));
	return run(cli, id, &a, &co);
}

int cmd_measure(struct cli *cli, int argc, char **argv)
{
	struct common co = {0};
	const char *cause = NULL;
	struct cli_opt opts[] = {
		COMMON_OPTS(co),
		{"cause", "EVENT", N_("the root-cause event whose measure it is (default: the oldest not carried out)"),
		 &cause, NULL},
		{0},
	};
	int64_t id;
	int done, r = parse_args("measure", opts, argc, argv, &id, NULL, 0, &done);
	if (r || done)
		return r;
	struct cd_action a;
	cd_action_init(&a, ACT_MEASURE_DONE);
	if (cause && cli_id(cause, &a.ref))
		return CD_EUSAGE;
	return run(cli, id, &a, &co);
}

int cmd_approve(struct cli *cli, int argc, char **argv)
{
	return simple(cli, "approve", ACT_APPROVE, argc, argv, NULL);
}

int cmd_refuse(struct cli *cli, int argc, char **argv)
{
	return simple(cli, "refuse", ACT_REFUSE, argc, argv, NULL);
}
