/* The desk's main loop: terminal set-up and restore, signals, resize, the
 * screen stack, polling for other terminals' changes, modal dialogs. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"

#include <ctype.h>
#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#define MIN_ROWS 24
#define MIN_COLS 80

static volatile sig_atomic_t got_signal;
static int curses_on;

/* Bracketed paste: the terminal marks pasted text with these, once asked
 * to (mode 2004), and the desk takes it as text, never as keys. */
#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

static void on_signal(int sig) { got_signal = sig; }

static void restore_terminal(void)
{
	if (curses_on) {
		putp(PASTE_OFF);
		fflush(stdout); /* putp writes through stdio, curses past it */
		endwin();
		curses_on = 0;
	}
}

void tui_say(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_error = 0;
}

void tui_error(struct tui *t, const struct cd_err *err)
{
	snprintf(t->status, sizeof t->status, "%s", err->msg);
	t->status_error = 1;
}

/* A change waiting for another desk's import: said on the status line
 * at once, since the desk does not draw until the change is saved. */
static void waiting(void *ctx, const char *message)
{
	struct tui *t = ctx;
	tui_say(t, "%s", message);
	draw_attr(t, C_HEAD, 1);
	move(t->rows - 1, 0);
	clrtoeol();
	draw_text(t, t->rows - 1, 0, t->cols, t->status, 1);
	draw_attr(t, C_HEAD, 0);
	draw_status_overflow(t);
	refresh();
}

void tui_push(struct tui *t, const struct screen_ops *ops, void *self)
{
	if (t->depth == (int)(sizeof t->stack / sizeof *t->stack)) {
		ops->close(self);
		return;
	}
	t->stack[t->depth].ops = ops;
	t->stack[t->depth].self = self;
	t->depth++;
	if (ops->reload)
		ops->reload(t, self);
}

void tui_pop(struct tui *t)
{
	if (t->depth == 0)
		return;
	t->depth--;
	t->stack[t->depth].ops->close(t->stack[t->depth].self);
	if (t->depth == 0)
		t->quit = 1;
	else if (t->stack[t->depth - 1].ops->reload)
		t->stack[t->depth - 1].ops->reload(t, t->stack[t->depth - 1].self);
}

void tui_restart(struct tui *t)
{
	while (t->depth > 0) {
		t->depth--;
		t->stack[t->depth].ops->close(t->stack[t->depth].self);
	}
	t->locked = 0;
	tui_open_queue(t);
}

void tui_refresh_all(struct tui *t)
{
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->reload)
			t->stack[i].ops->reload(t, t->stack[i].self);
}

int tui_idle_due(int64_t idle_lock, cd_time last_key, cd_time now)
{
	return idle_lock > 0 && now - last_key >= idle_lock;
}

int tui_idle_expired(const struct tui *t)
{
	return !t->locked && tui_can_lock(t->desk) &&
	       tui_idle_due(t->cfg->auth.idle_lock, t->last_key, cd_now());
}

/* Left alone too long: lock. Returns 1 when it locked. */
static int idle_check(struct tui *t)
{
	if (!tui_idle_expired(t))
		return 0;
	tui_lock(t);
	return 1;
}

/* The next character or curses key from the terminal (*is_key set), ERR
 * for none within the timeout. Curses gives the bytes of a character one
 * by one; they are put together here, so that a byte that is not UTF-8 is
 * dropped alone: get_wch went on reading after one until it had 16 bytes,
 * and the keys typed meanwhile (Esc, Enter) were lost with it. */
static int next_input(int *is_key)
{
	static int held = -1; /* a byte that broke off a character: it starts the next */
	unsigned cp = 0;
	int need = 0, len = 0;
	for (;;) {
		int c = held >= 0 ? held : getch();
		held = -1;
		*is_key = 0;
		if (c == ERR)
			return ERR;
		if (c > 0xFF) {
			*is_key = 1;
			return c;
		}
		if (need == 0) {
			if (c < 0x80)
				return c;
			need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
			len = need + 1;
			cp = (unsigned)c & (0x3Fu >> need);
			continue;
		}
		if ((c & 0xC0) != 0x80) {
			held = c;
			need = 0;
			continue;
		}
		cp = cp << 6 | ((unsigned)c & 0x3F);
		if (--need > 0)
			continue;
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			continue; /* overlong, out of range, or a surrogate */
		return (int)cp;
	}
}

