/* Drawing: colours with a monochrome fallback, text by display width,
 * Unicode lines with an ASCII fallback, the frame around every screen. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* Colour pair and the attribute used without colour, per role. */
static const struct {
	short fg, bg;
	attr_t mono;
} roles[C__COUNT] = {
	[C_NORMAL] = {-1, -1, A_NORMAL},
	[C_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_REVERSE},
	[C_HEAD] = {COLOR_CYAN, -1, A_BOLD},
	[C_SELECT] = {COLOR_BLACK, COLOR_CYAN, A_REVERSE},
	[C_RUNNING] = {COLOR_GREEN, -1, A_NORMAL},
	[C_WARNING] = {COLOR_YELLOW, -1, A_BOLD},
	[C_BREACHED] = {COLOR_RED, -1, A_BOLD | A_UNDERLINE},
	[C_MET] = {COLOR_BLUE, -1, A_DIM},
	[C_PAUSED] = {COLOR_MAGENTA, -1, A_DIM},
	[C_DIM] = {-1, -1, A_DIM},
	[C_ERROR] = {COLOR_WHITE, COLOR_RED, A_REVERSE | A_BOLD},
	[C_STEP] = {-1, -1, A_NORMAL},
	[C_STEP_DONE] = {COLOR_GREEN, -1, A_BOLD},
};

void draw_init_colors(struct tui *t)
{
	const char *no = getenv("NO_COLOR");
	t->color = has_colors() && (!no || !*no);
	if (!t->color)
		return;
	start_color();
	use_default_colors();
	for (int i = 1; i < C__COUNT; i++)
		init_pair((short)i, roles[i].fg, roles[i].bg);
}

void draw_attr(struct tui *t, enum tui_color c, int on)
{
	attr_t a = t->color ? (attr_t)COLOR_PAIR(c) : roles[c].mono;
	if (t->color && (c == C_BREACHED || c == C_WARNING || c == C_HEAD || c == C_STEP_DONE))
		a |= A_BOLD;
	if (on)
		attron(a);
	else
		attroff(a);
}

int draw_text(struct tui *t, int y, int x, int width, const char *s, int pad)
{
	struct strbuf sb;
	(void)t;
	if (width <= 0)
		return 0;
	sb_init(&sb);
	text_fit(&sb, s ? s : "", width, pad);
	mvaddstr(y, x, sb.s ? sb.s : "");
	int used = text_width(sb.s ? sb.s : "");
	sb_free(&sb);
	return used;
}

/* The bytes of text's next line of w columns, broken at a space near its
 * end when more follows (and breaking is allowed). */
static size_t wrap_line(const char *text, int w, int may_break)
{
	size_t len = text_prefix_bytes(text, w);
	if (len && may_break && text[len]) {
		size_t sp = len;
		while (sp > len / 2 && text[sp] != ' ')
			sp--;
		if (text[sp] == ' ')
			len = sp;
	}
	return len;
}

int draw_wrapped(struct tui *t, int y, int x, int w, int n, const char *text)
{
	int i;
	for (i = 0; i < n && *text; i++) {
		size_t len = wrap_line(text, w, i + 1 < n);
		if (len == 0)
			break;
		char *line = xstrndup(text, len);
		/* The last line shows with an ellipsis what does not fit. */
		draw_text(t, y + i, x, w, i + 1 < n ? line : text, 0);
		free(line);
		text += len;
		while (*text == ' ')
			text++;
	}
	return i;
}

void draw_wrap_into(int w, const char *text, struct strlist *out)
{
	if (w <= 0 || !text || !*text) {
		sl_push(out, text && w <= 0 ? text : "");
		return;
	}
	while (*text) {
		size_t len = wrap_line(text, w, 1);
		if (len == 0)
			len = 1; /* a character wider than the column */
		char *line = xstrndup(text, len);
		sl_push(out, line);
		free(line);
		text += len;
		while (*text == ' ')
			text++;
	}
}

int draw_wrapped_lines(int w, const char *text)
{
	int i = 0;
	if (w <= 0 || !text)
		return 1;
	while (*text) {
		size_t len = wrap_line(text, w, 1);
		if (len == 0)
			break;
		i++;
		text += len;
		while (*text == ' ')
			text++;
	}
	return i ? i : 1;
}

void draw_status_overflow(struct tui *t)
{
	if (!t->status[0] || text_width(t->status) <= t->cols)
		return;
	enum tui_color c = t->status_error ? C_ERROR : C_HEAD;
	draw_attr(t, c, 1);
	mvhline(t->rows - 2, 0, ' ', t->cols);
	mvhline(t->rows - 1, 0, ' ', t->cols);
	draw_wrapped(t, t->rows - 2, 0, t->cols, 2, t->status);
	draw_attr(t, c, 0);
}

