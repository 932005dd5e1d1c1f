/* The queue (home): open complaints, soonest deadline first, with their
 * live clocks. Only the visible window is read, through the deadline index.
 * Only the sites the person works at are listed, customers masked; the
 * remedies awaiting approval are marked, and approved or refused here. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

enum view { V_ALL, V_MINE, V_SITE, V_OVERDUE, V_ESCALATED, V_AWAITING, V__COUNT };
static const char *const view_names[V__COUNT] = {N_("All open"), N_("Mine"), N_("My site"),
						 N_("Overdue"), N_("Escalated"), N_("To approve")};

struct row {
	struct cd_complaint c;
	struct cd_clocks k;
};

struct queue {
	enum view view;
	char *search;
	struct row *rows;
	int nrows;
	int top, sel;        /* first row shown, selected row (absolute) */
	int64_t total;
	int64_t *awaiting;   /* the remedies awaiting approval at the person's sites */
	size_t nawaiting;
	char site[128];      /* "My site" */
};

enum { A_UP, A_DOWN, A_PGUP, A_PGDN, A_HOME, A_END, A_OPEN, A_NEW, A_VIEW, A_SEARCH,
       A_FOLLOWUPS, A_MESSAGES, A_ANALYSIS, A_NEXT, A_QUIT, A_RELOAD, A_AWAITING, A_APPROVE, A_REFUSE, A_LOCK };

static const struct tui_key keys[] = {
	{'\r', TK(KEY_ENTER), "Enter/d", N_("Open"), N_("open the complaint: its details, clocks and timeline (also d)"), A_OPEN},
	{'n', 0, "n", N_("New"), N_("take a new complaint: listen, apologize, record, resolve"), A_NEW},
	{'\t', 'v', "Tab", N_("View"), N_("next view: all open, mine, my site, overdue, escalated, to approve"), A_VIEW},
	{'/', 0, "/", N_("Search"), N_("search customer, phone, plate and text"), A_SEARCH},
	{'f', 0, "f", N_("Follow-ups"), N_("the follow-up desk: deadlines due today, tomorrow, this week"), A_FOLLOWUPS},
	{'a', 0, "a", N_("Analysis"), N_("the monthly complaint analysis"), A_ANALYSIS},
	{'m', 0, "m", N_("Messages"), N_("my messages: warnings, escalations, digests and reports sent to me, their state and errors"), A_MESSAGES},
	{'d', 0, "d", NULL, N_("show the complaint's details and timeline"), A_OPEN},
	{'s', 0, "s", NULL, N_("go on with the handling: the next step of the method (an unfinished intake resumes at its step)"), A_NEXT},
	{'A', 0, "A", NULL, N_("the remedies awaiting approval (again: all open)"), A_AWAITING},
	{'y', 0, "y", NULL, N_("approve the remedy awaiting approval on the selected complaint"), A_APPROVE},
	{'x', 0, "x", NULL, N_("refuse the remedy awaiting approval on the selected complaint, with a reason"), A_REFUSE},
	{'L', 0, "L", NULL, N_("lock the desk now; your PIN unlocks it"), A_LOCK},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{'q', 0, "q", N_("Quit"), N_("leave the desk"), A_QUIT},
	{TK(KEY_UP), 'k', "↑/k", NULL, N_("previous complaint"), A_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("next complaint"), A_DOWN},
	{TK(KEY_PPAGE), 0, "PgUp", NULL, N_("previous page"), A_PGUP},
	{TK(KEY_NPAGE), ' ', "PgDn", NULL, N_("next page"), A_PGDN},
	{TK(KEY_HOME), 'g', "Home", NULL, N_("first complaint"), A_HOME},
	{TK(KEY_END), 'G', "End", NULL, N_("last complaint"), A_END},
	{CTRL('l'), TK(KEY_F(5)), "Ctrl-L", NULL, N_("reload and redraw"), A_RELOAD},
	{0},
};

static int list_rows(struct tui *t) { return t->rows > 6 ? t->rows - 5 : 1; }

