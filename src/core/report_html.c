/* The monthly complaint analysis (《客户投诉分析月报》) as one standalone HTML
 * file: no external stylesheet, script, font or image, so it can be mailed,
 * archived or printed as it is. The page opens with the period, the site
 * and the two overview charts (received per day, the last 12 months), then
 * gives each section its figure cards and its tables, every table drawn
 * first as an inline SVG chart (bars, Pareto or gauges) and then listed.
 * Numbers are formatted by report.h's helpers only; SVG coordinates are
 * whole numbers, so the locale's decimal point never reaches the markup.
 * Every string from the report or the catalogue is escaped on the way out. */
#include "report_int.h"
#include "cdesk/config.h"
#include "cdesk/i18n.h"
#include "cdesk/timeutil.h"
#include "cdesk/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every chart is this many user units wide and scales to the page. */
#define CHART_W 800

static const char css[] =
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:62rem;padding:1.5rem;background:#fff;color:#1f2328;\n"
	" font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\n"
	" \"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n"
	"header{border-bottom:2px solid #1f2328;padding-bottom:.6rem;margin-bottom:1rem}\n"
	"h1{font-size:1.6rem;margin:0}\n"
	"h1 .period{color:#444}\n"
	"header p{margin:.2rem 0}\n"
	".site{font-size:1.1rem;font-weight:600}\n"
	".meta,.prev,.legend{color:#57606a;font-size:.85rem}\n"
	"h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid #d0d7de}\n"
	"h3{font-size:1.05rem;margin:1.4rem 0 .4rem}\n"
	".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.6rem}\n"
	".card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .75rem;background:#f6f8fa}\n"
	".card .label{font-size:.85rem;color:#444}\n"
	".card .value{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}\n"
	".card .delta{font-size:.85rem}\n"
	".chg.good{color:#1a7f37}.chg.bad{color:#cf222e}.chg.flat,.chg.none{color:#6e7781}\n"
	"svg.chart{display:block;width:100%;height:auto;margin:.4rem 0}\n"
	"svg text{font-size:13px;fill:#1f2328}\n"
	"svg text.small{font-size:10px}\n"
	"svg .bar{fill:#4a78c2}svg .bar.minor{fill:#a8c1e3}svg .bar.hi,svg .bar.vital{fill:#2f5f9e}\n"
	"svg .track{fill:#eaeef2}svg .ok{fill:#2da44e}svg .warn{fill:#d4a72c}svg .low{fill:#cf222e}\n"
	"svg .axis{stroke:#57606a;stroke-width:1}\n"
	"svg .ref{stroke:#cf222e;stroke-width:1;stroke-dasharray:4 3}\n"
	"svg .cum{fill:none;stroke:#bc4c00;stroke-width:2}svg .dot{fill:#bc4c00}\n"
	".wrap{overflow-x:auto}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9rem;font-variant-numeric:tabular-nums}\n"
	"th,td{padding:.3rem .5rem;border-bottom:1px solid #d8dee4;text-align:right;white-space:nowrap}\n"
	"thead th{border-bottom:2px solid #57606a}\n"
	"tbody th,thead th:first-child{text-align:left;font-weight:normal;white-space:normal}\n"
	"tr.vital th,tr.vital td{font-weight:700}\n"
	".key{display:inline-block;width:0;height:0;border:.45em solid #2f5f9e;margin-right:.3em}\n"
	".empty{color:#57606a;font-style:italic}\n"
	"@page{size:A4;margin:14mm 12mm}\n"
	"@media print{\n"
	" body{max-width:none;padding:0;font-size:10pt}\n"
	" .card{background:none;border-color:#8c959f}\n"
	" h2,h3{break-after:avoid;page-break-after:avoid}\n"
	" .card,.block,table,tr,svg.chart{break-inside:avoid;page-break-inside:avoid}\n"
	" thead{display:table-header-group}\n"
	" .wrap{overflow:visible}\n"
	"}\n";

