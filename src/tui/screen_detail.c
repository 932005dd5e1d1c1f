/* Complaint detail: every field, every clock, the full timeline, and the
 * actions on keys. Only for complaints at the person's sites; personal
 * data in full only for those allowed to see it (and that is audited, once
 * per opening). */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/describe.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"
#include "cdesk/sla.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct detail {
	int64_t id;
	struct cd_complaint c;
	struct cd_clocks k;
	struct cd_events ev;
	int loaded;
	int scroll;          /* timeline lines scrolled */
	int audited;         /* the view of personal data is in the audit trail */
	char pending[600];   /* the remedy awaiting approval, "" none */
	struct strlist msgs; /* its messages in words (notify_describe) */
	struct strlist due;  /* escalations that hold but are not recorded yet, in words */
	const struct cd_config *cfg;
	char why[1024];      /* why it could not be shown */
};

enum { D_BACK, D_NEXT, D_CONTACT, D_FEEDBACK, D_PROMISE, D_KEPT, D_PAUSE, D_ASSIGN,
       D_ESCALATE, D_NOTE, D_REOPEN, D_WITHDRAW, D_UP, D_DOWN, D_PGUP, D_PGDN, D_APPROVE, D_REFUSE,
       D_READ };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("back to the list"), D_BACK},
	{'s', 0, "s", N_("Next step"), N_("go on with the handling: the next step of the method"), D_NEXT},
	{'c', 0, "c", N_("Contact"), N_("log a contact with the customer (a call, visit or message)"), D_CONTACT},
	{'b', 0, "b", N_("Feedback"), N_("log progress feedback given to the customer"), D_FEEDBACK},
	{'p', 0, "p", N_("Promise"), N_("record a promise to the customer with its deadline"), D_PROMISE},
	{'K', 0, "K", NULL, N_("mark the oldest open promise kept"), D_KEPT},
	{'z', 0, "z", N_("Pause"), N_("pause the clocks, saying what we wait for (the customer, parts, the manufacturer …), or resume them"), D_PAUSE},
	{'a', 0, "a", N_("Assign"), N_("hand the complaint to a named handler"), D_ASSIGN},
	{'e', 0, "e", N_("Escalate"), N_("refer the complaint up to a role"), D_ESCALATE},
	{'t', 0, "t", N_("Note"), N_("add an internal note"), D_NOTE},
	{'r', 0, "r", NULL, N_("reopen a resolved, closed or withdrawn complaint"), D_REOPEN},
	{'w', 0, "w", NULL, N_("record that the customer withdrew the complaint"), D_WITHDRAW},
	{'v', 0, "v", NULL, N_("read the description, the request and every note whole, scrolling"), D_READ},
	{'y', 0, "y", NULL, N_("approve the remedy awaiting approval"), D_APPROVE},
	{'x', 0, "x", NULL, N_("refuse the remedy awaiting approval, with a reason"), D_REFUSE},
	{TK(KEY_UP), 'k', "↑/k", NULL, N_("scroll the timeline up"), D_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("scroll the timeline down"), D_DOWN},
	{TK(KEY_PPAGE), 0, "PgUp", NULL, N_("timeline page up"), D_PGUP},
	{TK(KEY_NPAGE), ' ', "PgDn", NULL, N_("timeline page down"), D_PGDN},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{0},
};

/* The step of the method the intake takes next from state s, or -1. */
static int next_step(enum cd_state s)
{
	switch (s) {
	case ST_RECEIVED: return STEP_LISTEN;
	case ST_LISTENED: return STEP_APOLOGIZE;
	case ST_APOLOGIZED: return STEP_RECORD;
	case ST_RECORDED:
	case ST_RESOLVING:
	case ST_REOPENED: return STEP_RESOLVE;
	case ST_RESOLVED: return STEP_FOLLOW_UP;
	default: return -1;
	}
}

static void unload(struct detail *d)
{
	if (!d->loaded)
		return;
	cd_complaint_free(&d->c);
	cd_clocks_free(&d->k);
	cd_events_free(&d->ev);
	sl_free(&d->msgs);
	sl_free(&d->due);
	d->loaded = 0;
}

static int keep_message(void *ctx, const struct cd_message *m)
{
	struct detail *d = ctx;
	char *line = notify_describe(m, cd_site_tz(d->cfg, d->c.site));
	sl_push(&d->msgs, line);
	free(line);
	return 0;
}

