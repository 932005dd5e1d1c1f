/* The full-screen desk. A stack of screens, each one file with an ops
 * table; keys are data (struct tui_key), so the status line and the help
 * screen are generated from the same table the input loop uses. */
#ifndef CDESK_TUI_H
#define CDESK_TUI_H

#include <wchar.h>
#include "cdesk/desk.h"

/* Keys: characters are their code point; curses key codes are offset. */
#define TK(k) ((k) + 0x200000)
#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

struct tui;

struct tui_key {
	int key;              /* first key */
	int alt;              /* a second key for the same action, or 0 */
	const char *name;     /* how the key is written: "Enter", "n" */
	const char *label;    /* short label for the status line (N_), NULL: help only */
	const char *help;     /* what it does, for the help screen (N_) */
	int action;           /* passed to the screen's act() */
};

struct screen_ops {
	const char *name;
	/* Called when the screen comes on top, and when data changed. */
	void (*reload)(struct tui *t, void *self);
	void (*draw)(struct tui *t, void *self);
	/* A key not in keys[]: text entry. Return 1 when used. */
	int (*input)(struct tui *t, void *self, int key);
	/* An action from keys[]. */
	void (*act)(struct tui *t, void *self, int action);
	void (*close)(void *self);
	const struct tui_key *keys; /* terminated by key 0 */
};

struct screen {
	const struct screen_ops *ops;
	void *self;
};

struct tui {
	struct cd_desk *desk;
	const struct cd_config *cfg;
	int rows, cols;
	int utf8;            /* draw Unicode lines and marks */
	int color;
	struct screen stack[16];
	int depth;
	char status[1100];   /* message for the status line */
	int status_error;
	int quit;
	cd_time last_key;    /* when a key was last pressed: the idle lock */
	int locked;          /* the lock screen is up */
	int pasting;         /* the keys come from a paste: text, not commands */
};

/* Screens. Each open_* pushes a screen on the stack. */
void tui_open_queue(struct tui *t);
void tui_open_detail(struct tui *t, int64_t id);
/* The intake wizard: id 0 starts a new complaint, otherwise resumes it at
 * the step its state calls for. Returns 0, having said so, when a closed
 * or withdrawn complaint has no step to take. */
int tui_open_intake(struct tui *t, int64_t id);
void tui_open_followups(struct tui *t);
/* My messages: to the signed-in person (and about their sites). */
void tui_open_messages(struct tui *t);
void tui_open_help(struct tui *t, const struct screen_ops *of);
/* The monthly analysis, opening on last month. */
void tui_open_analysis(struct tui *t);
/* A list of the complaints ids[0..n) under a title; takes ids. */
void tui_open_drill(struct tui *t, const char *title, int64_t *ids, size_t n);
/* Long text read whole, wrapped to the screen and scrolled. */
void tui_open_text(struct tui *t, const char *title, const char *text);
/* Sign-in by name and PIN, before anything else is shown. */
void tui_open_signin(struct tui *t);

/* Locking (screen_signin.c). May the desk lock: someone signed in by PIN? */
int tui_can_lock(const struct cd_desk *d);
/* Lock now: a screen over everything until the PIN is given again or
 * someone else signs in. */
void tui_lock(struct tui *t);
/* Has the desk been left idle_lock seconds (0: never) since the last key? */
int tui_idle_due(int64_t idle_lock, cd_time last_key, cd_time now);
/* tui_idle_due for this desk now (and it can lock): modal dialogs give up
 * so the main loop can lock. */
int tui_idle_expired(const struct tui *t);
/* Close every screen and open a fresh queue (after a sign-in). */
void tui_restart(struct tui *t);

/* Approvals (approve.c). The remedy awaiting approval on c, described for
 * the person looking at it; returns 0 when nothing awaits. */
int tui_pending_text(struct tui *t, const struct cd_complaint *c, char *buf, size_t size);
/* Approve (1) or refuse (0) the remedy awaiting approval on c, asking
 * first (and for the reason of a refusal). Returns 1 when the desk changed. */
int tui_decide(struct tui *t, const struct cd_complaint *c, int approve);
/* After a remedy was saved on complaint id: when it awaits approval, say
 * so on the status line, and whose. Returns 1 when it does. */
int tui_say_awaiting(struct tui *t, int64_t id);

void tui_push(struct tui *t, const struct screen_ops *ops, void *self);
void tui_pop(struct tui *t);
/* Ask every screen on the stack to reload its data. */
void tui_refresh_all(struct tui *t);

/* Status line messages (printf-style, already translated format). */
void tui_say(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct tui *t, const struct cd_err *err);

/* Run the desk until the user quits. Returns an exit status. */
int tui_run(struct cd_desk *desk, const struct cd_config *cfg);

