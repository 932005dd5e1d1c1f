/* Help: generated from the key table of the screen it was opened from,
 * the same table the input loop uses, so it cannot drift. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/i18n.h"

#include <curses.h>
#include <stdlib.h>

struct help {
	const struct screen_ops *of;
	int top;
};

enum { H_BACK, H_UP, H_DOWN };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("close the help"), H_BACK},
	{TK(KEY_UP), 'k', "↑", NULL, N_("scroll up"), H_UP},
	{TK(KEY_DOWN), 'j', "↓", NULL, N_("scroll down"), H_DOWN},
	{0},
};

static void draw_help(struct tui *t, void *self)
{
	struct help *h = self;
	draw_frame(t, _("Help"));
	draw_attr(t, C_HEAD, 1);
	draw_text(t, 2, 2, t->cols - 4, _("Keys on this screen"), 0);
	draw_attr(t, C_HEAD, 0);
	int y = 4, n = 0;
	for (const struct tui_key *k = h->of->keys; k->key; k++, n++) {
		if (n < h->top || y >= t->rows - 3)
			continue;
		attron(A_BOLD);
		draw_text(t, y, 4, 12, k->name, 1);
		attroff(A_BOLD);
		draw_text(t, y, 18, t->cols - 20, _(k->help), 0);
		y++;
	}
	if (y < t->rows - 3) {
		draw_attr(t, C_DIM, 1);
		draw_text(t, y + 1, 4, t->cols - 6,
			  _("Everywhere: F1 or ? help; Esc backs out; the clock times are in the site's time zone."), 0);
		draw_attr(t, C_DIM, 0);
	}
}

static void act_help(struct tui *t, void *self, int action)
{
	struct help *h = self;
	if (action == H_BACK)
		tui_pop(t);
	else if (action == H_UP && h->top > 0)
		h->top--;
	else if (action == H_DOWN)
		h->top++;
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
