/* My messages: what the desk sent to the signed-in person (warnings,
 * escalations, digests, reports) and, for those with the report
 * permission, the messages about complaints at their sites; each with its
 * state, tries and last error, and Enter to open its complaint. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct messages {
	struct cd_message *v;
	int n, sel, top;
	int sites;           /* also those about my sites */
};

enum { M_BACK, M_UP, M_DOWN, M_OPEN, M_SITES };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("back to the list"), M_BACK},
	{'\r', TK(KEY_ENTER), "Enter", N_("Open"), N_("open the complaint the message is about"), M_OPEN},
	{'s', 0, "s", N_("Mine/sites"), N_("only the messages to me, or also those about my sites (the report permission)"),
	 M_SITES},
	{TK(KEY_UP), 'k', "↑/k", NULL, N_("previous message"), M_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("next message"), M_DOWN},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{0},
};

static void clear_messages(struct messages *m)
{
	for (int i = 0; i < m->n; i++)
		cd_message_free(&m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static int take(void *ctx, const struct cd_message *in)
{
	struct messages *m = ctx;
	m->v = xreallocarray(m->v, (size_t)m->n + 1, sizeof *m->v);
	struct cd_message *c = &m->v[m->n++];
	*c = *in;
	char **own[] = {&c->kind, &c->cause, &c->recipient, &c->channel, &c->address, &c->lang,
			&c->subject, &c->body, &c->state, &c->last_error, &c->attachment};
	for (size_t i = 0; i < sizeof own / sizeof *own; i++)
		*own[i] = *own[i] ? xstrdup(*own[i]) : NULL;
	return 0;
}

static void reload_messages(struct tui *t, void *self)
{
	struct messages *m = self;
	struct cd_err err;
	clear_messages(m);
	if (desk_my_messages(t->desk, m->sites, 500, take, m, &err))
		tui_error(t, &err);
	if (m->sel >= m->n)
		m->sel = m->n ? m->n - 1 : 0;
}

static const char *kind_word(const char *kind)
{
	if (strcmp(kind, "warning") == 0)
		return _("warning");
	if (strcmp(kind, "escalation") == 0)
		return _("escalation");
	if (strcmp(kind, "digest") == 0)
		return _("digest");
	return _("report");
}

static void draw_messages(struct tui *t, void *self)
{
	struct messages *m = self;
	char title[160], when[32], buf[64];
	snprintf(title, sizeof title, "%s — %s%s", _("My messages"), desk_actor(t->desk),
		 m->sites ? _(" and my sites") : "");
	draw_frame(t, title);
	int room = t->rows - 8;
	if (room < 1)
		room = 1;
	if (m->sel < m->top)
		m->top = m->sel;
	while (m->sel - m->top >= room)
		m->top++;
	draw_attr(t, C_HEAD, 1);
	int x = 1;
	x += draw_text(t, 2, x, 17, _("Recorded"), 1) + 1;
	x += draw_text(t, 2, x, 10, _("Kind"), 1) + 1;
	x += draw_text(t, 2, x, 7, _("About"), 1) + 1;
	x += draw_text(t, 2, x, 10, _("State"), 1) + 1;
	x += draw_text(t, 2, x, 5, _("Tries"), 1) + 1;
	x += draw_text(t, 2, x, 16, _("To"), 1) + 1;
	draw_text(t, 2, x, t->cols - x - 1, _("Subject"), 0);
	draw_attr(t, C_HEAD, 0);
	int y = 3;
	for (int i = m->top; i < m->n && y < 3 + room; i++, y++) {
		const struct cd_message *g = &m->v[i];
		if (i == m->sel)
			draw_attr(t, C_SELECT, 1);
		mvhline(y, 0, ' ', t->cols);
		x = 1;
		x += draw_text(t, y, x, 17, cd_format_short(g->created_at, t->cfg->timezone, when), 1) + 1;
		x += draw_text(t, y, x, 10, kind_word(g->kind), 1) + 1;
		if (g->complaint_id)
			snprintf(buf, sizeof buf, "#%lld", (long long)g->complaint_id);
		else
			snprintf(buf, sizeof buf, "—");
		x += draw_text(t, y, x, 7, buf, 1) + 1;
		int bad = strcmp(g->state, "failed") == 0 || (g->last_error && strcmp(g->state, "sent") != 0);
		if (bad && i != m->sel)
			draw_attr(t, C_BREACHED, 1);
		x += draw_text(t, y, x, 10, notify_state_word(g->state), 1) + 1;
		if (bad && i != m->sel)
			draw_attr(t, C_BREACHED, 0);
		snprintf(buf, sizeof buf, "%d", g->attempts);
		x += draw_text(t, y, x, 5, buf, 1) + 1;
		snprintf(buf, sizeof buf, "%s/%s", g->recipient, g->channel);
		x += draw_text(t, y, x, 16, buf, 1) + 1;
		draw_text(t, y, x, t->cols - x - 1, g->subject, 0);
		if (i == m->sel)
			draw_attr(t, C_SELECT, 0);
	}
	if (m->n == 0) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, 4, 2, t->cols - 4, _("No message to you."), 0);
		draw_attr(t, C_DIM, 0);
	}
	/* The selected one in words: where it went, and what went wrong. */
	draw_hline(t, t->rows - 5, 0, t->cols);
	if (m->n) {
		char *line = notify_describe(&m->v[m->sel], t->cfg->timezone);
		draw_wrapped(t, t->rows - 4, 1, t->cols - 2, 2, line);
		free(line);
	}
	draw_hline(t, t->rows - 2, 0, t->cols);
}

static void act_messages(struct tui *t, void *self, int action)
{
	struct messages *m = self;
	switch (action) {
	case M_BACK:
		tui_pop(t);
		return;
	case M_UP:
		if (m->sel > 0)
			m->sel--;
		return;
	case M_DOWN:
		if (m->sel + 1 < m->n)
			m->sel++;
		return;
	case M_SITES:
		if (!m->sites && !desk_sees_site_messages(t->desk)) {
			tui_say(t, "%s", _("The messages about your sites are for those with the report permission."));
			return;
		}
		m->sites = !m->sites;
		m->sel = m->top = 0;
		reload_messages(t, m);
		return;
	case M_OPEN:
		if (m->n && m->v[m->sel].complaint_id)
			tui_open_detail(t, m->v[m->sel].complaint_id);
		else if (m->n)
			tui_say(t, "%s", _("This message is about no one complaint."));
		return;
	default:
		tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_messages(void *self)
{
	clear_messages(self);
	free(self);
}

static const struct screen_ops messages_ops = {
	"messages", reload_messages, draw_messages, NULL, act_messages, close_messages, keys,
};

void tui_open_messages(struct tui *t)
{
	struct messages *m = xcalloc(1, sizeof *m);
	tui_push(t, &messages_ops, m);
}
