/* cdesk show: every field, every clock, pending escalations, the timeline. */
#include "cli.h"
#include "cdesk/auth.h"
#include "cdesk/describe.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"
#include "cdesk/sla.h"
#include "cdesk/text.h"

#include <stdlib.h>
#include <string.h>

static json_t *event_json(struct cli *cli, const struct cd_complaint *c, const struct cd_event *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "at", cli_time_json(cli, c, e->at));
	json_object_set_new(o, "actor", json_string(e->actor));
	json_object_set_new(o, "kind", json_string(e->kind));
	json_object_set_new(o, "from", e->from_state >= 0 ? json_string(cd_state_id(e->from_state)) : json_null());
	json_object_set_new(o, "to", e->to_state >= 0 ? json_string(cd_state_id(e->to_state)) : json_null());
	json_object_set_new(o, "note", e->note ? json_string(e->note) : json_null());
	json_t *d = e->data ? json_loads(e->data, 0, NULL) : NULL;
	json_object_set_new(o, "data", d ? d : json_null());
	return o;
}

static void field(const char *label, const char *value)
{
	struct strbuf sb;
	if (str_empty(value))
		return;
	sb_init(&sb);
	text_fit(&sb, label, 14, 1);
	sb_putc(&sb, ' ');
	/* Stored text is shown, never acted on: another program may have
	 * written escape sequences or bidirectional overrides into it. */
	sb_add_shown(&sb, value, 1);
	printf("%s\n", sb.s);
	sb_free(&sb);
}

static void print_awaiting(struct cli *cli, const struct cd_complaint *c)
{
	struct cd_pending p;
	struct cd_err err;
	char buf[256];
	if (desk_pending(cli->desk, c, &p, &err) <= 0)
		return;
	snprintf(buf, sizeof buf, _("%s, %.2f yuan, asked by %s: needs the approval of a %s"),
		 cli_label(&cli->cfg->remedies, p.remedy), cd_money_yuan(p.amount), p.requester,
		 p.approver ? cd_label_text(&p.approver->name, p.approver->id) : "?");
	field(_("Awaiting"), buf);
}

static void print_human(struct cli *cli, const struct cd_complaint *c, const struct cd_clocks *k,
			const struct cd_events *ev, const size_t *pending, size_t npending)
{
	const struct cd_config *cfg = cli->cfg;
	const char *tz = cd_site_tz(cfg, c->site);
	char t[32], t2[32], buf[64];
	cd_time now = cd_now();

	printf(_("Complaint #%lld — %s\n"), (long long)c->id, cd_state_label(c->state));
	field(_("Received"), cd_format_short(c->received_at, tz, t));
	field(_("Site"), cli_label(&cfg->sites, c->site));
	field(_("Channel"), cli_label(&cfg->channels, c->channel));
	field(_("Category"), cli_label(&cfg->categories, c->category));
	field(_("Severity"), cli_label(&cfg->severities, c->severity));
	field(_("Customer"), c->customer);
	field(_("Phone"), c->phone);
	field(_("Plate"), c->plate);
	field(_("Reference"), c->reference);
	field(_("Need"), c->need ? cd_vocab_label(c->need) : NULL);
	field(_("Behaviour"), c->behaviour ? cd_vocab_label(c->behaviour) : NULL);
	field(_("Receiver"), c->receiver);
	field(_("Owner"), c->owner);
	if (c->esc_level) {
		snprintf(buf, sizeof buf, _("level %d, %s"), c->esc_level, cli_label(&cfg->roles, c->esc_role));
		field(_("Escalated"), buf);
	}
	print_awaiting(cli, c);
	if (c->paused_since != CD_TIME_NONE)
		field(_("Paused since"), cd_format_short(c->paused_since, tz, t));
	field(_("What happened"), c->description);
	field(_("Asks for"), c->request);

	printf("\n%s\n", _("Clocks:"));
	struct cli_table tab;
	table_init(&tab, 4, _("Clock"), _("Due"), _("Status"), _("Left / met"));
	for (size_t i = 0; i < k->n; i++) {
		cd_time due;
		enum cd_clock_status s = sla_status(cfg, tz, &k->v[i], now, &due);
		const char *extra = "";
		if (s == CS_MET)
			extra = cd_format_short(k->v[i].met, tz, t2);
		else if (s == CS_RUNNING || s == CS_WARNING || s == CS_BREACHED)
			extra = sla_is_open(&k->v[i]) ? cd_format_span(due - now, t2) : "";
		snprintf(buf, sizeof buf, "%s%s", cd_clock_status_label(s),
			 s == CS_MET && k->v[i].met > due ? _(" (late)") : "");
		table_add(&tab, sla_clock_label(cfg, &k->v[i]), cd_format_short(due, tz, t), buf, extra);
	}
	if (k->n)
		table_print(&tab, stdout);
	else {
		sl_free(&tab.cells);
		printf("  %s\n", _("none"));
	}
	for (size_t i = 0; i < npending; i++)
		printf(_("Escalation due: %s (level %d, to %s); it is recorded at the next action or sweep.\n"),
		       cd_label_text(&cfg->rules[pending[i]].name, cfg->rules[pending[i]].id),
		       cfg->rules[pending[i]].level, cli_label(&cfg->roles, cfg->rules[pending[i]].notify));

	printf("\n%s\n", _("Timeline:"));
	for (size_t i = 0; i < ev->n; i++) {
		struct strbuf sb;
		sb_init(&sb);
		cd_event_describe(cli->cfg, c, ev, &ev->v[i], &sb);
		struct strbuf line;
		sb_init(&line);
		sb_printf(&line, "  %s  ", cd_format_short(ev->v[i].at, tz, t));
		text_fit(&line, ev->v[i].actor, 10, 1);
		sb_putc(&line, ' ');
		sb_add_shown(&line, sb.s, 0);
		if (ev->v[i].note) {
			sb_puts(&line, " — ");
			sb_add_shown(&line, ev->v[i].note, 1);
		}
		puts(line.s);
		sb_free(&line);
		sb_free(&sb);
	}
}