static const char *label(const struct cd_list *l, const char *id);

static void reload_detail(struct tui *t, void *self)
{
	struct detail *d = self;
	struct cd_err err;
	unload(d);
	/* The full view is audited once per opening, not at every reload. */
	if (desk_show(t->desk, d->id, "tui", !d->audited, &d->c, &d->k, &d->ev, &err)) {
		snprintf(d->why, sizeof d->why, "%s", err.msg);
		tui_error(t, &err);
		return;
	}
	d->audited = 1;
	d->cfg = t->cfg;
	if (desk_messages(t->desk, d->id, keep_message, d, &err))
		sl_push(&d->msgs, err.msg);
	if (!tui_pending_text(t, &d->c, d->pending, sizeof d->pending))
		d->pending[0] = '\0';
	/* As cdesk show says them: a rule that holds fires at the next
	   action or sweep. */
	size_t rules[16], nrules = 0;
	if (desk_pending_rules(t->desk, d->id, rules, 16, &nrules, &err) == 0)
		for (size_t i = 0; i < nrules; i++) {
			const struct cd_rule *r = &t->cfg->rules[rules[i]];
			char *line = xasprintf(_("Escalation due: %s (level %d, to %s); it is recorded at the next action or sweep."),
					       cd_label_text(&r->name, r->id), r->level, label(&t->cfg->roles, r->notify));
			sl_push(&d->due, line);
			free(line);
		}
	d->loaded = 1;
	d->scroll = (int)d->ev.n; /* show the latest: drawing clamps it */
}

static const char *label(const struct cd_list *l, const char *id)
{
	const struct cd_item *it = cd_list_find(l, id);
	return it ? cd_label_text(&it->name, it->id) : (id ? id : "—");
}

/* "Label: value" in a column of the given width, the labels lw wide; a
 * value cut there says v reads it whole. */
static void pair(struct tui *t, int y, int x, int w, int lw, const char *name, const char *value)
{
	const char *more = _("v: all");
	int mw = (int)text_width(more) + 1;
	draw_attr(t, C_DIM, 1);
	int used = draw_text(t, y, x, lw, name, 1);
	draw_attr(t, C_DIM, 0);
	value = value && *value ? value : "—";
	int room = w - used - 1, cut = (int)text_width(value) > room && room > 2 * mw;
	draw_text(t, y, x + used + 1, room - (cut ? mw : 0), value, 0);
	if (cut) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, y, x + w - mw, mw - 1, more, 0);
		draw_attr(t, C_DIM, 0);
	}
}

/* The widest of n labels, at least lo and at most hi columns: a column of
 * labels takes what its longest needs. */
static int label_width(const char *const *names, int n, int lo, int hi)
{
	int w = lo;
	for (int i = 0; i < n; i++)
		if ((int)text_width(names[i]) > w)
			w = (int)text_width(names[i]);
	return w < hi ? w : hi;
}

/* A clock's status as cdesk show says it: met late is "met (late)", and
 * drawn as a breach. */
static const char *clock_status(const struct cd_clock *k, enum cd_clock_status s, cd_time due, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", cd_clock_status_label(s), s == CS_MET && k->met > due ? _(" (late)") : "");
	return buf;
}