/* The next key, 0 for none within the timeout. Keys inside a paste come
 * with t->pasting set. In raw mode Ctrl-C is a key: it quits, as SIGINT
 * did (and still does, sent by kill). */
static int read_key(struct tui *t)
{
	for (;;) {
		int is_key, c = next_input(&is_key);
		if (c == ERR) {
			t->pasting = 0; /* a paste whose end never came */
			return 0;
		}
		if (is_key && c == KEY_PASTE_BEGIN) {
			t->pasting = 1;
			continue;
		}
		if (is_key && c == KEY_PASTE_END) {
			t->pasting = 0;
			return 0; /* draw what was pasted */
		}
		if (is_key)
			return TK(c);
		if (c == CTRL('c') && !t->pasting) {
			got_signal = SIGINT;
			return 0;
		}
		return c;
	}
}

static int too_small(struct tui *t)
{
	if (t->rows >= MIN_ROWS && t->cols >= MIN_COLS)
		return 0;
	erase();
	char msg[128];
	snprintf(msg, sizeof msg, _("The window is too small: %dx%d; cdesk needs %dx%d."), t->cols,
		 t->rows, MIN_COLS, MIN_ROWS);
	int w = text_width(msg);
	draw_text(t, t->rows / 2, w < t->cols ? (t->cols - w) / 2 : 0, t->cols, msg, 0);
	return 1;
}

static void draw_all(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	if (too_small(t))
		return;
	erase();
	curs_set(0);
	struct screen *s = &t->stack[t->depth - 1];
	s->ops->draw(t, s->self);
	draw_status_overflow(t);
}

/* Another terminal committed: reload what is shown. */
static void poll_changes(struct tui *t)
{
	int changed;
	struct cd_err err;
	if (desk_changed(t->desk, &changed, &err))
		tui_error(t, &err); /* the file gone, say: said until it is back */
	else if (changed)
		tui_refresh_all(t);
}

static int global_key(struct tui *t, int key)
{
	if (key == TK(KEY_F(1)) || key == '?') {
		tui_open_help(t, t->stack[t->depth - 1].ops);
		return 1;
	}
	/* The queue's lock key works on every screen that does not take it
	   as text. */
	if (key == 'L' && tui_can_lock(t->desk)) {
		tui_lock(t);
		return 1;
	}
	return 0;
}

static void handle_key(struct tui *t, int key)
{
	struct screen *s = &t->stack[t->depth - 1];
	if (t->pasting) {
		/* Pasted text goes to a text field or nowhere: a q in it must
		   not quit, a line break not confirm. */
		if (s->ops->input)
			s->ops->input(t, s->self, key);
		return;
	}
	t->status[0] = '\0';
	for (const struct tui_key *k = s->ops->keys; k && k->key; k++) {
		if (key == k->key || (k->alt && key == k->alt)) {
			s->ops->act(t, s->self, k->action);
			return;
		}
	}
	if (s->ops->input && s->ops->input(t, s->self, key))
		return;
	global_key(t, key);
}

