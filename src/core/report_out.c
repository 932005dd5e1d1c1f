/* The report as a document: plain text for the terminal or a mail, Markdown,
 * CSV (one long table: every figure and every row of every breakdown) and
 * JSON with every figure as a raw number. HTML is in report_html.c. */
#define _GNU_SOURCE
#include "cdesk/csv.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"
#include "report_int.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *arrow(int verdict, const struct rp_value *cur, const struct rp_value *prev)
{
	if (!cur->has || !prev->has || cur->v == prev->v)
		return " ";
	return cur->v > prev->v ? (verdict < 0 ? "▲!" : "▲") : (verdict < 0 ? "▼!" : "▼");
}

static void header_line(const struct cd_report *r, const struct cd_config *cfg, FILE *out,
			const char *pre)
{
	char p[64], pp[64], t[32];
	fprintf(out, "%s%s — %s — %s\n", pre, _("Monthly complaint analysis"), report_period_text(&r->q, p),
		r->site_label ? r->site_label : _("all sites"));
	if (*pre)
		fputc('\n', out);
	fprintf(out, _("Generated %s; compared with %s.\n"), cd_format_short(r->now, cd_site_tz(cfg, r->q.site), t),
		report_period_text(&r->prevq, pp));
}

/* ------------------------------------------------------------------- text */

static void put_fit(FILE *out, const char *s, int width)
{
	struct strbuf sb;
	sb_init(&sb);
	text_fit(&sb, s, width, 1);
	fputs(sb.s, out);
	sb_free(&sb);
}

static void text_bar(FILE *out, double v, double max, int width)
{
	int n = max > 0 ? (int)lround(v / max * width) : 0;
	for (int i = 0; i < width; i++)
		fputs(i < n ? "█" : " ", out);
}

static void text_table(const struct rp_table *t, FILE *out)
{
	char a[48], b[48];
	double max = 0;
	int lw = 28; /* the labels whole: as wide as the longest needs */
	fprintf(out, "\n  %s\n", t->title);
	for (size_t i = 0; i < t->nrows; i++) {
		if (t->rows[i].cells[0].cur.v > max)
			max = t->rows[i].cells[0].cur.v;
		if ((int)text_width(t->rows[i].label) > lw)
			lw = (int)text_width(t->rows[i].label);
	}
	if (lw > 60)
		lw = 60;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct rp_trow *row = &t->rows[i];
		fputs(t->chart == RC_PARETO && i < t->vital ? "  * " : "    ", out);
		put_fit(out, row->label, lw);
		fputc(' ', out);
		if (t->chart == RC_GAUGES) {
			for (int c = 0; c < t->ncols; c++)
				if (report_metric_fmt(t->metrics[c]) == RF_PERCENT)
					text_bar(out, row->cells[c].cur.has ? row->cells[c].cur.v : 0, 1, 16);
		} else {
			text_bar(out, row->cells[0].cur.v, max, 16);
		}
		for (int c = 0; c < t->ncols; c++) {
			fprintf(out, "  %s ", report_metric_label(t->metrics[c]));
			fputs(report_format_value(report_metric_fmt(t->metrics[c]), &row->cells[c].cur, a), out);
		}
		if (t->chart == RC_PARETO)
			fprintf(out, "  %.1f%% (%.1f%%)", row->share * 100, row->cum * 100);
		fprintf(out, "  [%s %s]\n", _("before"),
			report_format_value(report_metric_fmt(t->metrics[0]), &row->cells[0].prev, b));
	}
	if (t->chart == RC_PARETO && t->nrows)
		fprintf(out, _("    * the vital few: %zu of %zu make up 80%%\n"), t->vital, t->nrows);
}