/* Text into HTML, attribute values included. */
static void put_esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/* At most max characters (not bytes) of s, an ellipsis standing for the rest. */
static void put_esc_max(FILE *out, const char *s, size_t max)
{
	size_t chars = 0, cut = 0;
	for (size_t i = 0; s && s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars++ == max - 1)
			cut = i;
	}
	if (chars <= max) {
		put_esc(out, s);
		return;
	}
	char *head = xstrndup(s, cut);
	put_esc(out, head);
	fputs("…", out);
	free(head);
}

static void put_escf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put_escf(FILE *out, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	put_esc(out, sb.s);
	sb_free(&sb);
}

/* An element holding escaped text: <tag>s</tag>. */
static void put_elem(FILE *out, const char *tag, const char *s)
{
	fprintf(out, "<%s>", tag);
	put_esc(out, s);
	fprintf(out, "</%s>", tag);
}

static void put_para(FILE *out, const char *cls, const char *s)
{
	fprintf(out, "<p class=\"%s\">", cls);
	put_esc(out, s);
	fputs("</p>\n", out);
}

/* A coordinate in whole user units. */
static long px(double x)
{
	return (long)(x < 0 ? x - 0.5 : x + 0.5);
}

static double clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* A Pareto share as a percentage: RF_PERCENT values are fractions too
 * (0.85 is "85.0%"). buf: 48 bytes. */
static const char *pct_text(double frac, char *buf)
{
	struct rp_value v = {frac, 1};
	return report_format_value(RF_PERCENT, &v, buf);
}

/* Tables carry no direction of their own: take it from the figure of the
 * same metric, neither when there is none. */
/* The change against the previous period: an arrow for its direction,
 * a colour for its verdict. */
static void put_change(FILE *out, enum rp_fmt fmt, int better, const struct rp_value *cur,
		       const struct rp_value *prev)
{
	char buf[48];
	int verdict = 0;
	if (!cur->has || !prev->has) {
		fputs("<span class=\"chg none\">—</span>", out);
		return;
	}
	const char *text = report_format_change(fmt, better, cur, prev, &verdict, buf);
	fprintf(out, "<span class=\"chg %s\" title=\"", verdict > 0 ? "good" : verdict < 0 ? "bad" : "flat");
	put_esc(out, verdict > 0 ? _("better than the previous period") :
		     verdict < 0 ? _("worse than the previous period") : _("neither better nor worse"));
	fprintf(out, "\">%s", cur->v > prev->v ? "▲ " : cur->v < prev->v ? "▼ " : "");
	put_esc(out, text);
	fputs("</span>", out);
}

/* SVG ---------------------------------------------------------------------- */

static void svg_open(FILE *out, long height, const char *title)
{
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %ld\" role=\"img\" aria-label=\"", CHART_W,
		height);
	put_esc(out, title);
	fputs("\">\n", out);
}

/* attrs is literal markup, e.g. "text-anchor=\"end\"", or ""; s is escaped. */
static void svg_text(FILE *out, long x, long y, const char *attrs, const char *s, size_t max)
{
	fprintf(out, "<text x=\"%ld\" y=\"%ld\"%s%s>", x, y, *attrs ? " " : "", attrs);
	put_esc_max(out, s, max);
	fputs("</text>\n", out);
}

static void svg_rect(FILE *out, const char *cls, long x, long y, long w, long h)
{
	fprintf(out, "<rect class=\"%s\" x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\"/>\n", cls, x, y,
		w, h);
}

static void svg_line(FILE *out, const char *cls, long x1, long y1, long x2, long y2)
{
	fprintf(out, "<line class=\"%s\" x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\"/>\n", cls, x1, y1, x2,
		y2);
}

/* A column chart of counts: the overview's days and months. */
struct col {
	int64_t n;
	char label[16];
	int hi;              /* drawn darker: the period's own month */
};

enum { COL_H = 190, COL_X0 = 4, COL_X1 = CHART_W - 4, COL_Y0 = 18, COL_Y1 = 160 };

/* Label every step-th column so that the labels do not overlap; a
 * character of text is about 0.6 of the font size wide. */
static size_t col_step(const struct col *v, size_t n, int font)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i].label) > len)
			len = strlen(v[i].label);
	double room = (double)len * 0.6 * font + 8;
	size_t step = (size_t)(room * (double)n / (COL_X1 - COL_X0)) + 1;
	return step;
}