int tui_run(struct cd_desk *desk, const struct cd_config *cfg)
{
	struct tui t;
	struct sigaction sa;
	memset(&t, 0, sizeof t);
	t.desk = desk;
	t.cfg = cfg;
	t.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	cd_set_fatal_hook(restore_terminal);
	atexit(restore_terminal);

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("cdesk: the desk needs a terminal; in scripts use a command (see cdesk --help)"));
		return CD_EUSAGE;
	}
	if (!initscr())
		return CD_EFAIL;
	curses_on = 1;
	/* Raw, not cbreak: every key is a key. Ctrl-\ would otherwise kill the
	   desk without giving the terminal back, Ctrl-Z stop it, Ctrl-S
	   freeze the screen (and never reach the intake, where it saves). */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	putp(PASTE_ON);
	fflush(stdout);
	set_escdelay(50);
	timeout(500);
	/* Benchmarks send many keys at once and time every redraw, so they can
	 * ask curses not to skip output while keys are waiting. */
	const char *ta = getenv("CDESK_TYPEAHEAD");
	if (ta && strcmp(ta, "off") == 0)
		typeahead(-1);
	draw_init_colors(&t);
	getmaxyx(stdscr, t.rows, t.cols);

	/* PIN mode without a PIN in the environment: the desk asks. */
	if (!desk_acting(desk))
		tui_open_signin(&t);
	else
		tui_open_queue(&t);
	t.last_key = cd_now();
	desk_on_wait(desk, waiting, &t);
	if (desk_created(desk)) {
		char *said = desk_created_words(desk, 0);
		tui_say(&t, "%s", said);
		free(said);
	} else if (desk_config_notice(desk)) {
		tui_say(&t, "%s", desk_config_notice(desk));
	}
	while (!t.quit && !got_signal && t.depth > 0) {
		idle_check(&t);
		/* A paste of 100 KB is as many keys: draw once it is in. */
		if (!t.pasting) {
			draw_all(&t);
			refresh();
		}
		int key = read_key(&t);
		if (got_signal)
			break;
		if (key == 0) {
			poll_changes(&t);
			continue;
		}
		if (key == TK(KEY_RESIZE))
			continue;
		if (idle_check(&t))
			continue; /* the key came after the idle time: it only wakes the lock */
		t.last_key = cd_now();
		if (t.rows < MIN_ROWS || t.cols < MIN_COLS) {
			if (key == 'q' || key == CTRL('c'))
				break;
			continue;
		}
		handle_key(&t, key);
	}
	while (t.depth > 0) {
		t.depth--;
		t.stack[t.depth].ops->close(t.stack[t.depth].self);
	}
	desk_on_wait(desk, NULL, NULL);
	restore_terminal();
	cd_set_fatal_hook(NULL);
	return got_signal == SIGINT || got_signal == 0 ? 0 : 128 + got_signal;
}

/* Modal dialogs ---------------------------------------------------------- */

static int modal_read(struct tui *t)
{
	int k = read_key(t);
	if (k)
		t->last_key = cd_now();
	else if (tui_idle_expired(t))
		return -1;
	return k;
}

int tui_modal_key(struct tui *t)
{
	int k = modal_read(t);
	if (got_signal)
		return -1;
	return t->pasting && k > 0 ? 0 : k; /* a paste is no answer */
}

/* Draw the screen underneath, then the dialog on top. */
static void underneath(struct tui *t)
{
	draw_all(t);
}

int tui_confirm(struct tui *t, const char *question)
{
	for (;;) {
		int y, x, w = text_width(question) + 6;
		underneath(t);
		if (w < 40)
			w = 40;
		draw_box(t, 5, w, &y, &x);
		draw_text(t, y, x, w - 4, question, 0);
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y + 2, x, w - 4, _("y: yes    n / Esc: no"), 0);
		draw_attr(t, C_HEAD, 0);
		refresh();
		int k = tui_modal_key(t);
		if (got_signal || k < 0)
			return 0;
		if (k == 'y' || k == 'Y')
			return 1;
		if (k == 'n' || k == 'N' || k == KEY_ESC || k == 'q')
			return 0;
	}
}

int tui_offer(struct tui *t, const char *question)
{
	for (;;) {
		int y, x, w = text_width(question) + 6;
		underneath(t);
		if (w < 40)
			w = 40;
		if (w > t->cols - 2)
			w = t->cols - 2;
		int lines = text_width(question) > w - 4 ? 2 : 1;
		draw_box(t, 4 + lines, w, &y, &x);
		draw_wrapped(t, y, x, w - 4, lines, question);
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y + lines + 1, x, w - 4, _("Enter / y: yes    n / Esc: later"), 0);
		draw_attr(t, C_HEAD, 0);
		refresh();
		int k = tui_modal_key(t);
		if (got_signal || k < 0)
			return 0;
		if (k == 'y' || k == 'Y' || k == '\r' || k == '\n' || k == TK(KEY_ENTER))
			return 1;
		if (k == 'n' || k == 'N' || k == KEY_ESC || k == 'q')
			return 0;
	}
}

