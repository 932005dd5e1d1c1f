/* Help: generated from the key table of the screen it was opened from,
 * the same table the input loop uses, so it cannot drift. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <curses.h>
#include <stdlib.h>

struct help {
	const struct screen_ops *of;
	int top;
};

enum { H_BACK, H_UP, H_DOWN, H_PGDN, H_PGUP };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("close the help"), H_BACK},
	{TK(KEY_UP), 'k', "↑", NULL, N_("scroll up"), H_UP},
	{TK(KEY_DOWN), 'j', "↓", N_("More"), N_("scroll down"), H_DOWN},
	{TK(KEY_NPAGE), ' ', "PgDn", NULL, N_("page down"), H_PGDN},
	{TK(KEY_PPAGE), 0, "PgUp", NULL, N_("page up"), H_PGUP},
	{0},
};

/* Every key with what it does, wrapped under its name (nothing cut), then
 * what holds everywhere; scrolled by line when it does not fit. */
static void draw_help(struct tui *t, void *self)
{
	struct help *h = self;
	const int x0 = 18, w = t->cols - x0 - 2, room = t->rows - 6;
	struct strlist text = {0};
	const char *name[256] = {0}; /* the key on the first line of its text */
	draw_frame(t, _("Help"));
	draw_attr(t, C_HEAD, 1);
	draw_text(t, 2, 2, t->cols - 4, _("Keys on this screen"), 0);
	draw_attr(t, C_HEAD, 0);
	for (const struct tui_key *k = h->of->keys; k->key; k++) {
		if (text.n < sizeof name / sizeof *name)
			name[text.n] = k->name;
		draw_wrap_into(w, _(k->help), &text);
	}
	size_t keys_end = text.n;
	sl_push(&text, "");
	draw_wrap_into(t->cols - 6, _("Everywhere: F1 or ? help; Esc backs out; the clock times are in the site's time zone."),
		       &text);
	int total = (int)text.n;
	if (h->top > total - room)
		h->top = total - room > 0 ? total - room : 0;
	for (int i = 0; i < room && h->top + i < total; i++) {
		size_t l = (size_t)h->top + (size_t)i;
		if (l < keys_end) {
			attron(A_BOLD);
			draw_text(t, 4 + i, 4, 12, l < sizeof name / sizeof *name && name[l] ? name[l] : "", 1);
			attroff(A_BOLD);
			draw_text(t, 4 + i, x0, w, text.v[l], 0);
		} else {
			draw_attr(t, C_DIM, 1);
			draw_text(t, 4 + i, 4, t->cols - 6, text.v[l], 0);
			draw_attr(t, C_DIM, 0);
		}
	}
	if (h->top + room < total) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, t->rows - 2, 2, t->cols - 4, _("↓ more below"), 0);
		draw_attr(t, C_DIM, 0);
	}
	sl_free(&text);
}

static void act_help(struct tui *t, void *self, int action)
{
	struct help *h = self;
	if (action == H_BACK)
		tui_pop(t);
	else if (action == H_UP && h->top > 0)
		h->top--;
	else if (action == H_DOWN)
		h->top++; /* drawing holds it to the end */
	else if (action == H_PGDN)
		h->top += t->rows - 7;
	else if (action == H_PGUP)
		h->top = h->top > t->rows - 7 ? h->top - (t->rows - 7) : 0;
}

static void close_help(void *self) { free(self); }

static const struct screen_ops help_ops = {
	"help", NULL, draw_help, NULL, act_help, close_help, keys,
};

void tui_open_help(struct tui *t, const struct screen_ops *of)
{
	if (of == &help_ops)
		return;
	struct help *h = xcalloc(1, sizeof *h);
	h->of = of;
	tui_push(t, &help_ops, h);
}