static void svg_columns(FILE *out, const char *title, const struct col *v, size_t n)
{
	int64_t max = 0;
	int font = n > 12 ? 10 : 13;
	size_t step = col_step(v, n, font);
	double slot = (double)(COL_X1 - COL_X0) / (double)n;
	const char *small = font < 13 ? "class=\"small\" text-anchor=\"middle\"" : "text-anchor=\"middle\"";
	for (size_t i = 0; i < n; i++)
		if (v[i].n > max)
			max = v[i].n;
	svg_open(out, COL_H, title);
	for (size_t i = 0; i < n; i++) {
		long h = max > 0 ? px((double)v[i].n / (double)max * (COL_Y1 - COL_Y0)) : 0;
		long cx = px(COL_X0 + slot * ((double)i + 0.5));
		char num[24];
		snprintf(num, sizeof num, "%lld", (long long)v[i].n);
		fprintf(out, "<rect class=\"bar%s\" x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\"><title>",
			v[i].hi ? " hi" : "", px(COL_X0 + slot * ((double)i + 0.15)), COL_Y1 - h,
			px(slot * 0.7) > 0 ? px(slot * 0.7) : 1, h);
		put_escf(out, "%s: %s", v[i].label, num);
		fputs("</title></rect>\n", out);
		if (slot >= 2.2 * font)
			svg_text(out, cx, COL_Y1 - h - 4, small, num, 24);
		if (i % step == 0)
			svg_text(out, cx, COL_Y1 + 16, small, v[i].label, 16);
	}
	svg_line(out, "axis", COL_X0, COL_Y1, COL_X1, COL_Y1);
	fputs("</svg>\n", out);
}

/* Horizontal rows shared by the bar and gauge charts: label, bar, value. */
enum { ROW_H = 28, ROW_LAB = 200, ROW_X = 210, ROW_LEN = 470, ROW_MAXCH = 16 };

static double col0_max(const struct rp_table *t)
{
	double max = 0;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].cells[0].cur.has && t->rows[i].cells[0].cur.v > max)
			max = t->rows[i].cells[0].cur.v;
	return max;
}

static double bar_frac(const struct rp_value *v, double max)
{
	return v->has && max > 0 ? clamp01(v->v / max) : 0;
}

static void svg_bars(FILE *out, const struct rp_table *t)
{
	enum rp_fmt fmt = report_metric_fmt(t->metrics[0]);
	double max = col0_max(t);
	char buf[48];
	svg_open(out, (long)t->nrows * ROW_H + 8, t->title);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct rp_value *v = &t->rows[i].cells[0].cur;
		long y = (long)i * ROW_H + 4;
		long w = px(bar_frac(v, max) * ROW_LEN);
		svg_text(out, ROW_LAB, y + 18, "text-anchor=\"end\"", t->rows[i].label, ROW_MAXCH);
		svg_rect(out, "bar", ROW_X, y + 4, w, ROW_H - 8);
		svg_text(out, ROW_X + w + 6, y + 18, "", report_format_value(fmt, v, buf), 24);
	}
	fputs("</svg>\n", out);
}

/* The first column of the table whose metric is a share met, or -1. */
static int percent_col(const struct rp_table *t)
{
	for (int c = 0; c < t->ncols; c++)
		if (report_metric_fmt(t->metrics[c]) == RF_PERCENT)
			return c;
	return -1;
}

static const char *gauge_class(double frac)
{
	return frac >= 0.9 ? "ok" : frac >= 0.75 ? "warn" : "low";
}

