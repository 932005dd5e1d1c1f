/* cdesk new and cdesk update: complaint fields from options. */
#include "cli.h"
#include "cdesk/i18n.h"

#include <stdlib.h>
#include <string.h>

/* One option per complaint field, in cd_fields order. */
static const char *const helps[] = {
	N_("site or station id (default: the config's default_site)"),
	N_("channel id: walk_in, phone, letter, email … (required)"),
	N_("category id (required to record)"),
	N_("severity id (default normal)"),
	N_("customer name (required to record)"),
	N_("customer phone (required to record)"),
	N_("vehicle plate"),
	N_("order or receipt reference"),
	N_("what happened, in the customer's words (required)"),
	N_("what the customer asks for"),
	N_("what the customer seeks: respect, vent, compensation, advice"),
	N_("how the customer behaves: passive, voicer, irate, activist"),
	N_("who received it (default: you)"),
	N_("who owns it (default: the receiver)"),
};

/* Fill opts with one option per field (receiver and owner only when
 * creating); returns how many. */
static size_t field_opts(struct cli_opt *opts, const char **v, int creating)
{
	size_t n = 0;
	for (size_t i = 0; i < cd_nfields; i++) {
		const char *name = cd_fields[i].name;
		if (!creating && (strcmp(name, "receiver") == 0 || strcmp(name, "owner") == 0))
			continue;
		opts[n++] = (struct cli_opt){name, "TEXT", helps[i], &v[i], NULL};
	}
	return n;
}

static void take_fields(struct cd_complaint *c, const char **v)
{
	for (size_t i = 0; i < cd_nfields; i++)
		if (v[i])
			*cd_field_ptr(c, &cd_fields[i]) = strdup(v[i]);
}

/* Complaint id as JSON, as the desk shows it with view. */
static int print_json(struct cli *cli, int64_t id, enum desk_view view)
{
	struct cd_complaint c;
	struct cd_clocks k;
	struct cd_err err;
	if (desk_get(cli->desk, id, view, &c, &k, &err))
		return cli_error(&err);
	cli_print_json(cli_complaint_json(cli, &c, &k));
	cd_clocks_free(&k);
	cd_complaint_free(&c);
	return 0;
}

int cmd_new(struct cli *cli, int argc, char **argv)
{
	const char *v[16] = {0};
	const char *received = NULL, *note = NULL;
	int walk_in = 0, not_walk_in = 0;
	struct cli_opt opts[20];
	size_t n = field_opts(opts, v, 1);
	opts[n++] = (struct cli_opt){"received", "TIME", N_("when it was received (default now)"), &received, NULL};
	opts[n++] = (struct cli_opt){"walk-in", NULL, N_("listen, apologize and record now, in one sitting (default for walk-in channels)"), NULL, &walk_in};
	opts[n++] = (struct cli_opt){"not-walk-in", NULL, N_("leave the handling steps for later even on a walk-in channel"), NULL, &not_walk_in};
	opts[n++] = (struct cli_opt){"note", "TEXT", N_("a note on the intake"), &note, NULL};
	opts[n] = (struct cli_opt){0};

	char *pos[1];
	int npos, r = cli_parse(cli_find("new"), opts, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (walk_in && not_walk_in)
		return cli_usage_error(cli_find("new"), _("--walk-in and --not-walk-in exclude each other"));
	if ((r = cli_open(cli)))
		return r;

	struct cd_complaint c;
	struct cd_err err;
	cd_complaint_init(&c);
	take_fields(&c, v);
	c.received_at = CD_TIME_NONE;
	if (received && cli_time(cli, received, &c.received_at)) {
		cd_complaint_free(&c);
		return CD_EUSAGE;
	}
	r = desk_new(cli->desk, &c, walk_in ? 1 : not_walk_in ? 0 : -1, note, &err);
	if (r) {
		cd_complaint_free(&c);
		return cli_error(&err);
	}
	int64_t id = c.id;
	cd_complaint_free(&c);
	if (!cli->json) {
		printf("%lld\n", (long long)id);
		return 0;
	}
	/* As recorded, shown to the one who recorded it. */
	return print_json(cli, id, DESK_OPENED);
}

int cmd_update(struct cli *cli, int argc, char **argv)
{
	const char *v[16] = {0};
	const char *note = NULL, *expect = NULL;
	struct cli_opt opts[20];
	size_t n = field_opts(opts, v, 0);
	opts[n++] = (struct cli_opt){"note", "TEXT", N_("a note for the timeline"), &note, NULL};
	opts[n++] = (struct cli_opt){"expect", "STATE", N_("refuse unless the complaint is in this state"), &expect, NULL};
	opts[n] = (struct cli_opt){0};
	char *pos[1];
	int64_t id;
	int npos, r = cli_parse(cli_find("update"), opts, argc, argv, pos, 1, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos != 1)
		return cli_usage_error(cli_find("update"), _("which complaint? Give its id"));
	if (cli_id(pos[0], &id))
		return CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;
	struct cd_complaint fields;
	struct cd_action a;
	struct cd_err err;
	cd_complaint_init(&fields);
	take_fields(&fields, v);
	cd_action_init(&a, ACT_UPDATE);
	a.fields = &fields;
	a.note = note;
	if (expect && (a.expect_state = cd_state_parse(expect)) < 0) {
		cd_complaint_free(&fields);
		return cli_usage_error(cli_find("update"), _("unknown state '%s'"), expect);
	}
	r = desk_act(cli->desk, id, &a, &err);
	cd_complaint_free(&fields);
	if (r)
		return cli_error(&err);
	if (cli->json)
		return print_json(cli, id, DESK_LISTED);
	printf(_("Complaint #%lld updated.\n"), (long long)id);
	return 0;
}