static int draw_clocks(struct tui *t, struct detail *d, int y)
{
	const char *tz = cd_site_tz(t->cfg, d->c.site);
	cd_time now = cd_now(), due;
	char when[32], left[64], st[64];
	/* The name takes what the longest needs, out of what the due time
	   (16), the status and the time left or met (16) leave. */
	int nw = 10, sw = 0;
	for (size_t i = 0; i < d->k.n; i++) {
		const struct cd_clock *k = &d->k.v[i];
		enum cd_clock_status s = sla_status(t->cfg, tz, k, now, &due);
		int w = (int)text_width(sla_clock_label(t->cfg, k));
		if (w > nw)
			nw = w;
		w = (int)text_width(clock_status(k, s, due, st, sizeof st));
		if (w > sw)
			sw = w;
	}
	if (nw > t->cols - 2 - 3 - 16 - sw - 16 - 1)
		nw = t->cols - 2 - 3 - 16 - sw - 16 - 1;
	const int xd = 2 + nw + 1, xs = xd + 17, xl = xs + sw + 1;
	for (size_t i = 0; i < d->k.n && y < t->rows - 6; i++, y++) {
		const struct cd_clock *k = &d->k.v[i];
		enum cd_clock_status s = sla_status(t->cfg, tz, k, now, &due);
		int late = s == CS_MET && k->met > due;
		draw_text(t, y, 2, nw, sla_clock_label(t->cfg, k), 1);
		draw_text(t, y, xd, 16, cd_format_short(due, tz, when), 1);
		draw_attr(t, late ? C_BREACHED : draw_clock_color(s), 1);
		draw_text(t, y, xs, sw, clock_status(k, s, due, st, sizeof st), 1);
		draw_attr(t, late ? C_BREACHED : draw_clock_color(s), 0);
		if (s == CS_MET)
			draw_text(t, y, xl, t->cols - xl - 1, cd_format_short(k->met, tz, left), 0);
		else if (s == CS_PAUSED && d->c.paused_since != CD_TIME_NONE) {
			char since[32];
			/* TRANSLATORS: a paused clock: since when. */
			snprintf(left, sizeof left, _("since %s"), cd_format_short(d->c.paused_since, tz, since));
			draw_text(t, y, xl, t->cols - xl - 1, left, 0);
		} else if (sla_is_open(k) && s != CS_PAUSED)
			draw_text(t, y, xl, t->cols - xl - 1, cd_format_span(due - now, left), 0);
	}
	for (size_t i = 0; i < d->due.n && y < t->rows - 6; i++) {
		draw_attr(t, C_WARNING, 1);
		y += draw_wrapped(t, y, 2, t->cols - 3, 2, d->due.v[i]);
		draw_attr(t, C_WARNING, 0);
	}
	return y;
}

