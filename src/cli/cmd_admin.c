/* sweep, config, export, import, demo. */
#define _GNU_SOURCE
#include "cli.h"
#include "cdesk/csv.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int no_args(struct cli *cli, const char *name, const struct cli_opt *opts, int argc, char **argv)
{
	char *pos[1];
	int npos, r = cli_parse(cli_find(name), opts, argc, argv, pos, 0, &npos);
	(void)cli;
	return r > 0 ? -1 : r < 0 ? CD_EUSAGE : 0;
}

int cmd_sweep(struct cli *cli, int argc, char **argv)
{
	int r = no_args(cli, "sweep", NULL, argc, argv);
	struct desk_swept s;
	struct cd_err err;
	if (r)
		return r < 0 ? 0 : r;
	cli->system = 1; /* escalations that fall due are the desk's own doing */
	if ((r = cli_open(cli)))
		return r;
	if (desk_sweep(cli->desk, &s, &err))
		return cli_error(&err);
	if (cli->json) {
		json_t *o = json_pack("{s:i,s:i,s:i}", "checked", s.checked, "escalations", s.escalations, "scheduled",
				      s.scheduled);
		cli_print_json(o);
		return 0;
	}
	printf(ngettext("Checked %d complaint; ", "Checked %d complaints; ", (unsigned long)s.checked), s.checked);
	printf(ngettext("recorded %d escalation.\n", "recorded %d escalations.\n", (unsigned long)s.escalations),
	       s.escalations);
	if (s.scheduled)
		printf(ngettext("Put %d scheduled message in the outbox (daily digests, the monthly report).\n",
				"Put %d scheduled messages in the outbox (daily digests, the monthly report).\n",
				(unsigned long)s.scheduled),
		       s.scheduled);
	return 0;
}

/* The database at --db (or the default), when there is one: 'config show'
 * shows what it follows, and never makes one. */
static int database_exists(const struct cli *cli)
{
	struct cd_err err;
	char *where = cli_where(cli, &err);
	int r = where && desk_db_exists(where);
	free(where);
	return r;
}

static int config_show(struct cli *cli)
{
	if (database_exists(cli)) {
		int r = cli_open(cli);
		if (r)
			return r;
	}
	const struct cd_config *cfg = cli->desk ? desk_config(cli->desk) : cli->loaded;
	if (cli->desk)
		printf(_("# the configuration %s follows: %s\n"), desk_where(cli->desk), cfg->path);
	else
		printf("# %s: %s\n", _("effective configuration, loaded from"), cfg->path);
	if (cd_config_dump(cfg, stdout))
		return cli_fail(CD_EFAIL, "cdesk: %s\n", _("cannot write the configuration"));
	return 0;
}

static int config_apply(struct cli *cli)
{
	struct cd_err err;
	size_t n;
	cli->applying = 1;
	int r = cli_open(cli);
	if (r)
		return r;
	r = desk_config_apply(cli->desk, cli->loaded, &n, &err);
	if (r < 0)
		return cli_error(&err);
	if (cli->json)
		cli_print_json(json_pack("{s:s,s:b,s:i}", "config", cli->loaded->path, "changed", r == 0,
					 "recomputed", (int)n));
	else if (r == 1)
		printf(_("%s already follows %s: nothing changed.\n"), desk_where(cli->desk), cli->loaded->path);
	else
		printf(ngettext("%s now follows %s; the deadlines of %zu open complaint were computed again.\n",
				"%s now follows %s; the deadlines of %zu open complaints were computed again.\n",
				(unsigned long)n),
		       desk_where(cli->desk), cli->loaded->path, n);
	return 0;
}