static void text_series(const struct cd_report *r, FILE *out)
{
	static const char *const ticks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	int64_t max = 1;
	for (int i = 0; i < r->ndays; i++)
		max = r->daily[i] > max ? r->daily[i] : max;
	fprintf(out, "\n%s (%s %lld)\n  ", _("Received per day"), _("peak"), (long long)max);
	for (int i = 0; i < r->ndays; i++)
		fputs(r->daily[i] ? ticks[r->daily[i] * 7 / max] : " ", out);
	fprintf(out, "\n%s\n", _("Last 12 months"));
	for (int i = 0; i < 12; i++)
		fprintf(out, "  %s %lld\n", r->trend[i].label, (long long)r->trend[i].received);
}

static void write_text(const struct cd_report *r, const struct cd_config *cfg, FILE *out)
{
	char a[48], b[48], c[48];
	header_line(r, cfg, out, "");
	text_series(r, out);
	for (size_t s = 0; s < r->nsections; s++) {
		const struct rp_section *sec = &r->sections[s];
		fprintf(out, "\n== %s ==\n", sec->title);
		for (size_t i = sec->fig0; i < sec->fig0 + sec->nfig; i++) {
			const struct rp_figure *f = &r->figures[i];
			int v;
			report_format_change(f->fmt, f->better, &f->cur, &f->prev, &v, c);
			fputs("  ", out);
			put_fit(out, f->label, 46);
			fprintf(out, " %12s  %12s %-2s  (%s %s)\n", report_format_value(f->fmt, &f->cur, a), c,
				arrow(v, &f->cur, &f->prev), _("before"), report_format_value(f->fmt, &f->prev, b));
		}
		for (size_t i = sec->tab0; i < sec->tab0 + sec->ntab; i++)
			text_table(&r->tables[i], out);
	}
}

/* --------------------------------------------------------------- Markdown */

/* Table cells must not break the Markdown table. */
static void md_cell(FILE *out, const char *s)
{
	fputs("| ", out);
	for (; *s; s++)
		if (*s == '|')
			fputs("\\|", out);
		else
			fputc(*s == '\n' ? ' ' : *s, out);
	fputc(' ', out);
}

static void md_table(const struct rp_table *t, FILE *out)
{
	char a[48];
	fprintf(out, "\n### %s\n\n", t->title);
	md_cell(out, "");
	for (int c = 0; c < t->ncols; c++)
		md_cell(out, report_metric_label(t->metrics[c]));
	md_cell(out, _("before"));
	if (t->chart == RC_PARETO) {
		md_cell(out, _("share"));
		md_cell(out, _("cumulative"));
	}
	fputs("|\n|---", out);
	for (int c = 0; c < t->ncols + 1 + (t->chart == RC_PARETO) * 2; c++)
		fputs("|---:", out);
	fputs("|\n", out);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct rp_trow *row = &t->rows[i];
		char *label = t->chart == RC_PARETO && i < t->vital ? xasprintf("**%s**", row->label)
								   : xstrdup(row->label);
		md_cell(out, label);
		free(label);
		for (int c = 0; c < t->ncols; c++)
			md_cell(out, report_format_value(report_metric_fmt(t->metrics[c]), &row->cells[c].cur, a));
		md_cell(out, report_format_value(report_metric_fmt(t->metrics[0]), &row->cells[0].prev, a));
		if (t->chart == RC_PARETO) {
			snprintf(a, sizeof a, "%.1f%%", row->share * 100);
			md_cell(out, a);
			snprintf(a, sizeof a, "%.1f%%", row->cum * 100);
			md_cell(out, a);
		}
		fputs("|\n", out);
	}
	if (t->chart == RC_PARETO && t->nrows)
		fprintf(out, _("\nThe vital few (bold): %zu of %zu make up 80%%.\n"), t->vital, t->nrows);
}