static void svg_gauges(FILE *out, const struct rp_table *t)
{
	int c = percent_col(t);
	long height = (long)t->nrows * ROW_H + 8;
	char buf[48];
	if (c < 0)
		return;
	svg_open(out, height, t->title);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct rp_value *v = &t->rows[i].cells[c].cur;
		double frac = v->v;
		long y = (long)i * ROW_H + 4;
		svg_text(out, ROW_LAB, y + 18, "text-anchor=\"end\"", t->rows[i].label, ROW_MAXCH);
		svg_rect(out, "track", ROW_X, y + 4, ROW_LEN, ROW_H - 8);
		if (v->has)
			svg_rect(out, gauge_class(frac), ROW_X, y + 4, px(clamp01(frac) * ROW_LEN), ROW_H - 8);
		svg_text(out, ROW_X + ROW_LEN + 8, y + 18, "", report_format_value(RF_PERCENT, v, buf), 24);
	}
	/* The 90 % mark, where a gauge turns green. */
	svg_line(out, "ref", ROW_X + px(0.9 * ROW_LEN), 2, ROW_X + px(0.9 * ROW_LEN), height - 2);
	fputs("</svg>\n", out);
}

enum { PAR_H = 320, PAR_X0 = 100, PAR_X1 = 730, PAR_Y0 = 16, PAR_Y1 = 216, PAR_MAXCH = 10 };

static long pareto_y(double frac)
{
	return PAR_Y1 - px(clamp01(frac) * (PAR_Y1 - PAR_Y0));
}

/* Left: column 0 from 0 to its largest value; right: the cumulative share. */
static void pareto_axes(FILE *out, enum rp_fmt fmt, double max)
{
	struct rp_value top = {max, 1};
	char buf[48];
	svg_line(out, "axis", PAR_X0, PAR_Y1, PAR_X1, PAR_Y1);
	svg_line(out, "axis", PAR_X0, PAR_Y0, PAR_X0, PAR_Y1);
	svg_line(out, "axis", PAR_X1, PAR_Y0, PAR_X1, PAR_Y1);
	svg_text(out, PAR_X0 - 6, PAR_Y0 + 4, "text-anchor=\"end\"", report_format_value(fmt, &top, buf), 16);
	svg_text(out, PAR_X0 - 6, PAR_Y1, "text-anchor=\"end\"", "0", 4);
	svg_line(out, "ref", PAR_X0, pareto_y(0.8), PAR_X1, pareto_y(0.8));
	svg_text(out, PAR_X1 + 6, pareto_y(1) + 4, "", "100%", 8);
	svg_text(out, PAR_X1 + 6, pareto_y(0.8) + 4, "", "80%", 8);
	svg_text(out, PAR_X1 + 6, PAR_Y1, "", "0%", 8);
}

static void pareto_curve(FILE *out, const struct rp_table *t, double slot)
{
	fputs("<polyline class=\"cum\" points=\"", out);
	for (size_t i = 0; i < t->nrows; i++)
		fprintf(out, "%s%ld,%ld", i ? " " : "", px(PAR_X0 + slot * ((double)i + 0.5)),
			pareto_y(t->rows[i].cum));
	fputs("\"/>\n", out);
	for (size_t i = 0; i < t->nrows; i++)
		fprintf(out, "<circle class=\"dot\" cx=\"%ld\" cy=\"%ld\" r=\"3\"/>\n",
			px(PAR_X0 + slot * ((double)i + 0.5)), pareto_y(t->rows[i].cum));
}

/* Column 0 as bars in the order given (largest first), the vital few
 * darker, the cumulative share as a line against the 80 % mark. */
static void svg_pareto(FILE *out, const struct rp_table *t)
{
	double max = col0_max(t);
	double slot = (double)(PAR_X1 - PAR_X0) / (double)t->nrows;
	long width = px(slot * 0.7) > 0 ? px(slot * 0.7) : 1;
	svg_open(out, PAR_H, t->title);
	pareto_axes(out, report_metric_fmt(t->metrics[0]), max);
	for (size_t i = 0; i < t->nrows; i++) {
		long h = px(bar_frac(&t->rows[i].cells[0].cur, max) * (PAR_Y1 - PAR_Y0));
		long cx = px(PAR_X0 + slot * ((double)i + 0.5));
		svg_rect(out, i < t->vital ? "bar vital" : "bar minor",
			 px(PAR_X0 + slot * ((double)i + 0.15)), PAR_Y1 - h, width, h);
		fprintf(out, "<text x=\"%ld\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-40 %ld %d)\">",
			cx, PAR_Y1 + 14, cx, PAR_Y1 + 14);
		put_esc_max(out, t->rows[i].label, PAR_MAXCH);
		fputs("</text>\n", out);
	}
	pareto_curve(out, t, slot);
	fputs("</svg>\n", out);
}