static void free_rows(struct queue *q)
{
	for (int i = 0; i < q->nrows; i++) {
		cd_complaint_free(&q->rows[i].c);
		cd_clocks_free(&q->rows[i].k);
	}
	free(q->rows);
	q->rows = NULL;
	q->nrows = 0;
}

/* "My site": the first the person works at, else the desk's own. */
static const char *my_site(struct tui *t, struct queue *q)
{
	const char *sites = desk_sites(t->desk);
	if (sites && *sites) {
		size_t n = strcspn(sites, ",");
		snprintf(q->site, sizeof q->site, "%.*s", (int)n, sites);
		return q->site;
	}
	return t->cfg->default_site ? t->cfg->default_site : t->cfg->sites.v[0].id;
}

static void filter_for(struct tui *t, struct queue *q, struct cd_filter *f)
{
	cd_filter_init(f);
	f->by_deadline = 1;
	f->text = q->search;
	if (q->search)
		f->state = "all"; /* a closed complaint must be findable, to reopen it */
	switch (q->view) {
	case V_MINE:
		f->owner = desk_actor(t->desk);
		break;
	case V_SITE:
		f->site = my_site(t, q);
		break;
	case V_OVERDUE:
		f->overdue_at = cd_now();
		break;
	case V_ESCALATED:
		f->escalated = 1;
		break;
	default:
		break;
	}
}

struct load {
	struct queue *q;
};

/* A row for c and k (both taken over), as the list shows them. */
static void add_row(struct queue *q, struct cd_complaint *c, struct cd_clocks *k)
{
	q->rows = xreallocarray(q->rows, (size_t)q->nrows + 1, sizeof *q->rows);
	struct row *r = &q->rows[q->nrows++];
	r->c = *c;
	r->k = *k;
	cd_complaint_init(c); /* the row owns the strings now */
	k->v = NULL;
	k->n = 0;
}

static int take_row(void *ctx, struct cd_complaint *c, const struct cd_clocks *k)
{
	struct load *l = ctx;
	struct cd_clocks copy = {NULL, k->n};
	if (k->n) {
		copy.v = xreallocarray(NULL, k->n, sizeof *k->v);
		memcpy(copy.v, k->v, k->n * sizeof *k->v);
	}
	add_row(l->q, c, &copy);
	return 0;
}

/* The remedies awaiting approval, oldest first, at the person's sites. */
static int load_awaiting(struct tui *t, struct queue *q, struct cd_err *err)
{
	free(q->awaiting);
	q->awaiting = NULL;
	q->nawaiting = 0;
	return desk_awaiting(t->desk, &q->awaiting, &q->nawaiting, err);
}

/* Keep the selection within total, and the window around it. */
static void clamp(struct tui *t, struct queue *q)
{
	if (q->sel >= q->total)
		q->sel = q->total > 0 ? (int)q->total - 1 : 0;
	if (q->sel < q->top)
		q->top = q->sel;
	if (q->sel >= q->top + list_rows(t))
		q->top = q->sel - list_rows(t) + 1;
}

/* The awaiting view: the window read by id. */
static void load_awaiting_rows(struct tui *t, struct queue *q, struct cd_err *err)
{
	struct cd_complaint c;
	struct cd_clocks k;
	q->total = (int64_t)q->nawaiting;
	clamp(t, q);
	for (int i = q->top; i < q->top + list_rows(t) && i < (int)q->nawaiting; i++) {
		if (desk_get(t->desk, q->awaiting[i], DESK_LISTED, &c, &k, err)) {
			tui_error(t, err);
			return;
		}
		add_row(q, &c, &k);
	}
}

static void load(struct tui *t, struct queue *q)
{
	struct cd_filter f;
	struct cd_err err;
	free_rows(q);
	if (load_awaiting(t, q, &err)) {
		tui_error(t, &err);
		return;
	}
	if (q->view == V_AWAITING) {
		load_awaiting_rows(t, q, &err);
		return;
	}
	filter_for(t, q, &f);
	if (desk_count(t->desk, &f, &q->total, &err)) {
		tui_error(t, &err);
		return;
	}
	clamp(t, q);
	f.limit = list_rows(t);
	f.offset = q->top;
	struct load l = {q};
	if (desk_list(t->desk, &f, 1, take_row, &l, &err))
		tui_error(t, &err);
}