struct msgs {
	struct cli *cli;
	const struct cd_complaint *c;
	json_t *arr;
	int n;
};

static int message_out(void *ctx, const struct cd_message *m)
{
	struct msgs *x = ctx;
	if (x->arr) {
		json_array_append_new(x->arr, cli_message_json(x->cli, m));
		return 0;
	}
	if (!x->n++)
		printf("\n%s\n", _("Messages:"));
	char *line = notify_describe(m, cd_site_tz(x->cli->cfg, x->c->site));
	struct strbuf sb;
	sb_init(&sb);
	sb_add_shown(&sb, line, 0);
	printf("  %s\n", sb.s);
	sb_free(&sb);
	free(line);
	return 0;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	char *pos[1];
	int64_t id;
	int npos, r = cli_parse(cli_find("show"), NULL, argc, argv, pos, 1, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos != 1)
		return cli_usage_error(cli_find("show"), _("which complaint? Give its id"));
	if (cli_id(pos[0], &id))
		return CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;

	struct cd_complaint c;
	struct cd_clocks k;
	struct cd_events ev;
	struct cd_err err;
	size_t pending[64], npending = 0;
	if (desk_show(cli->desk, id, "cli", 1, &c, &k, &ev, &err))
		return cli_error(&err);
	if (desk_pending_rules(cli->desk, id, pending, 64, &npending, &err)) {
		cd_events_free(&ev);
		cd_clocks_free(&k);
		cd_complaint_free(&c);
		return cli_error(&err);
	}
	if (cli->json) {
		json_t *o = cli_complaint_json(cli, &c, &k);
		json_t *arr = json_array(), *pend = json_array();
		for (size_t i = 0; i < ev.n; i++)
			json_array_append_new(arr, event_json(cli, &c, &ev.v[i]));
		for (size_t i = 0; i < npending; i++)
			json_array_append_new(pend, json_string(cli->cfg->rules[pending[i]].id));
		json_object_set_new(o, "events", arr);
		json_object_set_new(o, "pending_escalations", pend);
		struct msgs x = {cli, &c, json_array(), 0};
		r = desk_messages(cli->desk, id, message_out, &x, &err);
		json_object_set_new(o, "messages", x.arr);
		if (r)
			json_decref(o);
		else
			cli_print_json(o);
	} else {
		print_human(cli, &c, &k, &ev, pending, npending);
		struct msgs x = {cli, &c, NULL, 0};
		r = desk_messages(cli->desk, id, message_out, &x, &err);
	}
	cd_events_free(&ev);
	cd_clocks_free(&k);
	cd_complaint_free(&c);
	return r ? cli_error(&err) : 0;
}
