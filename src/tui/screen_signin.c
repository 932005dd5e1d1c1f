/* Signing in, and the lock: one form of name and PIN. At the start (PIN
 * mode, nobody signed in yet) it signs someone in. Over a locked desk it
 * hides everything and asks the signed-in person's PIN again; or someone
 * else signs in (F2), and starts from a fresh queue so they never see the
 * screens the other person left open. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define PIN_MAX 64

struct signin {
	int lock;            /* over a locked desk */
	int switching;       /* lock: someone else signs in */
	struct field name, pin;
	int focus;           /* 0 the name, 1 the PIN */
	char msg[1100];       /* why the last attempt failed */
};

enum { S_GO, S_NEXT, S_SWITCH, S_QUIT };

static const struct tui_key signin_keys[] = {
	{'\r', TK(KEY_ENTER), "Enter", N_("Sign in"), N_("sign in with the name and PIN (on the name: go to the PIN)"), S_GO},
	{'\t', TK(KEY_DOWN), "Tab", N_("Next field"), N_("the other field (also ↑ and ↓)"), S_NEXT},
	{TK(KEY_UP), TK(KEY_BTAB), "↑", NULL, N_("the other field"), S_NEXT},
	{KEY_ESC, 0, "Esc", N_("Quit"), N_("leave the desk"), S_QUIT},
	{TK(KEY_F(1)), 0, "F1", N_("Help"), N_("this help"), -1},
	{0},
};

static const struct tui_key lock_keys[] = {
	{'\r', TK(KEY_ENTER), "Enter", N_("Unlock"), N_("unlock with your PIN (after F2: sign in)"), S_GO},
	{TK(KEY_F(2)), 0, "F2", N_("Switch user"), N_("someone else signs in, and starts from a fresh queue"), S_SWITCH},
	{'\t', TK(KEY_DOWN), "Tab", NULL, N_("the other field (also ↑ and ↓)"), S_NEXT},
	{TK(KEY_UP), TK(KEY_BTAB), "↑", NULL, N_("the other field"), S_NEXT},
	{KEY_ESC, 0, "Esc", N_("Quit"), N_("leave the desk (after F2: back to unlocking)"), S_QUIT},
	{TK(KEY_F(1)), 0, "F1", N_("Help"), N_("this help"), -1},
	{0},
};

int tui_can_lock(const struct cd_desk *d)
{
	return desk_user(d) && desk_role(d) && desk_config(d)->auth.mode == AUTH_PIN;
}

/* A PIN as text, wiped before it is freed. */
static void free_secret(char *s)
{
	if (!s)
		return;
	volatile char *p = s;
	while (*p)
		*p++ = 0;
	free(s);
}

static void clear_pin(struct signin *s)
{
	field_free(&s->pin);
	field_init_secret(&s->pin, PIN_MAX);
}

/* ------------------------------------------------------------------ drawing */

/* The words above the fields: what this is and what to do. */
static void draw_heading(struct tui *t, const struct signin *s, int y, int x, int w)
{
	char buf[512];
	const struct cd_desk *d = t->desk;
	draw_attr(t, C_HEAD, 1);
	draw_text(t, y, x, w, !s->lock ? _("Sign in to the complaint desk")
				       : s->switching ? _("Switch user") : _("The desk is locked"), 0);
	draw_attr(t, C_HEAD, 0);
	if (!s->lock)
		snprintf(buf, sizeof buf, "%s", _("Give your name and PIN."));
	else if (s->switching)
		snprintf(buf, sizeof buf, _("Sign in with your name and PIN; the screens %s left open are closed."),
			 desk_who(d));
	else
		snprintf(buf, sizeof buf, _("Locked by %s (%s). Give the PIN to unlock; someone else: F2."),
			 desk_who(d), desk_role_label(d));
	draw_wrapped(t, y + 1, x, w, 2, buf);
}

#define LABEL_W 10

static int asks_name(const struct signin *s) { return !s->lock || s->switching; }

static void draw_field(struct tui *t, const struct field *f, int y, int x, int w, const char *label,
		       int focused)
{
	draw_text(t, y, x, LABEL_W, label, 1);
	attron(A_UNDERLINE);
	field_draw(t, f, y, x + LABEL_W + 1, 1, w - LABEL_W - 1, focused);
	attroff(A_UNDERLINE);
}

static void draw_signin(struct tui *t, void *self)
{
	struct signin *s = self;
	int y, x, w = t->cols - 8;
	if (w > 72)
		w = 72;
	draw_frame(t, s->lock ? _("cdesk — locked") : _("cdesk — sign in"));
	draw_box(t, 10, w, &y, &x);
	w -= 4;
	draw_heading(t, s, y, x, w);
	int fw = w > 48 ? 48 : w;
	if (asks_name(s))
		draw_field(t, &s->name, y + 4, x, fw, _("Name"), 0);
	draw_field(t, &s->pin, y + 5, x, fw, _("PIN"), 0);
	if (s->msg[0]) {
		draw_attr(t, C_ERROR, 1);
		draw_wrapped(t, y + 6, x, w, 2, s->msg);
		draw_attr(t, C_ERROR, 0);
	}
	/* Last, so the cursor stays in the field being typed in. */
	if (s->focus == 0 && asks_name(s))
		draw_field(t, &s->name, y + 4, x, fw, _("Name"), 1);
	else
		draw_field(t, &s->pin, y + 5, x, fw, _("PIN"), 1);
	curs_set(1);
}