static void draw_detail(struct tui *t, void *self)
{
	struct detail *d = self;
	char title[256], buf[128], when[32];
	if (!d->loaded) {
		draw_frame(t, _("Complaint"));
		draw_attr(t, C_ERROR, 1);
		draw_text(t, 2, 2, t->cols - 4, d->why, 0);
		draw_attr(t, C_ERROR, 0);
		return;
	}
	const struct cd_complaint *c = &d->c;
	const char *tz = cd_site_tz(t->cfg, c->site);
	snprintf(title, sizeof title, _("Complaint #%lld — %s"), (long long)c->id, cd_state_label(c->state));
	draw_frame(t, title);
	int half = t->cols / 2;
	/* Each column's labels as wide as its longest needs. Every field of
	   the complaint has its place, as in cdesk show. */
	const char *left_names[] = {_("Customer"), _("Channel"), _("Site"), _("Received"), _("Plate"),
				    _("Seeks/acts"), _("What happened"), _("Asks for"), _("Awaiting")};
	const char *right_names[] = {_("Phone"), _("Category"), _("Severity"), _("Owner"), _("Reference"),
				     _("Escalated")};
	int lw = label_width(left_names, 9, 8, half / 3), rw = label_width(right_names, 6, 8, half / 3);
	pair(t, 1, 1, half - 1, lw, _("Customer"), c->customer);
	pair(t, 1, half, half, rw, _("Phone"), c->phone);
	pair(t, 2, 1, half - 1, lw, _("Channel"), label(&t->cfg->channels, c->channel));
	pair(t, 2, half, half, rw, _("Category"), label(&t->cfg->categories, c->category));
	pair(t, 3, 1, half - 1, lw, _("Site"), label(&t->cfg->sites, c->site));
	pair(t, 3, half, half, rw, _("Severity"), label(&t->cfg->severities, c->severity));
	pair(t, 4, 1, half - 1, lw, _("Received"), cd_format_short(c->received_at, tz, when));
	if (strcmp(c->owner, c->receiver) == 0)
		snprintf(buf, sizeof buf, "%s", c->owner);
	else
		snprintf(buf, sizeof buf, _("%s (received by %s)"), c->owner, c->receiver);
	pair(t, 4, half, half, rw, _("Owner"), buf);
	pair(t, 5, 1, half - 1, lw, _("Plate"), c->plate);
	pair(t, 5, half, half, rw, _("Reference"), c->reference);
	snprintf(buf, sizeof buf, "%s / %s", c->need ? cd_vocab_label(c->need) : "—",
		 c->behaviour ? cd_vocab_label(c->behaviour) : "—");
	pair(t, 6, 1, half - 1, lw, _("Seeks/acts"), buf);
	if (c->esc_level) {
		snprintf(buf, sizeof buf, _("level %d, %s"), c->esc_level, label(&t->cfg->roles, c->esc_role));
		draw_attr(t, C_WARNING, 1);
		pair(t, 6, half, half, rw, _("Escalated"), buf);
		draw_attr(t, C_WARNING, 0);
	}
	/* What happened and what the customer asks for wrap over the lines
	   the screen can spare (more on a tall one); a text still cut there
	   says v reads it whole. */
	const char *more = _("v: all");
	int mw = (int)text_width(more) + 1, vx = 1 + lw + 1, vw = t->cols - 1 - vx;
	int spare = t->rows >= 34 ? 4 : t->rows >= 28 ? 3 : 2;
	int y = 7;
	for (int row = 0; row < 2; row++) {
		const char *name = row ? _("Asks for") : _("What happened");
		const char *v = row ? c->request : c->description;
		v = str_empty(v) ? "—" : v;
		int need = draw_wrapped_lines(vw, v), n = need < spare ? need : spare;
		if (row && spare > 2 && n > spare - 1)
			n = spare - 1; /* the request is the shorter, as a rule */
		int cut = need > n;
		draw_attr(t, C_DIM, 1);
		draw_text(t, y, 1, lw, name, 1);
		draw_attr(t, C_DIM, 0);
		draw_wrapped(t, y, vx, vw - (cut ? mw : 0), n, v);
		if (cut) {
			draw_attr(t, C_DIM, 1);
			draw_text(t, y + n - 1, t->cols - mw, mw - 1, more, 0);
			draw_attr(t, C_DIM, 0);
		}
		y += n;
	}

	if (d->pending[0]) {
		draw_attr(t, C_DIM, 1);
		int used = draw_text(t, y, 1, lw, _("Awaiting"), 1);
		draw_attr(t, C_DIM, 0);
		draw_attr(t, C_WARNING, 1);
		y += draw_wrapped(t, y, used + 2, t->cols - used - 3, t->rows >= 28 ? 4 : 3, d->pending);
		draw_attr(t, C_WARNING, 0);
	}
	draw_attr(t, C_HEAD, 1);
	int hw = draw_text(t, y, 1, t->cols - 2, _("Clocks"), 0);
	draw_attr(t, C_HEAD, 0);
	if (c->paused_since != CD_TIME_NONE) { /* as cdesk show's "Paused since" */
		char since[32], line[96];
		snprintf(line, sizeof line, _("paused since %s"), cd_format_short(c->paused_since, tz, since));
		draw_attr(t, C_PAUSED, 1);
		draw_text(t, y, 1 + hw + 2, t->cols - hw - 4, line, 0);
		draw_attr(t, C_PAUSED, 0);
	}
	y = draw_clocks(t, d, y + 1);
	if (d->msgs.n) { /* the newest three */
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y++, 1, t->cols - 2, _("Messages"), 0);
		draw_attr(t, C_HEAD, 0);
		for (size_t i = d->msgs.n > 3 ? d->msgs.n - 3 : 0; i < d->msgs.n && y < t->rows - 5; i++)
			draw_text(t, y++, 2, t->cols - 3, d->msgs.v[i], 0);
	}
	draw_attr(t, C_HEAD, 1);
	draw_text(t, y, 1, t->cols - 2, _("Timeline"), 0);
	draw_attr(t, C_HEAD, 0);
	y++;
	int room = t->rows - 2 - y, n = (int)d->ev.n;
	/* Each event in a sentence, its note after it: a line that does not
	   fit takes a second. The latest events stay in view at the bottom. */
	char **text = xcalloc((size_t)n + 1, sizeof *text);
	int *lines = xcalloc((size_t)n + 1, sizeof *lines);
	const int x0 = 2 + 17 + 10 + 2, width = t->cols - x0 - 1;
	for (int i = 0; i < n; i++) {
		const struct cd_event *e = &d->ev.v[i];
		struct strbuf sb;
		sb_init(&sb);
		cd_event_describe(t->cfg, c, &d->ev, e, &sb);
		if (e->note)
			sb_printf(&sb, " — %s", e->note);
		text[i] = sb.s;
		lines[i] = width > 0 && (int)text_width(sb.s) > width ? 2 : 1;
	}
	int last = 0, used = 0; /* the first event from which the rest fits */
	for (last = n; last > 0 && used + lines[last - 1] <= room; last--)
		used += lines[last - 1];
	if (d->scroll > last)
		d->scroll = last;
	if (d->scroll < 0)
		d->scroll = 0;
	int cut = 0;
	for (int i = d->scroll, row = 0; i < n && row < room; i++) {
		const struct cd_event *e = &d->ev.v[i];
		int x = 2 + draw_text(t, y + row, 2, 17, cd_format_short(e->at, tz, when), 1);
		x += draw_text(t, y + row, x + 1, 10, e->actor, 1) + 2;
		int got = draw_wrapped(t, y + row, x, t->cols - x - 1, lines[i] < room - row ? lines[i] : room - row,
				       text[i]);
		cut |= draw_wrapped_lines(t->cols - x - 1, text[i]) > got;
		row += got;
	}
	if (cut) { /* a line of the timeline cut: v reads it whole */
		draw_attr(t, C_DIM, 1);
		draw_text(t, y - 1, t->cols - mw, mw - 1, more, 0);
		draw_attr(t, C_DIM, 0);
	}
	for (int i = 0; i < n; i++)
		free(text[i]);
	free(text);
	free(lines);
	draw_hline(t, t->rows - 2, 0, t->cols);
}