/* HTML --------------------------------------------------------------------- */

static void put_daily(FILE *out, const struct cd_report *r)
{
	if (!r->daily || r->ndays <= 0)
		return;
	size_t n = (size_t)r->ndays;
	struct col *v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		cd_civil_from_days(r->q.from + (int32_t)i, &y, &m, &d);
		v[i].n = r->daily[i];
		/* A month's days by number; a range's by month and day. */
		if (r->q.month)
			snprintf(v[i].label, sizeof v[i].label, "%d", d);
		else
			snprintf(v[i].label, sizeof v[i].label, "%02d-%02d", m, d);
	}
	svg_columns(out, _("Received per day"), v, n);
	free(v);
}

static void put_trend(FILE *out, const struct cd_report *r)
{
	struct col v[12];
	for (size_t i = 0; i < 12; i++) {
		v[i].n = r->trend[i].received;
		snprintf(v[i].label, sizeof v[i].label, "%.*s", (int)sizeof r->trend[i].label,
			 r->trend[i].label);
		v[i].hi = i == 11;
	}
	svg_columns(out, _("Last 12 months"), v, 12);
}

static void put_overview(FILE *out, const struct cd_report *r)
{
	fputs("<section id=\"overview\">\n<div class=\"block\">", out);
	put_elem(out, "h2", _("Received per day"));
	fputc('\n', out);
	put_daily(out, r);
	fputs("</div>\n<div class=\"block\">", out);
	put_elem(out, "h2", _("Last 12 months"));
	fputc('\n', out);
	put_trend(out, r);
	fputs("</div>\n</section>\n", out);
}

static void put_card(FILE *out, const struct rp_figure *f)
{
	char buf[48];
	fputs("<div class=\"card\"><div class=\"label\">", out);
	put_esc(out, f->label);
	fputs("</div><div class=\"value\">", out);
	put_esc(out, report_format_value(f->fmt, &f->cur, buf));
	fputs("</div><div class=\"delta\">", out);
	put_change(out, f->fmt, f->better, &f->cur, &f->prev);
	fputs(" <span class=\"prev\">", out);
	put_escf(out, "%s %s", _("before"), report_format_value(f->fmt, &f->prev, buf));
	fputs("</span></div></div>\n", out);
}

static void put_thead(FILE *out, const struct rp_table *t)
{
	fputs("<thead><tr><th></th>", out);
	for (int c = 0; c < t->ncols; c++) {
		put_elem(out, "th", report_metric_label(t->metrics[c]));
		if (c > 0)
			continue;
		put_elem(out, "th", _("before"));
		put_elem(out, "th", _("change"));
		if (t->chart == RC_PARETO) {
			put_elem(out, "th", _("share"));
			put_elem(out, "th", _("cumulative"));
		}
	}
	fputs("</tr></thead>\n", out);
}

/* One row: its label, column 0 with the previous value, the change (and
 * for a Pareto table the share and the running total), then the others. */
static void put_trow(FILE *out, const struct rp_table *t, size_t i)
{
	const struct rp_trow *row = &t->rows[i];
	enum rp_fmt fmt0 = report_metric_fmt(t->metrics[0]);
	char buf[48];
	int pareto = t->chart == RC_PARETO;
	fprintf(out, "<tr%s><th scope=\"row\">", pareto && i < t->vital ? " class=\"vital\"" : "");
	put_esc(out, row->label);
	fputs("</th>", out);
	put_elem(out, "td", report_format_value(fmt0, &row->cells[0].cur, buf));
	put_elem(out, "td", report_format_value(fmt0, &row->cells[0].prev, buf));
	fputs("<td>", out);
	put_change(out, fmt0, report_metric_better(t->metrics[0]), &row->cells[0].cur, &row->cells[0].prev);
	fputs("</td>", out);
	if (pareto) {
		put_elem(out, "td", pct_text(row->share, buf));
		put_elem(out, "td", pct_text(row->cum, buf));
	}
	for (int c = 1; c < t->ncols; c++) {
		enum rp_fmt fmt = report_metric_fmt(t->metrics[c]);
		put_elem(out, "td", report_format_value(fmt, &row->cells[c].cur, buf));
	}
	fputs("</tr>\n", out);
}