/* Modal prompts, drawn over the current screen; they run their own key
 * loop, and give up (as on Esc) when the desk has been idle long enough to
 * lock. */
/* A key for a modal loop: 0 for none yet (or a pasted one: a paste is no
 * answer), -1 when the desk should lock or quit. */
int tui_modal_key(struct tui *t);
/* Yes/no question; returns 1 for yes. */
int tui_confirm(struct tui *t, const char *question);
/* The next thing to do, offered: Enter (or y) takes it, n or Esc leaves
 * it for later. Returns 1 when taken. */
int tui_offer(struct tui *t, const char *question);
/* Before a step that ends the handling (resolve, close, withdraw) of
 * complaint id: when something is still open (desk_open_items, and extra
 * when not NULL: what the same screen is about to add), list it and ask,
 * No by default. Returns 0 when nothing is open, 1 when the person said to
 * go on all the same (set the action's anyway), -1 when not to (or a
 * remedy awaits approval, when it cannot be done at all). */
int tui_confirm_open(struct tui *t, int64_t id, enum cd_step step, const char *extra);
/* A deadline as understood, for the person to check before it is saved:
 * "2026-11-04 17:00, Wednesday (6h 40m from now)". Returns buf. */
char *tui_when_text(cd_time when, const char *tz, char *buf, size_t size);
/* The name of the weekday of a day number. */
const char *tui_weekday(int32_t day);
/* One line of text; returns a malloc'ed UTF-8 string, or NULL on Esc. */
char *tui_prompt(struct tui *t, const char *question, const char *initial);
/* Pick one of n labels; returns the index, or -1 on Esc. Typing narrows
 * the list to the labels holding what was typed (Chinese too; Backspace
 * widens it again), ↑/↓ move, Enter takes the one marked. */
int tui_choose(struct tui *t, const char *title, const char *const *labels, int n, int sel);
/* The same, matching the ids too (ids may be NULL, or hold NULLs), with
 * first_key (0: none) already typed: a key typed on a choice field. */
int tui_choose_typed(struct tui *t, const char *title, const char *const *labels, const char *const *ids,
		     int n, int sel, int first_key);
/* A key that types a character (not a command key). */
int tui_key_is_text(int key);

/* Drawing (draw.c): all text measured by display width. */
enum tui_color { C_NORMAL, C_TITLE, C_HEAD, C_SELECT, C_RUNNING, C_WARNING, C_BREACHED,
		 C_MET, C_PAUSED, C_DIM, C_ERROR, C_STEP, C_STEP_DONE, C__COUNT };
void draw_init_colors(struct tui *t);
void draw_attr(struct tui *t, enum tui_color c, int on);
/* Text at (y, x), cut to width columns (padded when pad). Returns columns used. */
int draw_text(struct tui *t, int y, int x, int width, const char *s, int pad);
/* text over at most n lines of width columns, broken at spaces where it
 * can be (the last line cut with an ellipsis). Returns the lines used. */
int draw_wrapped(struct tui *t, int y, int x, int width, int n, const char *text);
/* The lines draw_wrapped takes for the whole of text (at least 1). */
int draw_wrapped_lines(int width, const char *text);
/* text broken into lines of width columns as draw_wrapped breaks it,
 * each pushed on out. */
struct strlist;
void draw_wrap_into(int width, const char *text, struct strlist *out);
/* A status message too long for its line takes the line above too (drawn
 * after the screen, over its bottom rule). */
void draw_status_overflow(struct tui *t);
/* A horizontal rule. */
void draw_hline(struct tui *t, int y, int x, int width);
/* The title bar and the status line with the keys of the top screen. */
void draw_frame(struct tui *t, const char *title);
/* A clock's status colour. */
enum tui_color draw_clock_color(int status);
/* A centred box for dialogs; returns its inner top-left and size. */
void draw_box(struct tui *t, int h, int w, int *y, int *x);

/* Text fields (field.c): wide-character line and area editing. */
struct field {
	wchar_t *buf;
	size_t len, cap, cur;
	int multiline;
	int secret;          /* shown as '*', wiped when freed (a PIN) */
	size_t max;          /* characters */
};
void field_init(struct field *f, const char *utf8, int multiline, size_t max);
void field_free(struct field *f);
/* A one-line field for a secret: echoed as '*', its memory wiped. */
void field_init_secret(struct field *f, size_t max);
void field_set(struct field *f, const char *utf8);
/* Handle an editing key; returns 1 when used. */
int field_key(struct field *f, int key);
/* The text as malloc'ed UTF-8. */
char *field_text(const struct field *f);
/* Draw in a box of h rows and w columns; places the cursor when focused. */
void field_draw(struct tui *t, const struct field *f, int y, int x, int h, int w, int focused);

#endif