int cmd_config(struct cli *cli, int argc, char **argv)
{
	char *pos[2];
	int npos, r = cli_parse(cli_find("config"), NULL, argc, argv, pos, 2, &npos);
	struct cd_err err;
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	static const char *const verbs[] = {"check", "show", "apply", NULL};
	int verb = -1;
	for (int i = 0; npos >= 1 && verbs[i]; i++)
		if (strcmp(pos[0], verbs[i]) == 0)
			verb = i;
	if (verb < 0 || (verb == 1 && npos > 1))
		return cli_usage_error(cli_find("config"), _("expected 'check [FILE]', 'show' or 'apply [FILE]'"));
	const char *file = npos > 1 ? pos[1] : cli->config_path;
	struct cd_config *cfg = file ? desk_config_load_file(file, &err) : desk_config_load(NULL, &err);
	if (!cfg)
		return cli_error(&err);
	cli->loaded = cfg;
	cli->cfg = cfg;
	if (verb == 0)
		printf(_("%s: the configuration is valid (%zu sites, %zu channels, %zu categories, %zu clocks, %zu escalation rules).\n"),
		       cfg->path, cfg->sites.n, cfg->channels.n, cfg->categories.n, cfg->nclocks, cfg->nrules);
	return verb == 0 ? 0 : verb == 1 ? config_show(cli) : config_apply(cli);
}

/* Export ------------------------------------------------------------------ */

struct export_ctx {
	struct cli *cli;
	json_t *arr;
	int header;               /* the CSV header is out */
	void (*put)(FILE *, const char *, char); /* csv_put_guarded, or csv_put (--raw) */
};

static void csv_header(void)
{
	csv_put(stdout, "id", ',');
	csv_put(stdout, "state", ',');
	for (size_t i = 0; i < cd_nfields; i++)
		csv_put(stdout, cd_fields[i].name, ',');
	static const char *const tail[] = {"received", "updated", "resolved", "closed",
					   "escalation_level", "escalated_to", "reopened"};
	for (size_t i = 0; i < 7; i++)
		csv_put(stdout, tail[i], i == 6 ? '\n' : ',');
}

static int export_row(void *ctx, struct cd_complaint *c, const struct cd_clocks *k)
{
	struct export_ctx *x = ctx;
	char buf[32];
	const char *tz = cd_site_tz(x->cli->cfg, c->site);
	if (x->arr) {
		json_array_append_new(x->arr, cli_complaint_json(x->cli, c, k));
		return 0;
	}
	if (!x->header++)
		csv_header();
	snprintf(buf, sizeof buf, "%lld", (long long)c->id);
	csv_put(stdout, buf, ',');
	csv_put(stdout, cd_state_id(c->state), ',');
	for (size_t i = 0; i < cd_nfields; i++)
		x->put(stdout, *cd_field_ptr(c, &cd_fields[i]), ',');
	cd_time times[] = {c->received_at, c->updated_at, c->resolved_at, c->closed_at};
	for (size_t i = 0; i < 4; i++)
		csv_put(stdout, times[i] == CD_TIME_NONE ? "" : cd_format_time(times[i], tz, buf), ',');
	snprintf(buf, sizeof buf, "%d", c->esc_level);
	csv_put(stdout, buf, ',');
	x->put(stdout, c->esc_role, ',');
	snprintf(buf, sizeof buf, "%d", c->reopen_count);
	csv_put(stdout, buf, '\n');
	return 0;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	const char *format = NULL, *state = NULL, *site = NULL, *from = NULL, *to = NULL;
	int raw = 0;
	const struct cli_opt opts[] = {
		{"format", "csv|json", N_("output format (default csv; --json means json)"), &format, NULL},
		{"raw", NULL, N_("CSV cells as stored, without the ' that keeps a spreadsheet from running =, +, -, @ as a formula"),
		 NULL, &raw},
		{"state", "STATE", N_("a state, 'open' or 'all' (default all)"), &state, NULL},
		{"site", "SITE", N_("only this site"), &site, NULL},
		{"from", "TIME", N_("received at or after"), &from, NULL},
		{"to", "TIME", N_("received before"), &to, NULL},
		{0},
	};
	int r = no_args(cli, "export", opts, argc, argv);
	if (r)
		return r < 0 ? 0 : r;
	if (!format)
		format = cli->json ? "json" : "csv";
	if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(cli_find("export"), _("--format takes csv or json, not '%s'"), format);
	struct cd_filter f;
	cd_filter_init(&f);
	f.state = state ? state : "all";
	f.site = site;
	f.oldest_first = 1;
	if ((from && cli_time(cli, from, &f.from)) || (to && cli_time(cli, to, &f.to)))
		return CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;
	struct cd_err err;
	struct export_ctx x = {cli, strcmp(format, "json") == 0 ? json_array() : NULL, 0,
			       raw ? csv_put : csv_put_guarded};
	int personal;
	/* The header comes with the first row: a refusal prints nothing. */
	r = desk_export(cli->desk, &f, format, export_row, &x, &personal, &err);
	if (!r && !x.arr && !x.header)
		csv_header();
	if (x.arr)
		cli_print_json(x.arr);
	return r ? cli_error(&err) : 0;
}