const char *tui_weekday(int32_t day)
{
	static const char *const days[] = {N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
					   N_("Thursday"), N_("Friday"), N_("Saturday")};
	return _(days[cd_weekday(day)]);
}

char *tui_when_text(cd_time when, const char *tz, char *buf, size_t size)
{
	char at[32], left[32];
	int32_t day;
	int sec;
	cd_local(when, tz, &day, &sec);
	cd_format_short(when, tz, at);
	cd_format_span(when - cd_now(), left);
	/* TRANSLATORS: a deadline as understood: when, its weekday, how long from now. */
	snprintf(buf, size, _("%s, %s (%s from now)"), at, tui_weekday(day), left);
	return buf;
}

int tui_confirm_open(struct tui *t, int64_t id, enum cd_step step, const char *extra)
{
	struct cd_open_items o;
	struct cd_err err;
	if (desk_open_items(t->desk, id, step, &o, &err)) {
		tui_error(t, &err);
		return -1;
	}
	if (!o.n && !extra)
		return 0;
	char title[256];
	snprintf(title, sizeof title, _("'%s' would leave open:"), cd_step_label(step));
	int r = -1;
	for (;;) {
		int y, x, w = t->cols - 6, n = (int)o.n + (extra != NULL), lines = 0;
		for (int i = 0; i < n && w > 7; i++) {
			int tw = text_width(i < (int)o.n ? o.v[i].text : extra);
			lines += tw <= w - 6 ? 1 : tw <= 2 * (w - 6) - 6 ? 2 : 3;
		}
		int h = lines + 5 < t->rows - 2 ? lines + 5 : t->rows - 2, line = 1;
		underneath(t);
		draw_box(t, h, w, &y, &x);
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y, x, w - 4, title, 0);
		draw_attr(t, C_HEAD, 0);
		for (int i = 0; i < n && line < h - 4; i++) {
			const char *text = i < (int)o.n ? o.v[i].text : extra;
			draw_text(t, y + line, x, 2, "•", 0);
			line += draw_wrapped(t, y + line, x + 2, w - 6, h - 4 - line, text);
		}
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y + h - 3, x, w - 4, o.blocking ? _("Esc / Enter: back")
				: _("y: yes, all the same    n / Enter / Esc: no"), 0);
		draw_attr(t, C_HEAD, 0);
		refresh();
		int k = tui_modal_key(t);
		if (got_signal || k < 0)
			break;
		if (!o.blocking && (k == 'y' || k == 'Y')) {
			r = 1;
			break;
		}
		if (k == 'n' || k == 'N' || k == KEY_ESC || k == 'q' || k == '\r' || k == '\n' ||
		    k == TK(KEY_ENTER))
			break;
	}
	cd_open_items_free(&o);
	return r;
}

char *tui_prompt(struct tui *t, const char *question, const char *initial)
{
	struct field f;
	field_init(&f, initial, 0, 2000);
	for (;;) {
		int y, x, w = t->cols - 8;
		if (!t->pasting) {
			underneath(t);
			draw_box(t, 6, w, &y, &x);
			draw_text(t, y, x, w - 4, question, 0);
			draw_attr(t, C_DIM, 1);
			draw_text(t, y + 3, x, w - 4, _("Enter: done    Esc: cancel"), 0);
			draw_attr(t, C_DIM, 0);
			attron(A_UNDERLINE);
			field_draw(t, &f, y + 1, x, 1, w - 4, 1);
			attroff(A_UNDERLINE);
			curs_set(1);
			refresh();
		}
		int k = modal_read(t);
		if (t->pasting && k > 0) {
			/* Pasted lines join into one. */
			field_key(&f, k == '\r' || k == '\n' || k == '\t' ? ' ' : k);
			continue;
		}
		if (got_signal || k == KEY_ESC || k < 0) {
			curs_set(0);
			field_free(&f);
			return NULL;
		}
		if (k == '\r' || k == '\n' || k == TK(KEY_ENTER)) {
			curs_set(0);
			char *s = field_text(&f);
			field_free(&f);
			return s;
		}
		field_key(&f, k);
	}
}

