/* The complaints behind a figure of the analysis. Only ids are held; the
 * visible window is read by primary key as it is drawn, so a figure behind
 * tens of thousands of complaints opens at once. Enter opens one. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct drill {
	char *title;
	int64_t *ids;
	int n, sel, top;
	int head;            /* lines the figure's name and count take (1 or 2) */
};

enum { D_BACK, D_OPEN, D_UP, D_DOWN, D_PGUP, D_PGDN, D_HOME, D_END };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("back to the analysis"), D_BACK},
	{'\r', TK(KEY_ENTER), "Enter", N_("Open"), N_("open the complaint"), D_OPEN},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{TK(KEY_UP), 'k', "↑/k", NULL, N_("previous complaint"), D_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("next complaint"), D_DOWN},
	{TK(KEY_PPAGE), 0, "PgUp", NULL, N_("previous page"), D_PGUP},
	{TK(KEY_NPAGE), ' ', "PgDn", NULL, N_("next page"), D_PGDN},
	{TK(KEY_HOME), 'g', "Home", NULL, N_("first complaint"), D_HOME},
	{TK(KEY_END), 'G', "End", NULL, N_("last complaint"), D_END},
	{0},
};

/* The rows of complaints under the heading (d->head lines) and the
 * columns' header. */
static int list_rows(struct tui *t, const struct drill *d)
{
	int n = t->rows - 4 - d->head;
	return n > 1 ? n : 1;
}

/* Columns: the id, received, customer, category, state and owner, as wide
 * as the header and the rows shown need (within these bounds); what
 * happened takes the rest, at least DESC_MIN columns while the others can
 * give. */
enum { NCOLS = 6, DESC_MIN = 20 };
static const int col_min[NCOLS] = {2, 16, 4, 4, 4, 4};
static const int col_max[NCOLS] = {8, 16, 16, 20, 14, 12};

struct drow {
	int ok;
	struct cd_complaint c;
	char id[24], when[32];
	const char *cells[NCOLS];
	char why[1024];
};

static void read_row(struct tui *t, int64_t id, struct drow *r)
{
	struct cd_err err;
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%lld", (long long)id);
	if (desk_get(t->desk, id, DESK_LISTED, &r->c, NULL, &err)) {
		snprintf(r->why, sizeof r->why, "%s", err.msg);
		return;
	}
	r->ok = 1;
	const struct cd_item *cat = cd_list_find(&t->cfg->categories, r->c.category);
	const char *cells[NCOLS] = {r->id, cd_format_short(r->c.received_at, cd_site_tz(t->cfg, r->c.site), r->when),
				    r->c.customer ? r->c.customer : "—", cat ? cd_label_text(&cat->name, cat->id) : "—",
				    cd_state_label(r->c.state), r->c.owner};
	memcpy(r->cells, cells, sizeof cells);
}

static void col_widths(struct tui *t, const char *const *head, const struct drow *rows, int n, int *w)
{
	int total = 0;
	for (int i = 0; i < NCOLS; i++) {
		w[i] = (int)text_width(head[i]);
		for (int r = 0; r < n; r++)
			if (rows[r].ok && (int)text_width(rows[r].cells[i]) > w[i])
				w[i] = (int)text_width(rows[r].cells[i]);
		if (w[i] > col_max[i])
			w[i] = col_max[i];
		total += w[i] + 1;
	}
	/* Room for what happened: from the column with the most to spare. */
	while (total > t->cols - DESC_MIN) {
		int best = -1;
		for (int i = 2; i < NCOLS; i++)
			if (w[i] > col_min[i] && (best < 0 || w[i] - col_min[i] > w[best] - col_min[best]))
				best = i;
		if (best < 0)
			break;
		w[best]--;
		total--;
	}
}

static void draw_complaint(struct tui *t, int y, const int *w, const struct drow *r, int selected)
{
	if (selected)
		draw_attr(t, C_SELECT, 1);
	mvhline(y, 0, ' ', t->cols);
	if (!r->ok) {
		draw_text(t, y, 0, t->cols, r->why, 0);
	} else {
		int x = 0;
		for (int i = 0; i < NCOLS; i++) {
			draw_text(t, y, x, w[i], r->cells[i], 1);
			x += w[i] + 1;
		}
		if (x < t->cols)
			draw_text(t, y, x, t->cols - x, r->c.description, 0);
	}
	if (selected)
		draw_attr(t, C_SELECT, 0);
}