/* An import's progress on a terminal: a bar of how far through the file
 * (when its size is known), the rows read, then the commit. One line,
 * written over and cleared at the end. */
struct import_bar {
	FILE *in;
	off_t size;
	int shown;
};

static void import_progress(void *ctx, size_t rows, int reading)
{
	struct import_bar *b = ctx;
	char bar[48] = "";
	if (reading && b->size > 0) {
		off_t at = ftello(b->in);
		int pct = at <= 0 ? 0 : at >= b->size ? 100 : (int)(at * 100 / b->size);
		int fill = pct * 30 / 100;
		snprintf(bar, sizeof bar, "[%.*s%*s] %3d%%  ", fill, "##############################", 30 - fill, "",
			 pct);
	}
	fputs("\r\033[K", stderr);
	if (reading)
		fprintf(stderr, _("%simporting: %zu rows read"), bar, rows);
	else
		fprintf(stderr, _("saving %zu rows…"), rows);
	fflush(stderr);
	b->shown = 1;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	char *pos[1];
	int npos, r = cli_parse(cli_find("import"), NULL, argc, argv, pos, 1, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos != 1)
		return cli_usage_error(cli_find("import"), _("which file? Give a CSV file ('-' for standard input)"));
	FILE *f = strcmp(pos[0], "-") == 0 ? stdin : fopen(pos[0], "rb");
	if (!f) {
		return cli_fail(CD_EINPUT, _("cdesk: cannot read %s: %s\n"), pos[0], strerror(errno));
	}
	if ((r = cli_open(cli))) {
		if (f != stdin)
			fclose(f);
		return r;
	}
	struct cd_err err;
	size_t count;
	struct stat sb;
	struct import_bar bar = {f, fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : 0, 0};
	if (isatty(STDERR_FILENO) && !cli->json)
		desk_on_import(cli->desk, import_progress, &bar);
	r = desk_import_csv(cli->desk, f, pos[0], &count, &err);
	desk_on_import(cli->desk, NULL, NULL);
	if (bar.shown)
		fputs("\r\033[K", stderr);
	if (f != stdin)
		fclose(f);
	if (r)
		return cli_error(&err);
	if (cli->json)
		cli_print_json(json_pack("{s:I}", "imported", (json_int_t)count));
	else
		printf(ngettext("Imported %zu complaint.\n", "Imported %zu complaints.\n", count), count);
	return 0;
}

int cmd_demo(struct cli *cli, int argc, char **argv)
{
	const char *count = NULL, *seed = NULL, *months = NULL;
	const struct cli_opt opts[] = {
		{"count", "N", N_("how many complaints (default 200)"), &count, NULL},
		{"seed", "S", N_("seed: the same seed gives the same data (default 1)"), &seed, NULL},
		{"months", "M", N_("spread over the last M months (default 12)"), &months, NULL},
		{0},
	};
	int r = no_args(cli, "demo", opts, argc, argv);
	int n = 200, s = 1, m = 12;
	struct cd_err err;
	if (r)
		return r < 0 ? 0 : r;
	if ((count && cli_int("--count", count, 1, 10000000, &n)) ||
	    (seed && cli_int("--seed", seed, 0, 2000000000, &s)) ||
	    (months && cli_int("--months", months, 1, 120, &m)))
		return CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;
	if (desk_demo(cli->desk, n, (unsigned long)s, m, &err))
		return cli_error(&err);
	if (cli->json)
		cli_print_json(json_pack("{s:i}", "created", n));
	else
		printf(ngettext("Created %d demo complaint.\n", "Created %d demo complaints.\n", (unsigned long)n), n);
	return 0;
}