/* Does label (or id) hold what was typed? ASCII letters in either case. */
static int matches(const char *label, const char *id, const char *typed)
{
	if (!*typed)
		return 1;
	const char *const v[2] = {label, id};
	for (int k = 0; k < 2; k++) {
		if (!v[k])
			continue;
		for (const char *p = v[k]; *p; p++) {
			size_t i = 0;
			while (typed[i] && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)typed[i]))
				i++;
			if (!typed[i])
				return 1;
		}
	}
	return 0;
}

int tui_key_is_text(int key)
{
	return key >= 0x20 && key < 0x200000 && key != 127 && iswprint((wint_t)key);
}

int tui_choose_typed(struct tui *t, const char *title, const char *const *labels, const char *const *ids,
		     int n, int sel, int first_key)
{
	struct field typed;
	int *shown = xcalloc((size_t)n + 1, sizeof *shown), r = -2;
	field_init(&typed, NULL, 0, 60);
	if (first_key)
		field_key(&typed, first_key);
	if (sel < 0 || sel >= n)
		sel = 0;
	int w = text_width(title) + 6;
	for (int i = 0; i < n; i++)
		if (text_width(labels[i]) + 8 > w)
			w = text_width(labels[i]) + 8;
	if (w < 30)
		w = 30;
	if (w > t->cols - 2)
		w = t->cols - 2;
	while (r == -2) {
		/* The entries holding what was typed, the chosen one among them. */
		char *want = field_text(&typed);
		int m = 0, at = 0;
		for (int i = 0; i < n; i++)
			if (matches(labels[i], ids ? ids[i] : NULL, want)) {
				if (i == sel)
					at = m;
				shown[m++] = i;
			}
		if (m && !matches(labels[sel], ids ? ids[sel] : NULL, want))
			sel = shown[at = 0];
		int y, x, h = n + 5 < t->rows - 2 ? n + 5 : t->rows - 2;
		underneath(t);
		draw_box(t, h, w, &y, &x);
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y, x, w - 4, title, 0);
		draw_attr(t, C_HEAD, 0);
		int rows = h - 4, first = at >= rows ? at - rows + 1 : 0;
		for (int i = 0; i < rows && first + i < m; i++) {
			if (first + i == at)
				draw_attr(t, C_SELECT, 1);
			draw_text(t, y + 1 + i, x, w - 4, labels[shown[first + i]], 1);
			if (first + i == at)
				draw_attr(t, C_SELECT, 0);
		}
		if (!m) {
			draw_attr(t, C_DIM, 1);
			draw_text(t, y + 1, x, w - 4, _("(nothing matches: Backspace widens)"), 0);
			draw_attr(t, C_DIM, 0);
		}
		draw_attr(t, C_DIM, 1);
		int used = draw_text(t, y + h - 3, x, w - 4, *want ? _("Typed: ") : _("Type to narrow the list"), 0);
		draw_attr(t, C_DIM, 0);
		if (*want)
			draw_text(t, y + h - 3, x + used, w - 4 - used, want, 0);
		free(want);
		refresh();
		int k = tui_modal_key(t);
		if (got_signal || k == KEY_ESC || k < 0)
			r = -1;
		else if (k == TK(KEY_UP) && m)
			sel = shown[at > 0 ? at - 1 : m - 1];
		else if (k == TK(KEY_DOWN) && m)
			sel = shown[at + 1 < m ? at + 1 : 0];
		else if ((k == '\r' || k == '\n' || k == TK(KEY_ENTER)) && m)
			r = sel;
		else if (tui_key_is_text(k) || k == TK(KEY_BACKSPACE) || k == 127 || k == CTRL('h'))
			field_key(&typed, k == CTRL('h') ? 127 : k);
	}
	field_free(&typed);
	free(shown);
	return r;
}

int tui_choose(struct tui *t, const char *title, const char *const *labels, int n, int sel)
{
	return tui_choose_typed(t, title, labels, NULL, n, sel, 0);
}
