/* The complaints behind a figure of the analysis. Only ids are held; the
 * visible window is read by primary key as it is drawn, so a figure behind
 * tens of thousands of complaints opens at once. Enter opens one. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct drill {
	char *title;
	int64_t *ids;
	int n, sel, top;
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

static int list_rows(struct tui *t) { return t->rows > 6 ? t->rows - 5 : 1; }

static const int col_w[] = {7, 17, 10, 14, 12, 10};

static void draw_complaint(struct tui *t, int y, int64_t id, int selected)
{
	struct cd_complaint c;
	struct cd_err err;
	char idb[24];
	if (selected)
		draw_attr(t, C_SELECT, 1);
	mvhline(y, 0, ' ', t->cols);
	snprintf(idb, sizeof idb, "%lld", (long long)id);
	if (desk_get(t->desk, id, DESK_LISTED, &c, NULL, &err)) {
		draw_text(t, y, 0, t->cols, err.msg, 0);
	} else {
		char when[32];
		const struct cd_item *cat = cd_list_find(&t->cfg->categories, c.category);
		const char *cells[] = {idb, cd_format_short(c.received_at, cd_site_tz(t->cfg, c.site), when),
				       c.customer ? c.customer : "—", cat ? cd_label_text(&cat->name, cat->id) : "—",
				       cd_state_label(c.state), c.owner};
		int x = 0;
		for (int i = 0; i < 6; i++) {
			draw_text(t, y, x, col_w[i], cells[i], 1);
			x += col_w[i] + 1;
		}
		if (x < t->cols)
			draw_text(t, y, x, t->cols - x, c.description, 0);
		cd_complaint_free(&c);
	}
	if (selected)
		draw_attr(t, C_SELECT, 0);
}

static void draw_drill(struct tui *t, void *self)
{
	struct drill *d = self;
	char count[64];
	draw_frame(t, _("Complaints behind the figure"));
	snprintf(count, sizeof count, ngettext("%d complaint", "%d complaints", (unsigned long)d->n), d->n);
	attron(A_BOLD);
	int w = draw_text(t, 1, 1, t->cols - 2, d->title, 0);
	attroff(A_BOLD);
	if (w + 4 + (int)strlen(count) < t->cols)
		draw_text(t, 1, t->cols - (int)strlen(count) - 1, (int)strlen(count), count, 0);
	draw_attr(t, C_HEAD, 1);
	mvhline(2, 0, ' ', t->cols);
	const char *head[] = {_("ID"), _("Received"), _("Customer"), _("Category"), _("State"), _("Owner")};
	int x = 0;
	for (int i = 0; i < 6; i++) {
		draw_text(t, 2, x, col_w[i], head[i], 1);
		x += col_w[i] + 1;
	}
	if (x < t->cols)
		draw_text(t, 2, x, t->cols - x, _("What happened"), 0);
	draw_attr(t, C_HEAD, 0);
	int rows = list_rows(t);
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + rows)
		d->top = d->sel - rows + 1;
	for (int i = 0; i < rows && d->top + i < d->n; i++)
		draw_complaint(t, 3 + i, d->ids[d->top + i], d->top + i == d->sel);
	if (d->n == 0) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, 4, 2, t->cols - 4, _("No complaints behind this figure."), 0);
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
	case D_PGUP: move_to(d, d->sel - list_rows(t)); return;
	case D_PGDN: move_to(d, d->sel + list_rows(t)); return;
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
	tui_push(t, &drill_ops, d);
}