static void refresh_queue(struct tui *t, void *self) { load(t, self); }

/* The soonest open clock of a row, or NULL. */
static const struct cd_clock *next_clock(const struct row *r)
{
	const struct cd_clock *best = NULL;
	for (size_t i = 0; i < r->k.n; i++)
		if (sla_is_open(&r->k.v[i]) && (!best || r->k.v[i].due < best->due))
			best = &r->k.v[i];
	return best;
}

/* Columns: id, customer, category, state, owner, next deadline, time left,
 * escalation; the description takes what is left. Each column is as wide
 * as what it shows needs, up to its most; when they do not all fit, the
 * texts that read cut (customer, category, deadline, owner, state) give
 * way, never the id, the time left or the escalation mark. */
enum { NCOLS = 8 };
static const int col_max[NCOLS] = {6, 12, 14, 10, 10, 22, 12, 4};
static const int col_min[NCOLS] = {2, 6, 6, 6, 6, 8, 0, 0};

/* The cells of a row, and the colour of its clock. */
struct cells {
	char id[24], left[32], esc[16];
	const char *v[NCOLS];
	enum tui_color color;
};

static void row_cells(struct tui *t, const struct row *r, int selected, struct cells *cl)
{
	const char *label = "";
	cd_time now = cd_now(), due;
	cl->left[0] = '\0';
	cl->color = C_NORMAL;
	snprintf(cl->id, sizeof cl->id, "%lld", (long long)r->c.id);
	const struct cd_clock *k = next_clock(r);
	if (k) {
		enum cd_clock_status s = sla_status(t->cfg, cd_site_tz(t->cfg, r->c.site), k, now, &due);
		label = sla_clock_label(t->cfg, k);
		if (s == CS_PAUSED)
			snprintf(cl->left, sizeof cl->left, "%s", cd_clock_status_label(s));
		else
			cd_format_span(due - now, cl->left);
		cl->color = selected ? C_NORMAL : draw_clock_color(s);
	}
	/* The last column: ¥ for a remedy awaiting approval, the escalation level. */
	snprintf(cl->esc, sizeof cl->esc, "%s", r->c.awaiting ? (t->utf8 ? "¥" : "$") : "");
	if (r->c.esc_level)
		snprintf(cl->esc + strlen(cl->esc), sizeof cl->esc - strlen(cl->esc), t->utf8 ? "↑%d" : "^%d",
			 r->c.esc_level);
	const struct cd_item *cat = cd_list_find(&t->cfg->categories, r->c.category);
	const char *v[NCOLS] = {cl->id, r->c.customer ? r->c.customer : "—",
				cat ? cd_label_text(&cat->name, cat->id) : "—",
				cd_state_label(r->c.state), r->c.owner, label, cl->left, cl->esc};
	memcpy(cl->v, v, sizeof v);
}

/* The widths of the columns for the header and the rows shown. */
static void col_widths(struct tui *t, struct queue *q, const char *const *head, int *w)
{
	for (int i = 0; i < NCOLS; i++)
		w[i] = text_width(head[i]);
	for (int r = 0; r < q->nrows && r < list_rows(t); r++) {
		struct cells cl;
		row_cells(t, &q->rows[r], 0, &cl);
		for (int i = 0; i < NCOLS; i++)
			if (text_width(cl.v[i]) > w[i])
				w[i] = text_width(cl.v[i]);
	}
	int total = 0;
	for (int i = 0; i < NCOLS; i++) {
		if (w[i] > col_max[i])
			w[i] = col_max[i];
		total += w[i] + 1;
	}
	/* Too wide: take a column from the text with the most to spare. */
	static const int give[] = {5, 2, 1, 4, 3};
	while (total > t->cols) {
		int best = -1;
		for (size_t j = 0; j < sizeof give / sizeof *give; j++) {
			int i = give[j];
			if (w[i] > col_min[i] && (best < 0 || w[i] - col_min[i] > w[best] - col_min[best]))
				best = i;
		}
		if (best < 0)
			break;
		w[best]--;
		total--;
	}
}