static void write_md(const struct cd_report *r, const struct cd_config *cfg, FILE *out)
{
	char a[48], b[48], c[48], p[64], pp[64];
	header_line(r, cfg, out, "# ");
	fprintf(out, "\n%s: ", _("Last 12 months"));
	for (int i = 0; i < 12; i++)
		fprintf(out, "%s%s %lld", i ? ", " : "", r->trend[i].label, (long long)r->trend[i].received);
	fputs("\n", out);
	for (size_t s = 0; s < r->nsections; s++) {
		const struct rp_section *sec = &r->sections[s];
		fprintf(out, "\n## %s\n\n", sec->title);
		fprintf(out, "| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", _("Figure"),
			report_period_text(&r->q, p), report_period_text(&r->prevq, pp), _("change"));
		for (size_t i = sec->fig0; i < sec->fig0 + sec->nfig; i++) {
			const struct rp_figure *f = &r->figures[i];
			int v;
			report_format_change(f->fmt, f->better, &f->cur, &f->prev, &v, c);
			md_cell(out, f->label);
			md_cell(out, report_format_value(f->fmt, &f->cur, a));
			md_cell(out, report_format_value(f->fmt, &f->prev, b));
			fprintf(out, "| %s %s |\n", c, arrow(v, &f->cur, &f->prev));
		}
		for (size_t i = sec->tab0; i < sec->tab0 + sec->ntab; i++)
			md_table(&r->tables[i], out);
	}
}

/* -------------------------------------------------------------------- CSV */

static void csv_num(FILE *out, const struct rp_value *v, char sep)
{
	char buf[48];
	if (v->has)
		snprintf(buf, sizeof buf, "%.10g", v->v);
	csv_put(out, v->has ? buf : "", sep);
}

static void csv_row(FILE *out, const char *section, const char *table, const char *key,
		    const char *label, const char *metric, const struct rp_value *cur,
		    const struct rp_value *prev)
{
	csv_put(out, section, ',');
	csv_put(out, table, ',');
	csv_put_guarded(out, key, ',');   /* keys and labels may be names people typed */
	csv_put_guarded(out, label, ',');
	csv_put(out, metric, ',');
	csv_num(out, cur, ',');
	csv_num(out, prev, '\n');
}

static void write_csv(const struct cd_report *r, FILE *out)
{
	char k[16];
	fputs("section,table,key,label,figure,value,previous\n", out);
	for (size_t s = 0; s < r->nsections; s++) {
		const struct rp_section *sec = &r->sections[s];
		for (size_t i = sec->fig0; i < sec->fig0 + sec->nfig; i++)
			csv_row(out, sec->id, "", "", r->figures[i].label, r->figures[i].id, &r->figures[i].cur,
				&r->figures[i].prev);
		for (size_t i = sec->tab0; i < sec->tab0 + sec->ntab; i++) {
			const struct rp_table *t = &r->tables[i];
			for (size_t j = 0; j < t->nrows; j++)
				for (int c = 0; c < t->ncols; c++)
					csv_row(out, sec->id, t->id, t->rows[j].key, t->rows[j].label,
						report_metric_id(t->metrics[c]), &t->rows[j].cells[c].cur,
						&t->rows[j].cells[c].prev);
		}
	}
	struct rp_value none = {0, 0};
	for (int i = 0; i < r->ndays; i++) {
		struct rp_value v = {(double)r->daily[i], 1};
		csv_row(out, "volume", "daily", cd_format_day(r->q.from + i, k), "", "received", &v, &none);
	}
	for (int i = 0; i < 12; i++) {
		struct rp_value v = {(double)r->trend[i].received, 1};
		csv_row(out, "volume", "trend", r->trend[i].label, "", "received", &v, &none);
	}
}

/* ------------------------------------------------------------------- JSON */

static json_t *jvalue(const struct rp_value *v)
{
	return v->has ? json_real(v->v) : json_null();
}

static const char *const fmt_ids[] = {"count", "percent", "seconds", "money", "score", "working_seconds"};
static const char *const chart_ids[] = {"bars", "pareto", "gauges"};