/* ------------------------------------------------------------------ actions */

/* Signed in (or unlocked): on to the queue. Frees s. */
static void done(struct tui *t, int unlocked)
{
	if (unlocked) {
		t->locked = 0;
		tui_say(t, _("Unlocked. Welcome back, %s."), desk_who(t->desk));
		tui_pop(t);
		return;
	}
	tui_restart(t);
	tui_say(t, _("Signed in as %s (%s)."), desk_who(t->desk), desk_role_label(t->desk));
}

static void go(struct tui *t, struct signin *s)
{
	struct cd_err err;
	char *name = field_text(&s->name), *pin = field_text(&s->pin);
	int r = -1, same = s->lock && (!s->switching || (desk_user(t->desk) && strcmp(name, desk_user(t->desk)->name) == 0));
	s->msg[0] = '\0';
	if (asks_name(s) && !*name) {
		snprintf(s->msg, sizeof s->msg, "%s", _("Type your name first."));
		s->focus = 0;
	} else if (!*pin) {
		/* Enter on the name goes on to the PIN; an empty PIN is not tried. */
		if (s->focus == 1)
			snprintf(s->msg, sizeof s->msg, "%s", _("Type your PIN."));
		s->focus = 1;
	} else {
		r = same ? desk_unlock(t->desk, pin, &err) : desk_signin_pin(t->desk, name, pin, "tui", &err);
		if (r)
			snprintf(s->msg, sizeof s->msg, "%s", err.msg);
		clear_pin(s);
		s->focus = 1;
	}
	free(name);
	free_secret(pin);
	if (!r)
		done(t, same);
}

static void set_switching(struct signin *s, int on, const struct cd_desk *d)
{
	s->switching = on;
	s->msg[0] = '\0';
	field_set(&s->name, on || !desk_user(d) ? "" : desk_user(d)->name);
	clear_pin(s);
	s->focus = on ? 0 : 1;
}

static void act_signin(struct tui *t, void *self, int action)
{
	struct signin *s = self;
	switch (action) {
	case S_GO:
		go(t, s);
		return;
	case S_NEXT:
		if (asks_name(s))
			s->focus = !s->focus;
		return;
	case S_SWITCH:
		set_switching(s, !s->switching, t->desk);
		return;
	case S_QUIT:
		if (s->lock && s->switching)
			set_switching(s, 0, t->desk);
		else if (!s->lock || tui_confirm(t, _("Leave the desk? What was typed and not saved is lost.")))
			t->quit = 1;
		return;
	default:
		tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static int input_signin(struct tui *t, void *self, int key)
{
	struct signin *s = self;
	(void)t;
	return field_key(s->focus == 0 ? &s->name : &s->pin, key);
}

static void close_signin(void *self)
{
	struct signin *s = self;
	field_free(&s->name);
	field_free(&s->pin);
	free(s);
}

static const struct screen_ops signin_ops = {
	"signin", NULL, draw_signin, input_signin, act_signin, close_signin, signin_keys,
};

static const struct screen_ops lock_ops = {
	"lock", NULL, draw_signin, input_signin, act_signin, close_signin, lock_keys,
};

/* The name to offer: the one given (--as, $CDESK_USER), not the login. */
static char *offered_name(const struct cd_desk *d)
{
	char *login = desk_system_login();
	int given = strcmp(desk_actor(d), login) != 0;
	free(login);
	return xstrdup(given ? desk_actor(d) : "");
}

void tui_open_signin(struct tui *t)
{
	struct signin *s = xcalloc(1, sizeof *s);
	char *name = offered_name(t->desk);
	field_init(&s->name, name, 0, 100);
	field_init_secret(&s->pin, PIN_MAX);
	s->focus = *name ? 1 : 0;
	free(name);
	tui_push(t, &signin_ops, s);
}

void tui_lock(struct tui *t)
{
	int max = (int)(sizeof t->stack / sizeof *t->stack);
	if (t->locked || !tui_can_lock(t->desk))
		return;
	if (t->depth == max) { /* room for the lock: the top screen goes */
		t->depth--;
		t->stack[t->depth].ops->close(t->stack[t->depth].self);
	}
	struct signin *s = xcalloc(1, sizeof *s);
	s->lock = 1;
	s->focus = 1;
	field_init(&s->name, desk_user(t->desk) ? desk_user(t->desk)->name : NULL, 0, 100);
	field_init_secret(&s->pin, PIN_MAX);
	t->locked = 1;
	t->status[0] = '\0';
	tui_push(t, &lock_ops, s);
}