/* Draw cells[] in the columns; returns where the description starts. */
static int draw_cells(struct tui *t, int y, const int *w, const char *const *cells, enum tui_color clock_color)
{
	int x = 0;
	for (int i = 0; i < NCOLS && x < t->cols; i++) {
		if (i == 6 && clock_color != C_NORMAL)
			draw_attr(t, clock_color, 1);
		draw_text(t, y, x, w[i] < t->cols - x ? w[i] : t->cols - x, cells[i], 1);
		if (i == 6 && clock_color != C_NORMAL)
			draw_attr(t, clock_color, 0);
		x += w[i] + 1;
	}
	return x;
}

static void draw_row(struct tui *t, int y, const int *w, const struct row *r, int selected)
{
	struct cells cl;
	row_cells(t, r, selected, &cl);
	if (selected)
		draw_attr(t, C_SELECT, 1);
	mvhline(y, 0, ' ', t->cols);
	int x = draw_cells(t, y, w, cl.v, cl.color);
	if (x + 6 <= t->cols) /* a few characters at least, or none */
		draw_text(t, y, x, t->cols - x, r->c.description, 0);
	if (selected)
		draw_attr(t, C_SELECT, 0);
}

static void draw_queue(struct tui *t, void *self)
{
	struct queue *q = self;
	char title[160];
	const struct cd_item *site = cd_list_find(&t->cfg->sites, t->cfg->default_site);
	snprintf(title, sizeof title, "cdesk — %s", site ? cd_label_text(&site->name, site->id) : _("complaint desk"));
	draw_frame(t, title);
	/* The views as tabs, the current one highlighted. */
	int x = 1;
	for (int v = 0; v < V__COUNT; v++) {
		char tab[96];
		if (v == V_AWAITING && q->nawaiting)
			snprintf(tab, sizeof tab, " %s %zu ", _(view_names[v]), q->nawaiting);
		else
			snprintf(tab, sizeof tab, " %s ", _(view_names[v]));
		if (v == (int)q->view)
			draw_attr(t, C_SELECT, 1);
		x += draw_text(t, 1, x, t->cols - x, tab, 0) + 1;
		if (v == (int)q->view)
			draw_attr(t, C_SELECT, 0);
	}
	char info[160];
	if (q->view == V_AWAITING)
		snprintf(info, sizeof info, "%s", _("y approve · x refuse"));
	else if (q->search) {
		/* A long search is cut to the room left: the count must show. */
		struct strbuf cut;
		snprintf(info, sizeof info, _("%lld found for “%s”"), (long long)q->total, "");
		int room = t->cols - x - 2 - text_width(info);
		sb_init(&cut);
		text_fit(&cut, q->search, room > 1 ? room : 1, 0);
		snprintf(info, sizeof info, _("%lld found for “%s”"), (long long)q->total, cut.s);
		sb_free(&cut);
	}
	else
		snprintf(info, sizeof info, _("%lld open"), (long long)q->total);
	int iw = text_width(info);
	if (x + iw < t->cols)
		draw_text(t, 1, t->cols - iw - 1, iw, info, 0);
	draw_attr(t, C_HEAD, 1);
	mvhline(2, 0, ' ', t->cols);
	const char *head[NCOLS] = {_("ID"), _("Customer"), _("Category"), _("State"), _("Owner"),
				   _("Next deadline"), _("Left"), ""};
	int w[NCOLS];
	col_widths(t, q, head, w);
	x = draw_cells(t, 2, w, head, C_NORMAL);
	if (x + 6 <= t->cols)
		draw_text(t, 2, x, t->cols - x, _("What happened"), 0);
	draw_attr(t, C_HEAD, 0);
	for (int i = 0; i < q->nrows && i < list_rows(t); i++)
		draw_row(t, 3 + i, w, &q->rows[i], q->top + i == q->sel);
	if (q->nrows == 0) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, 4, 2, t->cols - 4, q->view == V_AWAITING ? _("No remedy awaits approval.")
						: q->search ? _("Nothing matches the search. Esc clears it.")
							    : _("No open complaints here. Press n to take a new one."), 0);
		draw_attr(t, C_DIM, 0);
	}
	draw_hline(t, t->rows - 2, 0, t->cols);
}

