/* cdesk report: the monthly complaint analysis as a document, or the list
 * of complaints behind one of its figures (--drill). */
#include "cli.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/report.h"

#include <stdlib.h>
#include <string.h>

struct report_opts {
	const char *month, *from, *to, *site, *format, *output, *drill;
	int force, check, recompute;
};

/* The period: --month, --from/--to, or by default last month. */
static int pick_period(struct cli *cli, const struct report_opts *o, struct rp_query *q)
{
	struct cd_err err;
	const struct cli_command *cmd = cli_find("report");
	if (o->month && (o->from || o->to))
		return cli_usage_error(cmd, _("--month and --from/--to exclude each other"));
	if (!o->from != !o->to)
		return cli_usage_error(cmd, _("give both --from and --to"));
	if (o->month && report_parse_month(o->month, q, &err))
		return cli_usage_error(cmd, "%s", err.msg);
	if (o->from && report_parse_range(o->from, o->to, q, &err))
		return cli_usage_error(cmd, "%s", err.msg);
	if (!o->month && !o->from) {
		report_month_of(cd_now(), cli->cfg->timezone, q);
		report_shift(q, -1);
	}
	q->site = o->site;
	return 0;
}

/* --drill FIGURE, or FIGURE:DIMENSION=KEY for one row of a table:
 * deadlines_breached:site=station-01. *spec is split in place. */
static int parse_drill(char *spec, struct rp_drill *dr)
{
	const struct cli_command *cmd = cli_find("report");
	char *row = strchr(spec, ':');
	dr->dim = -1;
	dr->key = NULL;
	if (row)
		*row++ = '\0';
	dr->metric = report_metric_find(spec);
	if (dr->metric < 0)
		return cli_usage_error(cmd, _("unknown figure '%s' (the ids are in --format json)"), spec);
	if (!row)
		return 0;
	char *eq = strchr(row, '=');
	if (eq)
		*eq = '\0';
	if (!eq || (dr->dim = report_dim_find(row)) < 0)
		return cli_usage_error(cmd, _("write a table row as FIGURE:DIMENSION=KEY, e.g. deadlines_breached:site=station-01"));
	dr->key = eq + 1;
	return 0;
}

static int print_drill(struct cli *cli, const struct rp_query *q, const char *spec)
{
	struct rp_drill dr;
	struct cd_err err;
	int64_t *ids;
	size_t n;
	char *copy = xstrdup(spec);
	int r = parse_drill(copy, &dr);
	if (!r && desk_drill(cli->desk, q, &dr, &ids, &n, &err))
		r = cli_error(&err);
	if (r) {
		free(copy);
		return r;
	}
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (cli->json)
			json_array_append_new(arr, json_integer(ids[i]));
		else
			printf("%lld\n", (long long)ids[i]);
	}
	if (cli->json)
		cli_print_json(arr);
	else
		json_decref(arr);
	free(ids);
	free(copy);
	return 0;
}

static int write_out(struct cli *cli, const struct cd_report *rep, const char *format, const char *path,
		     int force)
{
	struct cd_err err;
	return desk_report_save(cli->desk, rep, format, path, force, &err) ? cli_error(&err) : 0;
}

/* report rebuild [--check]: the kept facts derived from the log again,
 * or only compared with it (exit 1 when any differ). */
static int rebuild(struct cli *cli, int check)
{
	struct cd_err err;
	int64_t differ, cells, n;
	int r = cli_open(cli);
	if (r)
		return r;
	if (desk_report_rebuild(cli->desk, check, &differ, &cells, &n, &err))
		return cli_error(&err);
	if (cli->json) {
		cli_print_json(json_pack("{s:I,s:I,s:I,s:b}", "complaints", (json_int_t)n, "differed",
					 (json_int_t)differ, "sums_differed", (json_int_t)cells, "rebuilt", !check));
		return check && (differ || cells) ? CD_EFAIL : 0;
	}
	if (check)
		printf(ngettext("%lld complaint's figures differ from its event log (of %lld).\n",
				"%lld complaints' figures differ from their event logs (of %lld).\n", (unsigned long)differ),
		       (long long)differ, (long long)n);
	else
		printf(ngettext("Rebuilt the figures of %lld complaint from the event log (%lld had differed).\n",
				"Rebuilt the figures of %lld complaints from the event log (%lld had differed).\n",
				(unsigned long)n),
		       (long long)n, (long long)differ);
	if (cells)
		printf(ngettext("%lld of the day sums differed from the event log.\n",
				"%lld of the day sums differed from the event log.\n", (unsigned long)cells),
		       (long long)cells);
	return check && (differ || cells) ? CD_EFAIL : 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct report_opts o = {0};
	const struct cli_opt opts[] = {
		{"month", "YYYY-MM", N_("the month (default: last month)"), &o.month, NULL},
		{"from", "DATE", N_("first day of a range instead of a month"), &o.from, NULL},
		{"to", "DATE", N_("last day of the range"), &o.to, NULL},
		{"site", "SITE", N_("one site only (default: all)"), &o.site, NULL},
		{"format", "FMT", N_("text (default), md, html, csv or json"), &o.format, NULL},
		{"output", "FILE", N_("write to FILE instead of standard output"), &o.output, NULL},
		{"force", NULL, N_("replace the --output file when it exists"), NULL, &o.force},
		{"drill", "FIGURE[:DIM=KEY]", N_("list the complaints behind a figure or a table row"), &o.drill, NULL},
		{"recompute", NULL, N_("derive every figure from the event log, not from the figures kept"), NULL,
		 &o.recompute},
		{"check", NULL, N_("with rebuild: only compare the figures kept with the event log"), NULL, &o.check},
		{0},
	};
	char *pos[1];
	int npos, r = cli_parse(cli_find("report"), opts, argc, argv, pos, 1, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos == 1 && strcmp(pos[0], "rebuild") == 0)
		return rebuild(cli, o.check);
	if (npos == 1 || o.check)
		return cli_usage_error(cli_find("report"), _("expected no argument, or 'rebuild [--check]'"));
	const char *format = o.format ? o.format : cli->json ? "json" : "text";
	static const char *const known[] = {"text", "md", "html", "csv", "json"};
	int ok = 0;
	for (size_t i = 0; i < 5; i++)
		ok |= strcmp(format, known[i]) == 0;
	if (!ok)
		return cli_usage_error(cli_find("report"), _("unknown format '%s' (known: text, md, html, csv, json)"), format);
	if ((r = cli_open(cli)))
		return r;
	struct rp_query q;
	struct cd_err err;
	if (desk_report_site(cli->desk, &o.site, &err))
		return cli_error(&err);
	if ((r = pick_period(cli, &o, &q)))
		return r;
	q.from_log = o.recompute;
	if (o.drill && (o.output || o.format))
		return cli_usage_error(cli_find("report"), _("--drill prints complaint ids; it takes no --format or --output"));
	if (o.drill)
		return print_drill(cli, &q, o.drill);
	struct cd_report rep;
	if (desk_report(cli->desk, &q, &rep, &err))
		return cli_error(&err);
	r = write_out(cli, &rep, format, o.output, o.force);
	report_free(&rep);
	return r;
}
