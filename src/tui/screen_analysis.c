/* The monthly analysis: key figures as tiles, the 12-month and per-day
 * series as sparklines, then every figure and table of the report as a
 * scrolling list with bars, Pareto shares and deadline gauges. ←/→ move
 * between months, s picks a site, Enter lists the complaints behind the
 * selected figure or row. Figures are recomputed on every reload (the desk
 * reloads when another terminal changes the data), so they are never stale.
 * It needs the report permission, and offers only the sites the person
 * works at. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/report.h"
#include "cdesk/text.h"

#include <curses.h>
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>

enum line_kind { L_SECTION, L_FIGURE, L_TABLE, L_ROW, L_NOTE };

struct line {
	enum line_kind kind;
	size_t fig, tab, row;
};

struct analysis {
	struct rp_query q;
	int site;            /* -1: every site, else an index into cfg->sites */
	struct cd_report rep;
	int have;
	struct line *lines;
	int nlines;
	int sel, top;        /* selected line, first line shown */
	char refused[1024];  /* why the person may not see it: shown instead */
	char site_id[128];   /* q.site points here */
};

enum { N_BACK, N_PREV, N_NEXT, N_SITE, N_DRILL, N_EXPORT, N_UP, N_DOWN, N_PGUP, N_PGDN,
       N_HOME, N_END, N_SECTION, N_SECTION_BACK };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("back to the queue"), N_BACK},
	{TK(KEY_LEFT), 'h', "←", N_("Month"), N_("the month before"), N_PREV},
	{TK(KEY_RIGHT), 'l', "→", NULL, N_("the month after"), N_NEXT},
	{'s', 0, "s", N_("Site"), N_("one site or all sites"), N_SITE},
	{'\r', TK(KEY_ENTER), "Enter", N_("Complaints"), N_("list the complaints behind the selected figure or row"), N_DRILL},
	{'x', 0, "x", N_("Export"), N_("save the report as an HTML file"), N_EXPORT},
	{'\t', 0, "Tab", N_("Section"), N_("next section: volume, causes, deadlines, handling, customers, satisfaction, prevention"), N_SECTION},
	{TK(KEY_BTAB), 0, "Shift-Tab", NULL, N_("previous section"), N_SECTION_BACK},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{TK(KEY_UP), 'k', "↑/k", NULL, N_("previous figure"), N_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("next figure"), N_DOWN},
	{TK(KEY_PPAGE), 0, "PgUp", NULL, N_("previous page"), N_PGUP},
	{TK(KEY_NPAGE), ' ', "PgDn", NULL, N_("next page"), N_PGDN},
	{TK(KEY_HOME), 'g', "Home", NULL, N_("first figure"), N_HOME},
	{TK(KEY_END), 'G', "End", NULL, N_("last figure"), N_END},
	{0},
};

/* The tiles at the top: the figures a supervisor looks at first. */
static const char *const tile_ids[] = {"received", "resolved", "open_at_end", "deadlines_met_share",
				       "deadlines_breached", "first_contact_resolution",
				       "satisfied_share", "compensation"};
#define NTILES (int)(sizeof tile_ids / sizeof *tile_ids)

static void add_line(struct analysis *a, enum line_kind kind, size_t fig, size_t tab, size_t row)
{
	a->lines = xreallocarray(a->lines, (size_t)a->nlines + 1, sizeof *a->lines);
	a->lines[a->nlines++] = (struct line){kind, fig, tab, row};
}

static void build_lines(struct analysis *a)
{
	const struct cd_report *r = &a->rep;
	free(a->lines);
	a->lines = NULL;
	a->nlines = 0;
	for (size_t s = 0; s < r->nsections; s++) {
		const struct rp_section *sec = &r->sections[s];
		add_line(a, L_SECTION, s, 0, 0);
		for (size_t i = sec->fig0; i < sec->fig0 + sec->nfig; i++)
			add_line(a, L_FIGURE, i, 0, 0);
		for (size_t t = sec->tab0; t < sec->tab0 + sec->ntab; t++) {
			add_line(a, L_TABLE, 0, t, 0);
			for (size_t row = 0; row < r->tables[t].nrows; row++)
				add_line(a, L_ROW, 0, t, row);
			if (r->tables[t].nrows == 0)
				add_line(a, L_NOTE, 0, t, 0);
		}
	}
}

static int selectable(const struct line *l) { return l->kind == L_FIGURE || l->kind == L_ROW; }

