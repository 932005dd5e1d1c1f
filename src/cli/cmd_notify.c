/* cdesk notify: deliver the messages of the outbox that are due. */
#include "cli.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

json_t *cli_message_json(struct cli *cli, const struct cd_message *m)
{
	const char *tz = cli->cfg->timezone;
	char t[3][32];
	char *where = notify_address_shown(m->address);
	json_t *o = json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i}", "id", (json_int_t)m->id, "complaint",
			      m->complaint_id ? json_integer(m->complaint_id) : json_null(), "kind", m->kind, "cause", m->cause, "recipient",
			      m->recipient, "channel", m->channel, "address", where, "lang", m->lang, "subject",
			      m->subject, "state", m->state, "attempts", m->attempts);
	free(where);
	json_object_set_new(o, "due_at", json_string(cd_format_time(m->due_at, tz, t[0])));
	json_object_set_new(o, "next_at", m->next_at == CD_TIME_NONE || strcmp(m->state, "sent") == 0
						  ? json_null()
						  : json_string(cd_format_time(m->next_at, tz, t[1])));
	json_object_set_new(o, "sent_at", m->sent_at == CD_TIME_NONE ? json_null()
								     : json_string(cd_format_time(m->sent_at, tz, t[2])));
	json_object_set_new(o, "error", m->last_error ? json_string(m->last_error) : json_null());
	return o;
}

struct shown {
	struct cli *cli;
	struct cli_json w;
	int dry_run, sent, failed, later, moot;
};

static void tried(void *ctx, const struct cd_message *m, const char *error)
{
	struct shown *s = ctx;
	if (s->cli->json) {
		json_t *o = cli_message_json(s->cli, m);
		if (s->dry_run)
			json_object_set_new(o, "body", json_string(m->body));
		cli_json_item(&s->w, o);
	} else if (s->dry_run) {
		char *where = notify_address_shown(m->address);
		if (m->complaint_id)
			printf(_("Would send message %lld (complaint #%lld, %s) to %s over %s%s%s, in %s:\n"),
			       (long long)m->id, (long long)m->complaint_id, m->kind, m->recipient, m->channel,
			       *where ? " " : "", where, m->lang);
		else
			printf(_("Would send message %lld (%s) to %s over %s%s%s, in %s:\n"), (long long)m->id, m->kind,
			       m->recipient, m->channel, *where ? " " : "", where, m->lang);
		free(where);
		printf("  %s\n", m->subject);
	} else {
		char *line = notify_describe(m, s->cli->cfg->timezone);
		if (m->complaint_id)
			printf(_("Message %lld (complaint #%lld): %s\n"), (long long)m->id, (long long)m->complaint_id, line);
		else
			printf(_("Message %lld: %s\n"), (long long)m->id, line);
		free(line);
	}
	if (strcmp(m->state, "moot") == 0)
		s->moot++;
	else if (!error)
		s->sent++;
	else if (strcmp(m->state, "failed") == 0)
		s->failed++;
	else
		s->later++;
}

static volatile sig_atomic_t stopping;

static void stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* --watch: a run every 30 s until SIGTERM or SIGINT, on the machine's
 * clock; a try that fails is told and the watch goes on. */
static int watch(struct cli *cli, struct shown *s)
{
	struct sigaction sa = {0};
	sa.sa_handler = stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stopping) {
		struct cd_err err = {0};
		int n;
		/* Another configuration applied: end, to be started again on it
		 * (systemd's Restart=on-failure). */
		if (desk_config_check(cli->desk, &err))
			return cli_error(&err);
		if (desk_notify(cli->desk, 0, tried, s, &n, &err))
			cli_warn("cdesk: %s\n", err.msg); /* a service goes on: busy, … */
		fflush(stdout);
		for (int i = 0; i < 30 && !stopping; i++)
			sleep(1);
	}
	return 0;
}

int cmd_notify(struct cli *cli, int argc, char **argv)
{
	int dry_run = 0, watching = 0;
	const struct cli_opt opts[] = {
		{"dry-run", NULL, N_("print what would be sent and to whom; send nothing"), NULL, &dry_run},
		{"watch", NULL, N_("keep running: send what falls due every 30 seconds until stopped (a service)"), NULL,
		 &watching},
		{0},
	};
	char *pos[1];
	int npos, r = cli_parse(cli_find("notify"), opts, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (watching && (dry_run || cli->json || cd_now_is_pinned()))
		return cli_usage_error(cli_find("notify"), "%s",
				       _("--watch runs on the machine's clock, and neither with --dry-run nor --json"));
	/* Delivering is the desk's own work, as the sweep is; printing every
	 * message (--dry-run) is a read by someone signed in. */
	cli->system = !dry_run;
	if ((r = cli_open(cli)))
		return r;
	struct shown s = {cli, {0}, dry_run, 0, 0, 0, 0};
	if (watching)
		return watch(cli, &s);
	struct cd_err err = {0};
	int n;
	r = desk_notify(cli->desk, dry_run, tried, &s, &n, &err);
	if (cli->json)
		cli_json_end(&s.w);
	if (r)
		return cli_error(&err);
	if (cli->json)
		return s.failed || s.later ? CD_EDB : 0;
	if (dry_run)
		printf(ngettext("%d message would be sent.\n", "%d messages would be sent.\n", (unsigned long)n), n);
	else if (n == 0)
		printf("%s\n", _("No message is due."));
	else
		printf(_("Sent %d, to be tried again %d, given up %d.\n"), s.sent, s.later, s.failed);
	if (s.moot)
		printf(ngettext("%d warning was not sent: its deadline was met first.\n",
				"%d warnings were not sent: their deadlines were met first.\n", (unsigned long)s.moot),
		       s.moot);
	return s.failed || s.later ? CD_EDB : 0;
}

struct mine {
	struct cli *cli;
	struct cli_json w;
	int n;
};

static int one_of_mine(void *ctx, const struct cd_message *m)
{
	struct mine *x = ctx;
	x->n++;
	if (x->cli->json) {
		cli_json_item(&x->w, cli_message_json(x->cli, m));
		return 0;
	}
	char t[32], about[32] = "";
	char *line = notify_describe(m, x->cli->cfg->timezone);
	if (m->complaint_id)
		snprintf(about, sizeof about, "#%lld", (long long)m->complaint_id);
	printf("%-6lld %-16s %-6s %s\n", (long long)m->id, cd_format_short(m->created_at, x->cli->cfg->timezone, t),
	       about, line);
	printf("       %s\n", m->subject);
	free(line);
	return 0;
}

/* cdesk messages: the signed-in person's messages ("my messages"). */
int cmd_messages(struct cli *cli, int argc, char **argv)
{
	int sites = 0;
	const char *limit = NULL;
	const struct cli_opt opts[] = {
		{"sites", NULL, N_("also the messages about complaints at the sites you work at (the report permission)"),
		 NULL, &sites},
		{"limit", "N", N_("at most N messages, newest first (default 50)"), &limit, NULL},
		{0},
	};
	char *pos[1];
	int npos, r = cli_parse(cli_find("messages"), opts, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	int n = 50;
	if (limit && cli_int("--limit", limit, 1, 1000000, &n))
		return CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;
	struct mine x = {cli, {0}, 0};
	struct cd_err err = {0};
	r = desk_my_messages(cli->desk, sites, n, one_of_mine, &x, &err);
	if (cli->json)
		cli_json_end(&x.w);
	if (r)
		return cli_error(&err);
	if (!cli->json && x.n == 0)
		printf("%s\n", _("No message to you."));
	return 0;
}
