/* Long text read whole: a complaint's description, what the customer asks
 * for and every note of its timeline, wrapped to the screen by display
 * width and scrolled, where the detail screen has a line for each. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct textview {
	char *title, *text;
	struct strlist lines;    /* the text wrapped to `width` */
	int width, top;
};

enum { V_BACK, V_UP, V_DOWN, V_PGUP, V_PGDN, V_HOME, V_END };

static const struct tui_key keys[] = {
	{KEY_ESC, 'q', "Esc", N_("Back"), N_("back to the complaint"), V_BACK},
	{TK(KEY_UP), 'k', "↑/k", N_("Scroll"), N_("scroll up a line"), V_UP},
	{TK(KEY_DOWN), 'j', "↓/j", NULL, N_("scroll down a line"), V_DOWN},
	{TK(KEY_PPAGE), 0, "PgUp", NULL, N_("page up"), V_PGUP},
	{TK(KEY_NPAGE), ' ', "PgDn", N_("Page"), N_("page down"), V_PGDN},
	{TK(KEY_HOME), 'g', "Home", NULL, N_("the start"), V_HOME},
	{TK(KEY_END), 'G', "End", NULL, N_("the end"), V_END},
	{'?', TK(KEY_F(1)), "?", N_("Help"), N_("this help"), -1},
	{0},
};

/* Break the text into lines of at most width columns, at a space near the
 * end where there is one; each newline starts a line. */
static void wrap(struct textview *v, int width)
{
	sl_free(&v->lines);
	memset(&v->lines, 0, sizeof v->lines);
	v->width = width;
	for (const char *p = v->text; *p || p == v->text;) {
		const char *nl = strchr(p, '\n');
		size_t plen = nl ? (size_t)(nl - p) : strlen(p);
		char *para = xstrndup(p, plen);
		const char *q = para;
		if (!*q)
			sl_push(&v->lines, "");
		while (*q) {
			size_t len = text_prefix_bytes(q, width);
			if (len == 0)
				len = 1; /* a character wider than the screen */
			if (q[len]) {
				size_t sp = len;
				while (sp > len / 2 && q[sp] != ' ')
					sp--;
				if (q[sp] == ' ')
					len = sp;
			}
			char *line = xstrndup(q, len);
			sl_push(&v->lines, line);
			free(line);
			q += len;
			while (*q == ' ')
				q++;
		}
		free(para);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static int page(struct tui *t) { return t->rows > 4 ? t->rows - 4 : 1; }

static void draw_textview(struct tui *t, void *self)
{
	struct textview *v = self;
	draw_frame(t, v->title);
	if (v->width != t->cols - 4)
		wrap(v, t->cols - 4 > 1 ? t->cols - 4 : 1);
	int n = (int)v->lines.n, rows = page(t);
	if (v->top > n - rows)
		v->top = n - rows;
	if (v->top < 0)
		v->top = 0;
	for (int i = 0; i < rows && v->top + i < n; i++)
		draw_text(t, 1 + i, 2, t->cols - 4, v->lines.v[v->top + i], 0);
	char where[64];
	snprintf(where, sizeof where, _("lines %d–%d of %d"), n ? v->top + 1 : 0,
		 v->top + rows < n ? v->top + rows : n, n);
	draw_hline(t, t->rows - 2, 0, t->cols);
	draw_attr(t, C_DIM, 1);
	int w = text_width(where);
	draw_text(t, t->rows - 2, t->cols - w - 2, w, where, 0);
	draw_attr(t, C_DIM, 0);
}

static void act_textview(struct tui *t, void *self, int action)
{
	struct textview *v = self;
	switch (action) {
	case V_BACK: tui_pop(t); return;
	case V_UP: v->top--; break;
	case V_DOWN: v->top++; break;
	case V_PGUP: v->top -= page(t); break;
	case V_PGDN: v->top += page(t); break;
	case V_HOME: v->top = 0; break;
	case V_END: v->top = (int)v->lines.n; break;
	default: tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_textview(void *self)
{
	struct textview *v = self;
	sl_free(&v->lines);
	free(v->title);
	free(v->text);
	free(v);
}

static const struct screen_ops text_ops = {
	"text", NULL, draw_textview, NULL, act_textview, close_textview, keys,
};

void tui_open_text(struct tui *t, const char *title, const char *text)
{
	struct textview *v = xcalloc(1, sizeof *v);
	v->title = xstrdup(title);
	v->text = xstrdup(text ? text : "");
	v->width = -1;
	tui_push(t, &text_ops, v);
}