static int site_index(const struct cd_config *cfg, const char *id)
{
	for (size_t i = 0; id && i < cfg->sites.n; i++)
		if (strcmp(cfg->sites.v[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* May the person see the report for the chosen site? A refusal is kept
 * (and audited) once: the screen then shows it instead of figures. */
static int allowed(struct tui *t, struct analysis *a, struct cd_err *err)
{
	if (a->refused[0])
		return 0;
	a->q.site = a->site >= 0 ? t->cfg->sites.v[a->site].id : NULL;
	if (desk_report_site(t->desk, &a->q.site, err)) {
		snprintf(a->refused, sizeof a->refused, "%s", err->msg);
		tui_error(t, err);
		return 0;
	}
	/* "Every site" may have become the one the person works at. */
	a->site = site_index(t->cfg, a->q.site);
	if (a->q.site) {
		snprintf(a->site_id, sizeof a->site_id, "%s", a->q.site);
		a->q.site = a->site_id;
	}
	return 1;
}

static void reload_analysis(struct tui *t, void *self)
{
	struct analysis *a = self;
	struct cd_err err;
	if (a->have)
		report_free(&a->rep);
	a->have = 0;
	if (!allowed(t, a, &err) || desk_report(t->desk, &a->q, &a->rep, &err)) {
		if (!a->refused[0])
			tui_error(t, &err);
		free(a->lines);
		a->lines = NULL;
		a->nlines = 0;
		return;
	}
	a->have = 1;
	build_lines(a);
	if (a->sel >= a->nlines)
		a->sel = a->nlines - 1;
	while (a->sel >= 0 && a->sel < a->nlines && !selectable(&a->lines[a->sel]))
		a->sel++;
}

/* ------------------------------------------------------------------ drawing */

static const struct rp_figure *figure_by_id(const struct cd_report *r, const char *id)
{
	for (size_t i = 0; i < r->nfigures; i++)
		if (strcmp(r->figures[i].id, id) == 0)
			return &r->figures[i];
	return NULL;
}

static enum tui_color verdict_color(int verdict)
{
	return verdict > 0 ? C_RUNNING : verdict < 0 ? C_BREACHED : C_DIM;
}

/* "▲+12": the change against the period before; *verdict whether it is
 * good. buf: 64 bytes. */
static char *change_text(struct tui *t, const struct rp_figure *f, int *verdict, char *buf)
{
	char ch[48];
	report_format_change(f->fmt, f->better, &f->cur, &f->prev, verdict, ch);
	const char *mark = !f->cur.has || !f->prev.has || f->cur.v == f->prev.v ? ""
			   : f->cur.v > f->prev.v ? (t->utf8 ? "▲" : "+") : (t->utf8 ? "▼" : "-");
	snprintf(buf, 64, "%s%s", mark, ch);
	return buf;
}

/* The change coloured by whether it is good. Returns columns used. */
static int draw_change(struct tui *t, int y, int x, int w, const struct rp_figure *f)
{
	char buf[64];
	int v;
	change_text(t, f, &v, buf);
	draw_attr(t, verdict_color(v), 1);
	int used = draw_text(t, y, x, w, buf, 0);
	draw_attr(t, verdict_color(v), 0);
	return used;
}

static int tiles_per_row(struct tui *t)
{
	int per = t->cols / 20;
	return per < 1 ? 1 : per > NTILES ? NTILES : per;
}

static int tile_lines(struct tui *t) { return (NTILES + tiles_per_row(t) - 1) / tiles_per_row(t) * 2; }

/* The columns a tile needs: its label, or its value and change. */
static int tile_need(struct tui *t, const struct rp_figure *f)
{
	char val[48], ch[64];
	int v;
	if (!f)
		return 0;
	int lw = (int)text_width(f->label);
	int vw = (int)text_width(report_format_value(f->fmt, &f->cur, val)) + 1 +
		 (int)text_width(change_text(t, f, &v, ch));
	return lw > vw ? lw : vw;
}

/* Each row of tiles shares the width by what its tiles need (a label, an
 * amount and its change whole where the row allows), the room left over
 * spread evenly. */
static int draw_tiles(struct tui *t, const struct cd_report *r, int y)
{
	int per = tiles_per_row(t);
	for (int first = 0; first < NTILES; first += per) {
		int n = NTILES - first < per ? NTILES - first : per, w[NTILES], total = 0;
		for (int j = 0; j < n; j++) {
			w[j] = tile_need(t, figure_by_id(r, tile_ids[first + j])) + 2;
			total += w[j];
		}
		while (total > t->cols - 1) { /* the widest gives way */
			int big = 0;
			for (int j = 1; j < n; j++)
				if (w[j] > w[big])
					big = j;
			w[big]--;
			total--;
		}
		for (int j = 0; j < n; j++)
			w[j] += (t->cols - 1 - total) / n;
		int row = y + first / per * 2, x = 1;
		for (int j = 0; j < n; j++) {
			const struct rp_figure *f = figure_by_id(r, tile_ids[first + j]);
			if (f) {
				char val[48];
				draw_attr(t, C_DIM, 1);
				draw_text(t, row, x, w[j] - 2, f->label, 0);
				draw_attr(t, C_DIM, 0);
				attron(A_BOLD);
				int used = draw_text(t, row + 1, x, w[j] - 2, report_format_value(f->fmt, &f->cur, val), 0);
				attroff(A_BOLD);
				draw_change(t, row + 1, x + used + 1, w[j] - used - 3, f);
			}
			x += w[j];
		}
	}
	return y + tile_lines(t);
}

static void draw_spark(struct tui *t, int y, int x, int w, const int64_t *v, int n)
{
	static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[] = "_.-:=+*#";
	int64_t max = 0;
	for (int i = 0; i < n; i++)
		max = v[i] > max ? v[i] : max;
	for (int i = 0; i < n && i < w; i++) {
		int level = max > 0 ? (int)(v[i] * 7 / max) : 0;
		if (!v[i])
			mvaddstr(y, x + i, " ");
		else if (t->utf8)
			mvaddstr(y, x + i, blocks[level]);
		else
			mvaddch(y, x + i, (chtype)ascii[level]);
	}
}

static int draw_series(struct tui *t, const struct cd_report *r, int y)
{
	int64_t trend[12];
	char buf[96];
	for (int i = 0; i < 12; i++)
		trend[i] = r->trend[i].received;
	int x = 1;
	snprintf(buf, sizeof buf, "%s ", _("12 months"));
	x += draw_text(t, y, x, t->cols - x, buf, 0);
	draw_spark(t, y, x, 12, trend, 12);
	x += 14;
	snprintf(buf, sizeof buf, "%s ", _("per day"));
	if (x + text_width(buf) + 8 < t->cols) {
		x += draw_text(t, y, x, t->cols - x, buf, 0);
		draw_spark(t, y, x, t->cols - x - 1, r->daily, r->ndays);
	}
	return y + 1;
}

/* A bar of fraction f (0..1) in w columns, in eighths where Unicode allows. */
static void draw_bar(struct tui *t, int y, int x, int w, double f)
{
	static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	int eighths = (int)lround(f * w * 8);
	move(y, x);
	for (int i = 0; i < w; i++) {
		int e = eighths - i * 8;
		if (!t->utf8)
			addch(e >= 4 ? '#' : ' ');
		else
			addstr(e >= 8 ? "█" : e > 0 ? part[e] : " ");
	}
}

static int pct_col(const struct rp_table *tb)
{
	for (int c = 0; c < tb->ncols; c++)
		if (report_metric_fmt(tb->metrics[c]) == RF_PERCENT)
			return c;
	return 0;
}

static double table_max(const struct rp_table *tb)
{
	double max = 0;
	for (size_t i = 0; i < tb->nrows; i++)
		max = tb->rows[i].cells[0].cur.v > max ? tb->rows[i].cells[0].cur.v : max;
	return max;
}

/* One row of a table: label, bar (or gauge), the figures. */
static void draw_row(struct tui *t, int y, const struct rp_table *tb, size_t i)
{
	const struct rp_trow *row = &tb->rows[i];
	char buf[160], v[48], p2[48];
	int bw = t->cols >= 120 ? 30 : t->cols >= 90 ? 20 : 12;
	/* The labels take what the table's longest needs, leaving the bar
	   and 24 columns for the figures. */
	int lw = 12, most = t->cols - 4 - 1 - bw - 1 - 24;
	for (size_t r = 0; r < tb->nrows; r++)
		if ((int)text_width(tb->rows[r].label) > lw)
			lw = (int)text_width(tb->rows[r].label);
	if (lw > most)
		lw = most > 12 ? most : 12;
	int vital = tb->chart == RC_PARETO && i < tb->vital;
	draw_text(t, y, 2, 2, vital ? "*" : "", 0);
	draw_text(t, y, 4, lw, row->label, 1);
	int x = 4 + lw + 1;
	if (tb->chart == RC_GAUGES) {
		const struct rp_cell *c = &row->cells[pct_col(tb)];
		double f = c->cur.has ? c->cur.v : 0;
		enum tui_color col = !c->cur.has ? C_DIM : f >= 0.9 ? C_RUNNING : f >= 0.75 ? C_WARNING : C_BREACHED;
		draw_attr(t, col, 1);
		draw_bar(t, y, x, bw, f);
		draw_attr(t, col, 0);
		snprintf(buf, sizeof buf, _("%s met, %s of %s breached"), report_format_value(RF_PERCENT, &c->cur, v),
			 report_format_value(RF_COUNT, &row->cells[0].cur, p2),
			 report_format_value(RF_COUNT, &row->cells[1].cur, p2 + 24));
	} else {
		double max = table_max(tb);
		draw_bar(t, y, x, bw, max > 0 ? row->cells[0].cur.v / max : 0);
		report_format_value(report_metric_fmt(tb->metrics[0]), &row->cells[0].cur, v);
		if (tb->chart == RC_PARETO)
			snprintf(buf, sizeof buf, "%s  %.1f%%  Σ%.1f%%", v, row->share * 100, row->cum * 100);
		else if (tb->ncols > 2)
			snprintf(buf, sizeof buf, "%s  %s", v,
				 report_format_value(report_metric_fmt(tb->metrics[2]), &row->cells[2].cur, p2));
		else if (tb->ncols == 2) /* a count and its time (pauses by reason) */
			snprintf(buf, sizeof buf, "%s  %s  (%s %s)", v,
				 report_format_value(report_metric_fmt(tb->metrics[1]), &row->cells[1].cur, p2),
				 _("before"), report_format_value(report_metric_fmt(tb->metrics[0]), &row->cells[0].prev,
								  p2 + 24));
		else
			snprintf(buf, sizeof buf, "%s  (%s %s)", v, _("before"),
				 report_format_value(report_metric_fmt(tb->metrics[0]), &row->cells[0].prev, p2));
	}
	draw_text(t, y, x + bw + 1, t->cols - x - bw - 2, buf, 0);
}

static void draw_figure(struct tui *t, int y, const struct rp_figure *f)
{
	char v[48], p[48], buf[96];
	int lw = t->cols >= 100 ? 44 : 34;
	draw_text(t, y, 4, lw, f->label, 1);
	int x = 4 + lw + 1;
	x += draw_text(t, y, x, 12, report_format_value(f->fmt, &f->cur, v), 0) + 2;
	x += draw_change(t, y, x, 16, f) + 2;
	snprintf(buf, sizeof buf, "(%s %s)", _("before"), report_format_value(f->fmt, &f->prev, p));
	if (x < t->cols - 1) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, y, x, t->cols - x - 1, buf, 0);
		draw_attr(t, C_DIM, 0);
	}
}

static void draw_line(struct tui *t, const struct analysis *a, int y, int i)
{
	const struct line *l = &a->lines[i];
	const struct cd_report *r = &a->rep;
	int sel = i == a->sel;
	if (sel)
		draw_attr(t, C_SELECT, 1);
	mvhline(y, 0, ' ', t->cols);
	switch (l->kind) {
	case L_SECTION:
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y, 1, t->cols - 2, r->sections[l->fig].title, 0);
		draw_attr(t, C_HEAD, 0);
		break;
	case L_TABLE:
		attron(A_BOLD);
		draw_text(t, y, 2, t->cols - 3, r->tables[l->tab].title, 0);
		attroff(A_BOLD);
		break;
	case L_NOTE:
		draw_attr(t, C_DIM, 1);
		draw_text(t, y, 4, t->cols - 5, _("nothing in this period"), 0);
		draw_attr(t, C_DIM, 0);
		break;
	case L_FIGURE:
		draw_figure(t, y, &r->figures[l->fig]);
		break;
	case L_ROW:
		draw_row(t, y, &r->tables[l->tab], l->row);
		break;
	}
	if (sel)
		draw_attr(t, C_SELECT, 0);
}

/* The list starts below the title, the period, the tiles, the series and
 * a rule. */
static int list_top(struct tui *t) { return 2 + tile_lines(t) + 2; }

static int list_rows(struct tui *t)
{
	int n = t->rows - 2 - list_top(t);
	return n > 1 ? n : 1;
}

static void draw_analysis(struct tui *t, void *self)
{
	struct analysis *a = self;
	char title[160], p[64], pp[64], head[200];
	if (a->refused[0])
		snprintf(title, sizeof title, "%s", _("Monthly analysis"));
	else
		snprintf(title, sizeof title, "%s — %s", _("Monthly analysis"),
			 a->site >= 0 ? cd_label_text(&t->cfg->sites.v[a->site].name, t->cfg->sites.v[a->site].id)
			 : a->q.site  ? a->q.site
				      : _("all sites"));
	draw_frame(t, title);
	if (a->refused[0]) {
		draw_attr(t, C_ERROR, 1);
		draw_text(t, 2, 2, t->cols - 4, a->refused, 0);
		draw_attr(t, C_ERROR, 0);
		draw_attr(t, C_DIM, 1);
		draw_text(t, 4, 2, t->cols - 4, _("The monthly analysis needs the report permission. Esc goes back."), 0);
		draw_attr(t, C_DIM, 0);
	}
	if (!a->have)
		return;
	snprintf(head, sizeof head, t->utf8 ? "◀ %s ▶   %s %s" : "< %s >   %s %s", report_period_text(&a->q, p),
		 _("compared with"), report_period_text(&a->rep.prevq, pp));
	attron(A_BOLD);
	draw_text(t, 1, 1, t->cols - 2, head, 0);
	attroff(A_BOLD);
	int y = draw_tiles(t, &a->rep, 2);
	y = draw_series(t, &a->rep, y);
	draw_hline(t, y, 0, t->cols);
	int rows = list_rows(t);
	if (a->sel < a->top)
		a->top = a->sel;
	if (a->sel >= a->top + rows)
		a->top = a->sel - rows + 1;
	/* Show the heading above a selected row when there is room. */
	if (a->top > 0 && a->sel - a->top < 2 && a->lines[a->top - 1].kind != L_FIGURE &&
	    a->lines[a->top - 1].kind != L_ROW)
		a->top--;
	for (int i = 0; i < rows && a->top + i < a->nlines; i++)
		draw_line(t, a, y + 1 + i, a->top + i);
	draw_hline(t, t->rows - 2, 0, t->cols);
}

/* ------------------------------------------------------------------ actions */

static void move_sel(struct analysis *a, int to, int dir)
{
	if (to < 0)
		to = 0;
	if (to >= a->nlines)
		to = a->nlines - 1;
	int i = to;
	while (i >= 0 && i < a->nlines && !selectable(&a->lines[i]))
		i += dir;
	if (i < 0 || i >= a->nlines)
		for (i = to; i >= 0 && i < a->nlines && !selectable(&a->lines[i]); i -= dir)
			;
	if (i >= 0 && i < a->nlines)
		a->sel = i;
}

/* To the first figure of the next (dir 1) or previous (-1) section. */
static void to_section(struct analysis *a, int dir)
{
	int i = a->sel;
	if (dir < 0) /* back past the current section's heading first */
		while (i > 0 && a->lines[i].kind != L_SECTION)
			i--;
	for (i += dir; i >= 0 && i < a->nlines; i += dir)
		if (a->lines[i].kind == L_SECTION) {
			move_sel(a, i + 1, 1);
			a->top = i; /* the section's heading at the top */
			return;
		}
}

/* Only the sites the person works at; "all sites" for those at every one. */
static void pick_site(struct tui *t, struct analysis *a)
{
	const struct cd_list *sites = &t->cfg->sites;
	const char **labels = xcalloc(sites->n + 1, sizeof *labels);
	int *index = xcalloc(sites->n + 1, sizeof *index), n = 0, sel = 0;
	if (!desk_sites(t->desk)) {
		index[n] = -1;
		labels[n++] = _("all sites");
	}
	for (size_t i = 0; i < sites->n; i++) {
		if (!desk_at_site(t->desk, sites->v[i].id))
			continue;
		sel = (int)i == a->site ? n : sel;
		index[n] = (int)i;
		labels[n++] = cd_label_text(&sites->v[i].name, sites->v[i].id);
	}
	int c = n ? tui_choose(t, _("Which site?"), labels, n, sel) : -1;
	if (c >= 0) {
		a->site = index[c];
		reload_analysis(t, a);
	}
	free(labels);
	free(index);
}

static void drill(struct tui *t, struct analysis *a)
{
	if (!a->have || a->sel < 0 || a->sel >= a->nlines || !selectable(&a->lines[a->sel]))
		return;
	const struct line *l = &a->lines[a->sel];
	struct rp_drill dr = {-1, -1, NULL};
	char title[256];
	if (l->kind == L_FIGURE) {
		dr.metric = a->rep.figures[l->fig].metric;
		snprintf(title, sizeof title, "%s", a->rep.figures[l->fig].label);
	} else {
		const struct rp_table *tb = &a->rep.tables[l->tab];
		dr.metric = tb->metrics[0];
		dr.dim = tb->dim;
		dr.key = tb->rows[l->row].key;
		snprintf(title, sizeof title, "%s — %s: %s", report_metric_label(dr.metric), tb->title,
			 tb->rows[l->row].label);
	}
	int64_t *ids;
	size_t n;
	struct cd_err err;
	if (desk_drill(t->desk, &a->q, &dr, &ids, &n, &err)) {
		tui_error(t, &err);
		return;
	}
	char p[64], full[400];
	snprintf(full, sizeof full, "%s — %s", report_period_text(&a->q, p), title);
	tui_open_drill(t, full, ids, n);
}

static void export_html(struct tui *t, struct analysis *a)
{
	char p[64], name[128];
	struct cd_err err;
	if (!a->have)
		return;
	snprintf(name, sizeof name, "cdesk-analysis-%s%s%s.html", report_period_text(&a->q, p),
		 a->q.site ? "-" : "", a->q.site ? a->q.site : "");
	for (char *c = name; *c; c++)
		if (*c == ' ')
			*c = '_';
	char *path = tui_prompt(t, _("Save the report as HTML to:"), name);
	if (!path || !*path) {
		free(path);
		return;
	}
	struct stat sb;
	int replace = stat(path, &sb) == 0;
	if (replace && !tui_confirm(t, _("That file exists. Replace it?"))) {
		free(path);
		return;
	}
	if (desk_report_save(t->desk, &a->rep, "html", path, replace, &err))
		tui_error(t, &err);
	else
		tui_say(t, _("Saved the report to %s."), path);
	free(path);
}

static void act_analysis(struct tui *t, void *self, int action)
{
	struct analysis *a = self;
	int page = list_rows(t);
	switch (action) {
	case N_BACK: tui_pop(t); return;
	case N_PREV:
	case N_NEXT:
		report_shift(&a->q, action == N_PREV ? -1 : 1);
		reload_analysis(t, a);
		return;
	case N_SITE:
		if (!a->refused[0])
			pick_site(t, a);
		return;
	case N_DRILL: drill(t, a); return;
	case N_EXPORT: export_html(t, a); return;
	case N_UP: move_sel(a, a->sel - 1, -1); return;
	case N_DOWN: move_sel(a, a->sel + 1, 1); return;
	case N_PGUP: move_sel(a, a->sel - page, -1); return;
	case N_PGDN: move_sel(a, a->sel + page, 1); return;
	case N_HOME: move_sel(a, 0, 1); return;
	case N_END: move_sel(a, a->nlines - 1, -1); return;
	case N_SECTION: to_section(a, 1); return;
	case N_SECTION_BACK: to_section(a, -1); return;
	default: tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_analysis(void *self)
{
	struct analysis *a = self;
	if (a->have)
		report_free(&a->rep);
	free(a->lines);
	free(a);
}

static const struct screen_ops analysis_ops = {
	"analysis", reload_analysis, draw_analysis, NULL, act_analysis, close_analysis, keys,
};

/* Opens on last month, every site. */
void tui_open_analysis(struct tui *t)
{
	struct analysis *a = xcalloc(1, sizeof *a);
	const char *sites = desk_sites(t->desk);
	char first[128];
	snprintf(first, sizeof first, "%.*s", (int)strcspn(sites ? sites : "", ","), sites ? sites : "");
	/* Every site, or the first the person works at. */
	a->site = sites ? site_index(t->cfg, first) : -1;
	report_month_of(cd_now(), t->cfg->timezone, &a->q);
	report_shift(&a->q, -1);
	tui_push(t, &analysis_ops, a);
}