/* Returns the code of the failure (0: saved). */
static int run(struct tui *t, struct detail *d, struct cd_action *a)
{
	struct cd_err err;
	int code = 0;
	if (desk_act(t->desk, d->id, a, &err)) {
		tui_error(t, &err);
		code = err.code;
	} else
		tui_say(t, _("Saved."));
	reload_detail(t, d);
	return code;
}

/* Ask for a note (initial: what was typed before, or NULL); returns NULL
 * when cancelled. "" is allowed when optional. */
static char *ask_again(struct tui *t, const char *q, int required, const char *initial)
{
	for (;;) {
		char *s = tui_prompt(t, q, initial);
		if (!s || *s || !required)
			return s;
		free(s);
		initial = NULL;
		tui_say(t, _("A note is needed here."));
	}
}

static char *ask(struct tui *t, const char *q, int required) { return ask_again(t, q, required, NULL); }

/* When the database could not take it (its file gone, the disk full), the
 * note is offered again as typed: nothing of it is lost. */
static void with_note(struct tui *t, struct detail *d, enum cd_action_kind kind, const char *q, int required,
		      const char *how)
{
	struct cd_action a;
	char *note = ask(t, q, required);
	while (note) {
		cd_action_init(&a, kind);
		a.how = how;
		a.note = *note ? note : NULL;
		a.expect_state = (int)d->c.state;
		if (run(t, d, &a) != CD_EDB)
			break;
		char *again = ask_again(t, q, required, note);
		free(note);
		note = again;
	}
	free(note);
}

static void do_promise(struct tui *t, struct detail *d)
{
	struct cd_action a;
	struct cd_err err;
	const char *tz = cd_site_tz(t->cfg, d->c.site);
	char *what = ask(t, _("What was promised?"), 1);
	if (!what)
		return;
	cd_action_init(&a, ACT_PROMISE);
	const char *q = _("Due when? (14:00, tomorrow 18:00, +2h, +3d, 2026-11-25 17:00)");
	char *when = NULL, *again = NULL, shown[160], ask_ok[300];
	/* The time as understood is shown before it is saved; a mistyped or
	   misread one asks again, keeping what was typed. */
	while ((when = tui_prompt(t, q, again))) {
		free(again);
		again = when;
		if (cd_parse_when(when, cd_now(), tz, &a.due, &err)) {
			q = _("Not a time I understand. Due when? (14:00, tomorrow 18:00, +2h, +3d, 2026-11-25 17:00)");
			continue;
		}
		snprintf(ask_ok, sizeof ask_ok, _("Due %s. Save the promise?"), tui_when_text(a.due, tz, shown, sizeof shown));
		if (tui_confirm(t, ask_ok))
			break;
		q = _("Due when? (14:00, tomorrow 18:00, +2h, +3d, 2026-11-25 17:00)");
	}
	if (when) {
		a.note = what;
		run(t, d, &a);
	}
	free(again);
	free(what);
}