void draw_hline(struct tui *t, int y, int x, int width)
{
	if (t->utf8)
		mvhline_set(y, x, WACS_HLINE, width);
	else
		mvhline(y, x, '-', width);
}

/* Who is signed in, with their role ("setup mode" before any account). */
static void who(struct tui *t, char *buf, size_t size)
{
	const struct cd_desk *d = t->desk;
	if (!desk_acting(d))
		snprintf(buf, size, "%s", _("not signed in"));
	else if (*desk_role_label(d))
		snprintf(buf, size, "%s · %s", desk_who(d), desk_role_label(d));
	else
		snprintf(buf, size, "%s", desk_who(d));
}

/* A key and its label on the status line at x; returns where the next goes. */
static int draw_key(struct tui *t, int x, const struct tui_key *k)
{
	int need = text_width(k->name) + text_width(_(k->label)) + 3;
	attron(A_REVERSE);
	x += draw_text(t, t->rows - 1, x, need, k->name, 0);
	attroff(A_REVERSE);
	return x + draw_text(t, t->rows - 1, x + 1, need, _(k->label), 0) + 2;
}

void draw_frame(struct tui *t, const char *title)
{
	char right[400], name[360], when[32];
	const struct screen *top = &t->stack[t->depth - 1];
	/* Title bar: what this is, who is signed in, the time. The person
	 * gets at most half the bar; the title what is left. */
	draw_attr(t, C_TITLE, 1);
	mvhline(0, 0, ' ', t->cols);
	who(t, name, sizeof name);
	struct strbuf sb;
	sb_init(&sb);
	text_fit(&sb, name, t->cols / 2 - 10, 0);
	snprintf(right, sizeof right, "%s  %s", sb.s ? sb.s : "",
		 cd_format_short(cd_now(), t->cfg->timezone, when));
	sb_free(&sb);
	int rw = text_width(right);
	draw_text(t, 0, 1, t->cols - rw - 4, title, 0);
	draw_text(t, 0, t->cols - rw - 1, rw, right, 0);
	draw_attr(t, C_TITLE, 0);
	/* Status line: a message, else the keys of this screen. */
	move(t->rows - 1, 0);
	clrtoeol();
	if (t->status[0]) {
		draw_attr(t, t->status_error ? C_ERROR : C_HEAD, 1);
		draw_text(t, t->rows - 1, 0, t->cols, t->status, 1);
		draw_attr(t, t->status_error ? C_ERROR : C_HEAD, 0);
		return;
	}
	/* The keys that fit, in their order; the help key always last, so a
	   line too short for them all still says where the rest are. */
	const struct tui_key *help = NULL;
	for (const struct tui_key *k = top->ops->keys; k && k->key; k++)
		if (k->label && k->action == -1)
			help = k;
	int x = 0, room = t->cols - (help ? text_width(help->name) + text_width(_(help->label)) + 3 : 0);
	for (const struct tui_key *k = top->ops->keys; k && k->key; k++) {
		if (!k->label || k == help)
			continue;
		int need = text_width(k->name) + text_width(_(k->label)) + 3;
		if (x + need > room)
			break;
		x = draw_key(t, x, k);
	}
	if (help)
		draw_key(t, x, help);
}

enum tui_color draw_clock_color(int status)
{
	static const enum tui_color map[] = {C_RUNNING, C_WARNING, C_BREACHED, C_MET, C_PAUSED, C_DIM};
	return status >= 0 && status < 6 ? map[status] : C_NORMAL;
}

void draw_box(struct tui *t, int h, int w, int *y, int *x)
{
	if (w > t->cols - 2)
		w = t->cols - 2;
	if (h > t->rows - 2)
		h = t->rows - 2;
	int top = (t->rows - h) / 2, left = (t->cols - w) / 2;
	for (int r = 0; r < h; r++)
		mvhline(top + r, left, ' ', w);
	if (t->utf8) {
		mvhline_set(top, left, WACS_HLINE, w);
		mvhline_set(top + h - 1, left, WACS_HLINE, w);
		mvvline_set(top, left, WACS_VLINE, h);
		mvvline_set(top, left + w - 1, WACS_VLINE, h);
		mvadd_wch(top, left, WACS_ULCORNER);
		mvadd_wch(top, left + w - 1, WACS_URCORNER);
		mvadd_wch(top + h - 1, left, WACS_LLCORNER);
		mvadd_wch(top + h - 1, left + w - 1, WACS_LRCORNER);
	} else {
		mvhline(top, left, '-', w);
		mvhline(top + h - 1, left, '-', w);
		mvvline(top, left, '|', h);
		mvvline(top, left + w - 1, '|', h);
	}
	*y = top + 1;
	*x = left + 2;
}