static void put_chart(FILE *out, const struct rp_table *t)
{
	switch (t->chart) {
	case RC_BARS:
		svg_bars(out, t);
		break;
	case RC_PARETO:
		svg_pareto(out, t);
		fputs("<p class=\"legend\"><span class=\"key\"></span>", out);
		put_escf(out, _("\nThe vital few (bold): %zu of %zu make up 80%%.\n"), t->vital, t->nrows);
		fputs("</p>\n", out);
		break;
	case RC_GAUGES:
		svg_gauges(out, t);
		break;
	}
}

static void put_table(FILE *out, const struct rp_table *t)
{
	fputs("<div class=\"block\">", out);
	put_elem(out, "h3", t->title);
	fputc('\n', out);
	if (t->nrows == 0 || t->ncols == 0) {
		put_para(out, "empty", _("Nothing recorded in this period."));
		fputs("</div>\n", out);
		return;
	}
	put_chart(out, t);
	fputs("<div class=\"wrap\"><table>\n", out);
	put_thead(out, t);
	fputs("<tbody>\n", out);
	for (size_t i = 0; i < t->nrows; i++)
		put_trow(out, t, i);
	fputs("</tbody></table></div>\n</div>\n", out);
}

static void put_section(FILE *out, const struct cd_report *r, const struct rp_section *s)
{
	fputs("<section id=\"", out);
	put_esc(out, s->id);
	fputs("\">\n", out);
	put_elem(out, "h2", s->title);
	fputc('\n', out);
	if (s->nfig) {
		fputs("<div class=\"cards\">\n", out);
		for (size_t j = 0; j < s->nfig; j++)
			put_card(out, &r->figures[s->fig0 + j]);
		fputs("</div>\n", out);
	}
	for (size_t j = 0; j < s->ntab; j++)
		put_table(out, &r->tables[s->tab0 + j]);
	fputs("</section>\n", out);
}

static void put_head(FILE *out, const struct cd_report *r, const char *site)
{
	char period[64];
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"cdesk\">\n<title>",
		strcmp(cd_lang(), "zh_CN") == 0 ? "zh-CN" : "en");
	put_escf(out, "%s %s · %s", _("Monthly complaint analysis"), report_period_text(&r->q, period),
		 site);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

static void put_header(FILE *out, const struct cd_report *r, const struct cd_config *cfg,
		       const char *site)
{
	char period[64], prev[64], now[32];
	fputs("<header>\n<h1>", out);
	put_esc(out, _("Monthly complaint analysis"));
	fputs(" <span class=\"period\">", out);
	put_esc(out, report_period_text(&r->q, period));
	fputs("</span></h1>\n", out);
	put_para(out, "site", site);
	fputs("<p class=\"meta\">", out);
	/* The text writer's sentence, so both say the same. */
	put_escf(out, _("Generated %s; compared with %s.\n"), cd_format_short(r->now, cd_site_tz(cfg, r->q.site), now),
		 report_period_text(&r->prevq, prev));
	fputs("</p>\n</header>\n", out);
}

int report_write_html(const struct cd_report *r, const struct cd_config *cfg, FILE *out,
		      struct cd_err *err)
{
	const char *site = !str_empty(r->site_label) ? r->site_label : _("all sites");
	put_head(out, r, site);
	put_header(out, r, cfg, site);
	fputs("<main>\n", out);
	put_overview(out, r);
	for (size_t i = 0; i < r->nsections; i++)
		put_section(out, r, &r->sections[i]);
	fputs("</main>\n</body>\n</html>\n", out);
	if (fflush(out) != 0 || ferror(out))
		return cd_fail(err, CD_EFAIL, _("cannot write the report: %s"), strerror(errno));
	return 0;
}