static void draw_drill(struct tui *t, void *self)
{
	struct drill *d = self;
	char count[64];
	draw_frame(t, _("Complaints behind the figure"));
	/* The figure's name and the count, whole: over two lines when one
	   does not hold them. */
	snprintf(count, sizeof count, ngettext("%d complaint", "%d complaints", (unsigned long)d->n), d->n);
	int cw = (int)text_width(count), tw = (int)text_width(d->title);
	d->head = tw + 3 + cw <= t->cols - 2 ? 1 : 2;
	attron(A_BOLD);
	draw_wrapped(t, 1, 1, t->cols - 2, d->head == 1 ? 1 : 1 + (tw > t->cols - 2), d->title);
	attroff(A_BOLD);
	draw_text(t, d->head, t->cols - cw - 1, cw, count, 0);
	int rows = list_rows(t, d), top = 1 + d->head;
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + rows)
		d->top = d->sel - rows + 1;
	int shown = d->n - d->top < rows ? d->n - d->top : rows;
	struct drow *r = xcalloc((size_t)(shown > 0 ? shown : 1), sizeof *r);
	for (int i = 0; i < shown; i++)
		read_row(t, d->ids[d->top + i], &r[i]);
	const char *head[NCOLS] = {_("ID"), _("Received"), _("Customer"), _("Category"), _("State"), _("Owner")};
	int w[NCOLS];
	col_widths(t, head, r, shown, w);
	draw_attr(t, C_HEAD, 1);
	mvhline(top, 0, ' ', t->cols);
	int x = 0;
	for (int i = 0; i < NCOLS; i++) {
		draw_text(t, top, x, w[i], head[i], 1);
		x += w[i] + 1;
	}
	if (x < t->cols)
		draw_text(t, top, x, t->cols - x, _("What happened"), 0);
	draw_attr(t, C_HEAD, 0);
	for (int i = 0; i < shown; i++) {
		draw_complaint(t, top + 1 + i, w, &r[i], d->top + i == d->sel);
		if (r[i].ok)
			cd_complaint_free(&r[i].c);
	}
	free(r);
	if (d->n == 0) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, top + 2, 2, t->cols - 4, _("No complaints behind this figure."), 0);
		draw_attr(t, C_DIM, 0);
	}
	draw_hline(t, t->rows - 2, 0, t->cols);
}

static void move_to(struct drill *d, int to)
{
	d->sel = to >= d->n ? d->n - 1 : to;
	if (d->sel < 0)
		d->sel = 0;
}

static void act_drill(struct tui *t, void *self, int action)
{
	struct drill *d = self;
	switch (action) {
	case D_BACK: tui_pop(t); return;
	case D_OPEN:
		if (d->n)
			tui_open_detail(t, d->ids[d->sel]);
		return;
	case D_UP: move_to(d, d->sel - 1); return;
	case D_DOWN: move_to(d, d->sel + 1); return;
	case D_PGUP: move_to(d, d->sel - list_rows(t, d)); return;
	case D_PGDN: move_to(d, d->sel + list_rows(t, d)); return;
	case D_HOME: move_to(d, 0); return;
	case D_END: move_to(d, d->n - 1); return;
	default: tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_drill(void *self)
{
	struct drill *d = self;
	free(d->title);
	free(d->ids);
	free(d);
}

static const struct screen_ops drill_ops = {
	"drill", NULL, draw_drill, NULL, act_drill, close_drill, keys,
};

void tui_open_drill(struct tui *t, const char *title, int64_t *ids, size_t n)
{
	struct drill *d = xcalloc(1, sizeof *d);
	d->title = xstrdup(title);
	d->ids = ids;
	d->n = (int)n;
	d->head = 1;
	tui_push(t, &drill_ops, d);
}