/* Pausing: why, from the configured reasons, then a note. */
static void do_pause(struct tui *t, struct detail *d)
{
	const struct cd_list *l = &t->cfg->pause_reasons;
	const char *names[64];
	int n = l->n < 64 ? (int)l->n : 64;
	for (int i = 0; i < n; i++)
		names[i] = cd_label_text(&l->v[i].name, l->v[i].id);
	int r = tui_choose(t, _("Pause the clocks: what are we waiting for?"), names, n, 0);
	if (r >= 0)
		with_note(t, d, ACT_PAUSE, _("Pause: a note (optional)"), 0, l->v[r].id);
}

static void do_escalate(struct tui *t, struct detail *d)
{
	const char *names[32];
	size_t idx[32];
	int n = 0;
	const struct cd_item *now_at = cd_list_find(&t->cfg->roles, d->c.esc_role);
	for (size_t i = 0; i < t->cfg->roles.n && n < 32; i++) {
		const struct cd_item *role = &t->cfg->roles.v[i];
		if (i == 0 || (now_at && role->level <= now_at->level))
			continue; /* upward only: never to the most junior role */
		idx[n] = i;
		names[n++] = cd_label_text(&role->name, role->id);
	}
	if (n == 0) {
		tui_say(t, _("It is already with the most senior role."));
		return;
	}
	int r = tui_choose(t, _("Refer up to:"), names, n, 0);
	if (r < 0)
		return;
	r = (int)idx[r];
	char *why = ask(t, _("Why? (the reason goes to the timeline)"), 1);
	if (!why)
		return;
	struct cd_action a;
	cd_action_init(&a, ACT_ESCALATE);
	a.who = t->cfg->roles.v[r].id;
	a.note = why;
	run(t, d, &a);
	free(why);
}

/* The long texts of the complaint, whole, in the viewer. */
static void read_whole(struct tui *t, struct detail *d)
{
	const char *tz = cd_site_tz(t->cfg, d->c.site);
	char title[256], when[32];
	struct strbuf sb;
	sb_init(&sb);
	sb_printf(&sb, "%s\n%s\n", _("What happened"), d->c.description ? d->c.description : "—");
	if (!str_empty(d->c.request))
		sb_printf(&sb, "\n%s\n%s\n", _("Asks for"), d->c.request);
	/* Every field whole, however long: the screen's columns cut them. */
	const struct cd_complaint *c = &d->c;
	const char *const fields[][2] = {
		{_("Customer"), c->customer}, {_("Phone"), c->phone}, {_("Plate"), c->plate},
		{_("Reference"), c->reference}, {_("Channel"), label(&t->cfg->channels, c->channel)},
		{_("Category"), label(&t->cfg->categories, c->category)}, {_("Site"), label(&t->cfg->sites, c->site)},
		{_("Severity"), label(&t->cfg->severities, c->severity)},
		{_("Need"), c->need ? cd_vocab_label(c->need) : NULL},
		{_("Behaviour"), c->behaviour ? cd_vocab_label(c->behaviour) : NULL},
		{_("Receiver"), c->receiver}, {_("Owner"), c->owner},
	};
	sb_puts(&sb, "\n");
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
	{
		/* TRANSLATORS: a field and its value, on a line of their own. */
		sb_printf(&sb, _("%s: %s"), fields[i][0], str_empty(fields[i][1]) ? "—" : fields[i][1]);
		sb_puts(&sb, "\n");
	}
	sb_printf(&sb, "\n%s\n", _("Timeline"));
	for (size_t i = 0; i < d->ev.n; i++) {
		const struct cd_event *e = &d->ev.v[i];
		sb_printf(&sb, "%s  %s  ", cd_format_short(e->at, tz, when), e->actor);
		cd_event_describe(t->cfg, &d->c, &d->ev, e, &sb);
		sb_puts(&sb, "\n");
		if (e->note)
			sb_printf(&sb, "    %s\n", e->note);
	}
	snprintf(title, sizeof title, _("Complaint #%lld — read whole"), (long long)d->id);
	tui_open_text(t, title, sb.s);
	sb_free(&sb);
}