static json_t *json_table(const struct rp_table *t)
{
	json_t *cols = json_array(), *rows = json_array();
	for (int c = 0; c < t->ncols; c++)
		json_array_append_new(cols, json_pack("{s:s,s:s,s:s}", "id", report_metric_id(t->metrics[c]),
						      "label", report_metric_label(t->metrics[c]),
						      "format", fmt_ids[report_metric_fmt(t->metrics[c])]));
	for (size_t i = 0; i < t->nrows; i++) {
		json_t *v = json_array(), *p = json_array();
		for (int c = 0; c < t->ncols; c++) {
			json_array_append_new(v, jvalue(&t->rows[i].cells[c].cur));
			json_array_append_new(p, jvalue(&t->rows[i].cells[c].prev));
		}
		json_t *row = json_pack("{s:s,s:s,s:o,s:o}", "key", t->rows[i].key, "label", t->rows[i].label,
					"values", v, "previous", p);
		if (t->chart == RC_PARETO)
			json_object_update_new(row, json_pack("{s:f,s:f,s:b}", "share", t->rows[i].share,
							      "cumulative", t->rows[i].cum, "vital", i < t->vital));
		json_array_append_new(rows, row);
	}
	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "id", t->id, "title", t->title, "dimension",
			 report_dim_id(t->dim), "chart", chart_ids[t->chart], "columns", cols, "rows", rows);
}

static json_t *json_section(const struct cd_report *r, const struct rp_section *sec)
{
	json_t *figs = json_array(), *tabs = json_array();
	for (size_t i = sec->fig0; i < sec->fig0 + sec->nfig; i++) {
		const struct rp_figure *f = &r->figures[i];
		json_array_append_new(figs, json_pack("{s:s,s:s,s:s,s:o,s:o,s:i}", "id", f->id, "label", f->label,
						      "format", fmt_ids[f->fmt], "value", jvalue(&f->cur),
						      "previous", jvalue(&f->prev), "better", f->better));
	}
	for (size_t i = sec->tab0; i < sec->tab0 + sec->ntab; i++)
		json_array_append_new(tabs, json_table(&r->tables[i]));
	return json_pack("{s:s,s:s,s:o,s:o}", "id", sec->id, "title", sec->title, "figures", figs, "tables", tabs);
}

static void write_json(const struct cd_report *r, const struct cd_config *cfg, FILE *out)
{
	char p[64], pp[64], t[32], k[16];
	json_t *secs = json_array(), *daily = json_array(), *trend = json_array();
	for (size_t s = 0; s < r->nsections; s++)
		json_array_append_new(secs, json_section(r, &r->sections[s]));
	for (int i = 0; i < r->ndays; i++)
		json_array_append_new(daily, json_pack("{s:s,s:I}", "day", cd_format_day(r->q.from + i, k),
						       "received", (json_int_t)r->daily[i]));
	for (int i = 0; i < 12; i++)
		json_array_append_new(trend, json_pack("{s:s,s:I}", "month", r->trend[i].label,
						       "received", (json_int_t)r->trend[i].received));
	json_t *j = json_pack("{s:s,s:s,s:s?,s:s,s:o,s:o,s:o}", "period", report_period_text(&r->q, p),
			      "previous_period", report_period_text(&r->prevq, pp), "site", r->q.site,
			      "generated_at", cd_format_time(r->now, cfg->timezone, t), "sections", secs,
			      "daily", daily, "trend", trend);
	json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(j);
}

int report_write(const struct cd_report *r, const struct cd_config *cfg, const char *format,
		 FILE *out, struct cd_err *err)
{
	if (strcmp(format, "text") == 0)
		write_text(r, cfg, out);
	else if (strcmp(format, "md") == 0)
		write_md(r, cfg, out);
	else if (strcmp(format, "csv") == 0)
		write_csv(r, out);
	else if (strcmp(format, "json") == 0)
		write_json(r, cfg, out);
	else if (strcmp(format, "html") == 0)
		return report_write_html(r, cfg, out, err);
	else
		return cd_fail(err, CD_EINPUT, _("unknown report format '%s' (known: text, md, html, csv, json)"),
			       format);
	if (fflush(out) || ferror(out))
		return cd_fail(err, CD_EFAIL, _("cannot write the report: %s"), strerror(errno));
	return 0;
}
