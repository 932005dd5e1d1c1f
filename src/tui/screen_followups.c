/* The follow-up desk: open deadlines grouped as overdue, today, tomorrow
 * and this week, with one key to log the call that meets them. Only the
 * person's sites; customers masked as in every list. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct item {
	struct cd_clock k;
	int64_t id;
	char *customer, *phone, *site;
	enum cd_state state;
	int group;
};

struct followups {
	struct item *v;
	int n, sel, top;
	int all;             /* everyone's, not only mine */
	int others;          /* none of mine: how many are everyone's */
};

enum { G_OVERDUE, G_TODAY, G_TOMORROW, G_WEEK, G__COUNT };
static const char *const group_names[G__COUNT] = {N_("Overdue"), N_("Today"), N_("Tomorrow"), N_("This week")};

enum { F_BACK, F_UP, F_DOWN, F_OPEN, F_LOG, F_MINE };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("back to the list"), F_BACK},
	{'l', 0, "l", N_("Log the call"), N_("log the call that meets the selected deadline"), F_LOG},
	{'\r', TK(KEY_ENTER), "Enter", N_("Open"), N_("open the complaint"), F_OPEN},
	{'m', 0, "m", N_("Mine/all"), N_("show only my deadlines, or everyone's"), F_MINE},
	{TK(KEY_UP), 'k', "↑/k", NULL, N_("previous deadline"), F_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("next deadline"), F_DOWN},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{0},
};

static void clear_items(struct followups *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->v[i].customer);
		free(f->v[i].phone);
		free(f->v[i].site);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

struct load {
	struct tui *t;
	struct followups *f;
	cd_time now;
};

static int group_of(struct tui *t, const struct cd_complaint *c, cd_time due, cd_time now)
{
	int32_t dday, nday;
	int s;
	const char *tz = cd_site_tz(t->cfg, c->site);
	if (due <= now)
		return G_OVERDUE;
	cd_local(due, tz, &dday, &s);
	cd_local(now, tz, &nday, &s);
	if (dday == nday)
		return G_TODAY;
	if (dday == nday + 1)
		return G_TOMORROW;
	return G_WEEK;
}

static int take(void *ctx, const struct cd_clock *k, const struct cd_complaint *c)
{
	struct load *l = ctx;
	cd_time due;
	enum cd_clock_status s = sla_status(l->t->cfg, cd_site_tz(l->t->cfg, c->site), k, l->now, &due);
	if (s == CS_PAUSED)
		return 0;
	struct followups *f = l->f;
	f->v = xreallocarray(f->v, (size_t)f->n + 1, sizeof *f->v);
	struct item *it = &f->v[f->n++];
	it->k = *k;
	it->k.due = due;
	it->id = c->id;
	it->customer = xstrdup(c->customer ? c->customer : "—");
	it->phone = xstrdup(c->phone ? c->phone : "");
	it->site = xstrdup(c->site);
	it->state = c->state;
	it->group = group_of(l->t, c, due, l->now);
	return 0;
}

static void reload_followups(struct tui *t, void *self)
{
	struct followups *f = self;
	struct cd_filter flt;
	struct cd_err err;
	struct load l = {t, f, cd_now()};
	clear_items(f);
	cd_filter_init(&flt);
	if (!f->all)
		flt.owner = desk_actor(t->desk);
	if (desk_due(t->desk, l.now + (cd_time)7 * 86400, &flt, take, &l, &err))
		tui_error(t, &err);
	/* None of mine: are others' due? An empty desk must not read as
	   nothing due anywhere. */
	f->others = 0;
	if (!f->all && f->n == 0) {
		struct followups every = {0};
		struct load el = {t, &every, l.now};
		cd_filter_init(&flt);
		if (desk_due(t->desk, l.now + (cd_time)7 * 86400, &flt, take, &el, &err) == 0)
			f->others = every.n;
		clear_items(&every);
	}
	if (f->sel >= f->n)
		f->sel = f->n ? f->n - 1 : 0;
}

/* Columns: the id, the deadline, the clock, the customer, the phone (to
 * make the call) and the state, each as wide as the rows need. */
enum { NCOLS = 6 };

static void row_cells(struct tui *t, const struct item *it, const char **cells, char *when, char *id)
{
	snprintf(id, 24, "#%lld", (long long)it->id);
	cells[0] = id;
	cells[1] = cd_format_short(it->k.due, cd_site_tz(t->cfg, it->site), when);
	cells[2] = sla_clock_label(t->cfg, &it->k);
	cells[3] = it->customer;
	cells[4] = it->phone;
	cells[5] = cd_state_label(it->state);
}

static void col_widths(struct tui *t, const struct followups *f, int *w)
{
	static const int lo[NCOLS] = {2, 16, 8, 4, 11, 4}, hi[NCOLS] = {8, 16, 30, 12, 15, 14};
	char when[32], id[24];
	int total = 2;
	for (int c = 0; c < NCOLS; c++)
		w[c] = lo[c];
	for (int i = 0; i < f->n; i++) {
		const char *cells[NCOLS];
		row_cells(t, &f->v[i], cells, when, id);
		for (int c = 0; c < NCOLS; c++)
			if ((int)text_width(cells[c]) > w[c])
				w[c] = (int)text_width(cells[c]);
	}
	for (int c = 0; c < NCOLS; c++) {
		if (w[c] > hi[c])
			w[c] = hi[c];
		total += w[c] + 1;
	}
	/* Too wide: the clock's name, then the customer's, give way. */
	while (total > t->cols && (w[2] > lo[2] || w[3] > lo[3])) {
		int c = w[2] - lo[2] >= w[3] - lo[3] ? 2 : 3;
		w[c]--;
		total--;
	}
}