static void move_sel(struct tui *t, struct queue *q, int to)
{
	if (to >= q->total)
		to = (int)q->total - 1;
	if (to < 0)
		to = 0;
	q->sel = to;
	if (q->sel < q->top || q->sel >= q->top + list_rows(t))
		load(t, q);
}

static const struct row *current(const struct queue *q)
{
	int i = q->sel - q->top;
	return i >= 0 && i < q->nrows ? &q->rows[i] : NULL;
}

static void lock(struct tui *t)
{
	if (tui_can_lock(t->desk))
		tui_lock(t);
	else if (desk_in_setup(t->desk))
		tui_say(t, "%s", _("No accounts yet (setup mode): there is nobody to lock the desk for."));
	else
		tui_say(t, "%s", _("Signed in by the system login: lock the terminal session instead."));
}

static void act_queue(struct tui *t, void *self, int action)
{
	struct queue *q = self;
	const struct row *r = current(q);
	switch (action) {
	case A_UP: move_sel(t, q, q->sel - 1); break;
	case A_DOWN: move_sel(t, q, q->sel + 1); break;
	case A_PGUP: move_sel(t, q, q->sel - list_rows(t)); break;
	case A_PGDN: move_sel(t, q, q->sel + list_rows(t)); break;
	case A_HOME: move_sel(t, q, 0); break;
	case A_END: move_sel(t, q, (int)q->total - 1); break;
	case A_RELOAD:
		clearok(curscr, TRUE);
		load(t, q);
		break;
	case A_VIEW:
		q->view = (q->view + 1) % V__COUNT;
		q->sel = q->top = 0;
		load(t, q);
		break;
	case A_SEARCH: {
		char *s = tui_prompt(t, _("Search customer, phone, plate or text (empty: show all):"), q->search);
		if (s) {
			free(q->search);
			q->search = *s ? s : NULL;
			if (!*s)
				free(s);
			q->sel = q->top = 0;
			load(t, q);
		}
		break;
	}
	case A_NEW:
		tui_open_intake(t, 0);
		break;
	case A_OPEN:
		if (r)
			tui_open_detail(t, r->c.id);
		break;
	case A_NEXT:
		if (r)
			tui_open_intake(t, r->c.id);
		break;
	case A_FOLLOWUPS:
		tui_open_followups(t);
		break;
	case A_ANALYSIS:
		tui_open_analysis(t);
		break;
	case A_MESSAGES:
		tui_open_messages(t);
		break;
	case A_AWAITING:
		q->view = q->view == V_AWAITING ? V_ALL : V_AWAITING;
		q->sel = q->top = 0;
		load(t, q);
		if (q->view == V_AWAITING && q->nawaiting)
			tui_say(t, "%s", _("y approves the selected remedy, x refuses it; Enter opens the complaint."));
		break;
	case A_APPROVE:
	case A_REFUSE:
		if (r && tui_decide(t, &r->c, action == A_APPROVE))
			load(t, q);
		break;
	case A_LOCK:
		lock(t);
		break;
	case A_QUIT:
		t->quit = 1;
		break;
	default:
		tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static int input_queue(struct tui *t, void *self, int key)
{
	struct queue *q = self;
	if (t->pasting) /* no text to paste into */
		return 0;
	if (key == KEY_ESC && q->search) {
		free(q->search);
		q->search = NULL;
		q->sel = q->top = 0;
		load(t, q);
		return 1;
	}
	if (key >= '1' && key < '1' + V__COUNT) {
		q->view = (enum view)(key - '1');
		q->sel = q->top = 0;
		load(t, q);
		return 1;
	}
	return 0;
}

static void close_queue(void *self)
{
	struct queue *q = self;
	free_rows(q);
	free(q->search);
	free(q->awaiting);
	free(q);
}

static const struct screen_ops queue_ops = {
	"queue", refresh_queue, draw_queue, input_queue, act_queue, close_queue, keys,
};

void tui_open_queue(struct tui *t)
{
	struct queue *q = xcalloc(1, sizeof *q);
	tui_push(t, &queue_ops, q);
}