/* Does the complaint's state allow step s? Says why not. */
static int step_possible(struct tui *t, const struct detail *d, enum cd_step s)
{
	enum cd_state path[3];
	struct cd_err err;
	if (cd_step_path(s, d->c.state, path, &err) >= 0)
		return 1;
	tui_error(t, &err);
	return 0;
}

static void act_detail(struct tui *t, void *self, int action)
{
	struct detail *d = self;
	struct cd_action a;
	if (action == D_BACK) {
		tui_pop(t);
		return;
	}
	if (!d->loaded)
		return;
	switch (action) {
	case D_NEXT:
		tui_open_intake(t, d->id);
		break;
	case D_CONTACT: {
		static const char *const ways[] = {"phone", "visit", "message", "email", "in_person"};
		const char *labels[5];
		for (int i = 0; i < 5; i++)
			labels[i] = cd_vocab_label(ways[i]);
		int w = tui_choose(t, _("How was the customer contacted?"), labels, 5, 0);
		if (w < 0)
			break;
		char *note = ask(t, _("Contact with the customer: what was said? (optional)"), 0);
		if (!note)
			break;
		cd_action_init(&a, ACT_CONTACT);
		a.how = ways[w];
		a.note = *note ? note : NULL;
		run(t, d, &a);
		free(note);
		break;
	}
	case D_FEEDBACK:
		with_note(t, d, ACT_FEEDBACK, _("Progress told to the customer:"), 1, NULL);
		break;
	case D_PROMISE:
		do_promise(t, d);
		break;
	case D_KEPT:
		cd_action_init(&a, ACT_PROMISE_KEPT);
		run(t, d, &a);
		break;
	case D_PAUSE:
		if (d->c.paused_since == CD_TIME_NONE)
			do_pause(t, d);
		else
			with_note(t, d, ACT_RESUME, _("Resume: note (optional)"), 0, NULL);
		break;
	case D_ASSIGN: {
		char *who = tui_prompt(t, _("Hand over to (user name):"), NULL);
		if (who && *who) {
			cd_action_init(&a, ACT_ASSIGN);
			a.who = who;
			run(t, d, &a);
		}
		free(who);
		break;
	}
	case D_ESCALATE:
		do_escalate(t, d);
		break;
	case D_NOTE:
		with_note(t, d, ACT_NOTE, _("Note:"), 1, NULL);
		break;
	case D_REOPEN:
	case D_WITHDRAW:
		/* A step the state does not allow is said at once, before any
		   question or reason is asked for. */
		if (!step_possible(t, d, action == D_REOPEN ? STEP_REOPEN : STEP_WITHDRAW))
			break;
		if (!tui_confirm(t, action == D_REOPEN ? _("Reopen this complaint?") : _("Record that the customer withdrew it?")))
			break;
		cd_action_init(&a, ACT_STEP);
		a.step = action == D_REOPEN ? STEP_REOPEN : STEP_WITHDRAW;
		a.expect_state = (int)d->c.state;
		if ((a.anyway = tui_confirm_open(t, d->id, a.step, NULL)) < 0)
			break;
		{
			char *why = ask(t, _("Why?"), 1);
			if (why) {
				a.note = why;
				run(t, d, &a);
				free(why);
			}
		}
		break;
	case D_APPROVE:
	case D_REFUSE:
		if (tui_decide(t, &d->c, action == D_APPROVE))
			reload_detail(t, d);
		break;
	case D_READ:
		read_whole(t, d);
		break;
	case D_UP: d->scroll--; break;
	case D_DOWN: d->scroll++; break;
	case D_PGUP: d->scroll -= 10; break;
	case D_PGDN: d->scroll += 10; break;
	default:
		tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_detail(void *self)
{
	struct detail *d = self;
	unload(d);
	free(d);
}

static const struct screen_ops detail_ops = {
	"detail", reload_detail, draw_detail, NULL, act_detail, close_detail, keys,
};

void tui_open_detail(struct tui *t, int64_t id)
{
	struct detail *d = xcalloc(1, sizeof *d);
	d->id = id;
	tui_push(t, &detail_ops, d);
	/* A new user sees where the handling goes on from here. */
	int s = d->loaded ? next_step(d->c.state) : -1;
	if (s >= 0 && !t->status[0])
		tui_say(t, _("Next step: %s (press s)."), cd_step_label((enum cd_step)s));
}
