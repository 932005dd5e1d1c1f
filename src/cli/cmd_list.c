/* cdesk list and cdesk due: complaints and deadlines as tables or JSON. */
#include "cli.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"

#include <stdlib.h>
#include <string.h>

struct list_ctx {
	struct cli *cli;
	struct cli_table t;
	int json;
	struct cli_json out;
	int count;
};

static int list_row(void *ctx, struct cd_complaint *c, const struct cd_clocks *k)
{
	struct list_ctx *l = ctx;
	char id[24], when[32];
	l->count++;
	if (l->json) {
		cli_json_item(&l->out, cli_complaint_json(l->cli, c, k));
		return 0;
	}
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	cd_format_short(c->received_at, cd_site_tz(l->cli->cfg, c->site), when);
	table_add(&l->t, id, when, c->customer, cli_label(&l->cli->cfg->categories, c->category),
		  cd_state_label(c->state), c->owner, c->description);
	return 0;
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	const char *state = NULL, *site = NULL, *channel = NULL, *category = NULL, *owner = NULL;
	const char *phone = NULL, *text = NULL, *from = NULL, *to = NULL, *limit = NULL;
	int overdue = 0, escalated = 0;
	const struct cli_opt opts[] = {
		{"state", "STATE", N_("a state, 'open' (default) or 'all'"), &state, NULL},
		{"site", "SITE", N_("only this site"), &site, NULL},
		{"channel", "CHANNEL", N_("only this channel"), &channel, NULL},
		{"category", "CATEGORY", N_("only this category"), &category, NULL},
		{"owner", "USER", N_("only complaints this person owns"), &owner, NULL},
		{"phone", "PHONE", N_("only this customer phone"), &phone, NULL},
		{"text", "TEXT", N_("text in customer, phone, plate, reference or description"), &text, NULL},
		{"from", "TIME", N_("received at or after"), &from, NULL},
		{"to", "TIME", N_("received before"), &to, NULL},
		{"overdue", NULL, N_("only complaints with a breached clock"), NULL, &overdue},
		{"escalated", NULL, N_("only escalated complaints"), NULL, &escalated},
		{"limit", "N", N_("at most N complaints"), &limit, NULL},
		{0},
	};
	char *pos[1];
	int npos, r = cli_parse(cli_find("list"), opts, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	struct cd_filter f;
	cd_filter_init(&f);
	if (state && strcmp(state, "open") != 0 && strcmp(state, "all") != 0 && cd_state_parse(state) < 0)
		return cli_usage_error(cli_find("list"), _("unknown state '%s'"), state);
	f.state = state;
	f.site = site;
	f.channel = channel;
	f.category = category;
	f.owner = owner;
	f.phone = phone;
	f.text = text;
	f.escalated = escalated;
	if ((from && cli_time(cli, from, &f.from)) || (to && cli_time(cli, to, &f.to)))
		return CD_EUSAGE;
	if (limit && cli_int("--limit", limit, 1, 1000000, &f.limit))
		return CD_EUSAGE;
	if (overdue)
		f.overdue_at = cd_now();
	if ((r = cli_open(cli)))
		return r;

	struct list_ctx l = {cli, {0}, cli->json, {0}, 0};
	struct cd_err err;
	if (!cli->json)
		table_init(&l.t, 7, _("ID"), _("Received"), _("Customer"), _("Category"), _("State"),
			   _("Owner"), _("What happened"));
	r = desk_list(cli->desk, &f, cli->json, list_row, &l, &err);
	if (cli->json)
		cli_json_end(&l.out);
	else if (l.count)
		table_print(&l.t, stdout);
	else {
		sl_free(&l.t.cells);
		printf("%s\n", _("No complaints match."));
	}
	return r ? cli_error(&err) : 0;
}

static int due_row(void *ctx, const struct cd_clock *k, const struct cd_complaint *c)
{
	struct list_ctx *l = ctx;
	cd_time due, now = cd_now();
	char id[24], when[32], left[32];
	l->count++;
	if (l->json) {
		json_t *o = cli_clock_json(l->cli, c, k);
		json_object_set_new(o, "complaint", json_integer(c->id));
		json_object_set_new(o, "customer", json_string(c->customer));
		json_object_set_new(o, "site", json_string(c->site));
		json_object_set_new(o, "owner", json_string(c->owner));
		json_object_set_new(o, "state", json_string(cd_state_id(c->state)));
		cli_json_item(&l->out, o);
		return 0;
	}
	const char *tz = cd_site_tz(l->cli->cfg, c->site);
	enum cd_clock_status s = sla_status(l->cli->cfg, tz, k, now, &due);
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	cd_format_short(due, tz, when);
	if (s == CS_PAUSED)
		snprintf(left, sizeof left, "%s", _("paused"));
	else
		cd_format_span(due - now, left);
	table_add(&l->t, id, sla_clock_label(l->cli->cfg, k), when, left, cd_clock_status_label(s),
		  c->customer, c->owner, cd_state_label(c->state));
	return 0;
}

int cmd_due(struct cli *cli, int argc, char **argv)
{
	const char *site = NULL, *owner = NULL, *within = NULL, *limit = NULL;
	const struct cli_opt opts[] = {
		{"site", "SITE", N_("only this site"), &site, NULL},
		{"owner", "USER", N_("only complaints this person owns"), &owner, NULL},
		{"within", "DURATION", N_("only deadlines within this time from now (e.g. 1d)"), &within, NULL},
		{"limit", "N", N_("at most N deadlines"), &limit, NULL},
		{0},
	};
	char *pos[1];
	int npos, r = cli_parse(cli_find("due"), opts, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	struct cd_filter f;
	cd_filter_init(&f);
	f.site = site;
	f.owner = owner;
	if (limit && cli_int("--limit", limit, 1, 1000000, &f.limit))
		return CD_EUSAGE;
	cd_time before = CD_TIME_NONE;
	if (within) {
		struct cd_duration d;
		struct cd_err err;
		if (cd_parse_duration(within, &d, &err) || d.unit != DUR_WALL) {
			return cli_fail(CD_EUSAGE, _("cdesk: --within takes a plain duration such as 4h or 2d\n"));
		}
		before = cd_now() + d.amount;
	}
	if ((r = cli_open(cli)))
		return r;
	struct list_ctx l = {cli, {0}, cli->json, {0}, 0};
	struct cd_err err;
	if (!cli->json)
		table_init(&l.t, 8, _("ID"), _("Clock"), _("Due"), _("Left"), _("Status"), _("Customer"),
			   _("Owner"), _("State"));
	r = desk_due(cli->desk, before, &f, due_row, &l, &err);
	if (cli->json)
		cli_json_end(&l.out);
	else if (l.count)
		table_print(&l.t, stdout);
	else {
		sl_free(&l.t.cells);
		printf("%s\n", _("Nothing is due."));
	}
	return r ? cli_error(&err) : 0;
}