static void draw_followups(struct tui *t, void *self)
{
	struct followups *f = self;
	char when[32], title[128];
	snprintf(title, sizeof title, "%s — %s", _("Follow-up desk"), f->all ? _("everyone") : desk_actor(t->desk));
	draw_frame(t, title);
	int y = 2, last = -1, room = t->rows - 4, w[NCOLS];
	col_widths(t, f, w);
	if (f->sel < f->top)
		f->top = f->sel;
	while (f->sel - f->top >= room - G__COUNT && f->top < f->sel)
		f->top++;
	for (int i = f->top; i < f->n && y < t->rows - 2; i++) {
		const struct item *it = &f->v[i];
		if (it->group != last) {
			draw_attr(t, it->group == G_OVERDUE ? C_BREACHED : C_HEAD, 1);
			draw_text(t, y++, 1, t->cols - 2, _(group_names[it->group]), 0);
			draw_attr(t, it->group == G_OVERDUE ? C_BREACHED : C_HEAD, 0);
			last = it->group;
			if (y >= t->rows - 2)
				break;
		}
		const char *cells[NCOLS];
		char id[24];
		row_cells(t, it, cells, when, id);
		if (i == f->sel)
			draw_attr(t, C_SELECT, 1);
		mvhline(y, 0, ' ', t->cols);
		int x = 2;
		for (int c = 0; c < NCOLS && x < t->cols; c++)
			x += draw_text(t, y, x, c + 1 < NCOLS ? w[c] : t->cols - x, cells[c], c + 1 < NCOLS) + 1;
		if (i == f->sel)
			draw_attr(t, C_SELECT, 0);
		y++;
	}
	if (f->n == 0) {
		char none[300];
		if (f->others)
			snprintf(none, sizeof none,
				 ngettext("Nothing of yours is due this week; %d deadline of others is: m shows everyone's.",
					  "Nothing of yours is due this week; %d deadlines of others are: m shows everyone's.",
					  (unsigned long)f->others), f->others);
		else
			snprintf(none, sizeof none, "%s", _("Nothing due this week."));
		draw_attr(t, C_DIM, 1);
		draw_wrapped(t, 3, 2, t->cols - 4, 2, none);
		draw_attr(t, C_DIM, 0);
	}
	draw_hline(t, t->rows - 2, 0, t->cols);
}

static void log_call(struct tui *t, struct followups *f)
{
	const struct item *it = &f->v[f->sel];
	struct cd_action a;
	struct cd_err err;
	/* The follow-up call has its own page (the customer's answers); a
	   complaint not yet recorded is opened, its next step on s. */
	if (strcmp(it->k.kind, "follow_up") == 0) {
		tui_open_intake(t, it->id);
		return;
	}
	if (it->state < ST_RECORDED) {
		tui_open_detail(t, it->id);
		return;
	}
	int feedback = strcmp(it->k.kind, "feedback") == 0;
	int promise = strcmp(it->k.kind, "promise") == 0;
	char *note = tui_prompt(t, feedback ? _("Progress told to the customer:")
					    : promise ? _("Promise kept: what was done? (optional)")
						      : _("Contact with the customer: what was said? (optional)"), NULL);
	if (!note)
		return;
	cd_action_init(&a, feedback ? ACT_FEEDBACK : promise ? ACT_PROMISE_KEPT : ACT_CONTACT);
	a.note = *note ? note : NULL;
	a.ref = promise ? it->k.ref : 0;
	if (feedback && !*note)
		tui_say(t, _("A note is needed here."));
	else if (desk_act(t->desk, it->id, &a, &err))
		tui_error(t, &err);
	else
		tui_say(t, _("Saved."));
	free(note);
	reload_followups(t, f);
}

static void act_followups(struct tui *t, void *self, int action)
{
	struct followups *f = self;
	switch (action) {
	case F_BACK:
		tui_pop(t);
		return;
	case F_UP:
		if (f->sel > 0)
			f->sel--;
		return;
	case F_DOWN:
		if (f->sel + 1 < f->n)
			f->sel++;
		return;
	case F_MINE:
		f->all = !f->all;
		f->sel = f->top = 0;
		reload_followups(t, f);
		return;
	case F_OPEN:
		if (f->n)
			tui_open_detail(t, f->v[f->sel].id);
		return;
	case F_LOG:
		if (f->n)
			log_call(t, f);
		return;
	default:
		tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_followups(void *self)
{
	clear_items(self);
	free(self);
}

static const struct screen_ops followups_ops = {
	"followups", reload_followups, draw_followups, NULL, act_followups, close_followups, keys,
};

void tui_open_followups(struct tui *t)
{
	struct followups *f = xcalloc(1, sizeof *f);
	tui_push(t, &followups_ops, f);
}
