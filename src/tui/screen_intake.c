/* The intake wizard: Listen › Apologize › Record › Resolve › Follow up.
 * Each page is a small form; confirming a page saves its step at once, so
 * a customer who walks away mid-intake loses nothing, and the complaint
 * resumes at the step its state calls for. */
#define _GNU_SOURCE
#include "tui.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"
#include "cdesk/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

enum page { P_LISTEN, P_APOLOGIZE, P_RECORD, P_RESOLVE, P_FOLLOWUP, P__COUNT };
static const char *const page_names[P__COUNT] = {N_("Listen"), N_("Apologize"), N_("Record"),
						 N_("Resolve"), N_("Follow up")};
static const char *const page_steps[P__COUNT] = {"listen", "apologize", "record", "resolve", "follow_up"};

enum ftype { FT_TEXT, FT_AREA, FT_CHOICE, FT_CHECK };

struct ffield {
	enum ftype type;
	const char *name;        /* what it fills: a complaint field or a page item */
	const char *label;       /* N_ */
	struct field text;
	const char *ids[40];     /* choices; ids[0] may be NULL for "none" */
	const char *labels[40];
	int n, sel;
	int checked;
	int rows;
};

struct intake {
	int64_t id;
	enum page page;
	struct cd_complaint c;
	int loaded;
	struct ffield f[16];
	int nf, focus;
	int dirty;
	int remedy_saved;        /* the page gave a remedy: it may await approval */
	int anyway;              /* resolve or close with things still open: the person said so */
};

enum { I_BACK, I_NEXT, I_PREV, I_CONFIRM };

static const struct tui_key keys[] = {
	{TK(KEY_F(10)), CTRL('s'), "F10", N_("Confirm step"), N_("confirm this step: it is saved at once (also Ctrl-S)"), I_CONFIRM},
	{'\t', TK(KEY_DOWN), "Tab", N_("Next field"), N_("next field (also ↓)"), I_NEXT},
	{TK(KEY_BTAB), TK(KEY_UP), "S-Tab", NULL, N_("previous field (also ↑)"), I_PREV},
	{KEY_ESC, 0, "Esc", N_("Leave"), N_("leave the wizard; confirmed steps are kept and can be resumed from the list"), I_BACK},
	{TK(KEY_F(1)), 0, "F1", N_("Help"), N_("this help; in choices ←/→ or Space change the value, typing opens the list narrowed to what was typed, a score takes its digit; in tick boxes Space ticks"), -1},
	{0},
};

/* Form building ------------------------------------------------------------ */

static struct ffield *add(struct intake *in, enum ftype type, const char *name, const char *label)
{
	struct ffield *f = &in->f[in->nf++];
	memset(f, 0, sizeof *f);
	f->type = type;
	f->name = name;
	f->label = label;
	if (type == FT_TEXT || type == FT_AREA)
		field_init(&f->text, NULL, type == FT_AREA, type == FT_AREA ? 5000 : 200);
	f->rows = type == FT_AREA ? 4 : 1;
	return f;
}

static struct ffield *text(struct intake *in, const char *name, const char *label, const char *value)
{
	struct ffield *f = add(in, FT_TEXT, name, label);
	field_set(&f->text, value);
	return f;
}

static struct ffield *area(struct intake *in, const char *name, const char *label, const char *value, int rows)
{
	struct ffield *f = add(in, FT_AREA, name, label);
	field_set(&f->text, value);
	f->rows = rows;
	return f;
}

static struct ffield *check(struct intake *in, const char *name, const char *label, int on)
{
	struct ffield *f = add(in, FT_CHECK, name, label);
	f->checked = on;
	return f;
}

/* A choice from a config list; with none set, the first choice is "—". */
static struct ffield *choice(struct intake *in, const char *name, const char *label,
			     const struct cd_list *l, const char *current, int none)
{
	struct ffield *f = add(in, FT_CHOICE, name, label);
	if (none) {
		f->ids[f->n] = NULL;
		f->labels[f->n++] = "—";
	}
	for (size_t i = 0; i < l->n && f->n < 40; i++) {
		f->ids[f->n] = l->v[i].id;
		f->labels[f->n] = cd_label_text(&l->v[i].name, l->v[i].id);
		if (current && strcmp(current, l->v[i].id) == 0)
			f->sel = f->n;
		f->n++;
	}
	return f;
}

/* A choice from a fixed vocabulary (needs, behaviours, cause sides). */
static struct ffield *vocab(struct intake *in, const char *name, const char *label,
			    const char *const *ids, const char *current)
{
	struct ffield *f = add(in, FT_CHOICE, name, label);
	f->ids[f->n] = NULL;
	f->labels[f->n++] = "—";
	for (size_t i = 0; ids[i] && f->n < 40; i++) {
		f->ids[f->n] = ids[i];
		f->labels[f->n] = cd_vocab_label(ids[i]);
		if (current && strcmp(current, ids[i]) == 0)
			f->sel = f->n;
		f->n++;
	}
	return f;
}

/* A 1-5 answer; it starts unanswered: the customer's word, not a default. */
static struct ffield *score(struct intake *in, const char *name, const char *label)
{
	static const char *const v[] = {"1", "2", "3", "4", "5"};
	struct ffield *f = add(in, FT_CHOICE, name, label);
	f->ids[0] = NULL;
	f->labels[0] = "—";
	for (int i = 0; i < 5; i++) {
		f->ids[i + 1] = v[i];
		f->labels[i + 1] = v[i];
	}
	f->n = 6;
	return f;
}

static struct ffield *yes_no(struct intake *in, const char *name, const char *label)
{
	struct ffield *f = add(in, FT_CHOICE, name, label);
	f->ids[0] = NULL;
	f->labels[0] = "—";
	f->ids[1] = "yes";
	f->labels[1] = _("yes");
	f->ids[2] = "no";
	f->labels[2] = _("no");
	f->n = 3;
	return f;
}

/* Roles above the one the complaint is already with: referring is upward. */
static struct ffield *refer_to(struct intake *in, const struct cd_config *cfg, const char *current)
{
	struct ffield *f = add(in, FT_CHOICE, "refer", N_("Refer up to"));
	const struct cd_item *now_at = cd_list_find(&cfg->roles, current);
	int lowest = cfg->roles.n ? cfg->roles.v[0].level : 0;
	for (size_t i = 1; i < cfg->roles.n; i++)
		if (cfg->roles.v[i].level < lowest)
			lowest = cfg->roles.v[i].level;
	f->ids[0] = NULL;
	f->labels[0] = "—";
	f->n = 1;
	for (size_t i = 0; i < cfg->roles.n && f->n < 40; i++) {
		const struct cd_item *r = &cfg->roles.v[i];
		if (r->level <= lowest || (now_at && r->level <= now_at->level))
			continue;
		f->ids[f->n] = r->id;
		f->labels[f->n++] = cd_label_text(&r->name, r->id);
	}
	return f;
}

static struct ffield *get(struct intake *in, const char *name)
{
	for (int i = 0; i < in->nf; i++)
		if (strcmp(in->f[i].name, name) == 0)
			return &in->f[i];
	return NULL;
}

/* The value of a field: malloc'ed text for text fields, the id for choices. */
static char *value(struct intake *in, const char *name)
{
	struct ffield *f = get(in, name);
	if (!f)
		return NULL;
	if (f->type == FT_CHOICE)
		return f->ids[f->sel] ? xstrdup(f->ids[f->sel]) : NULL;
	char *s = field_text(&f->text);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static void clear_form(struct intake *in)
{
	for (int i = 0; i < in->nf; i++)
		if (in->f[i].type == FT_TEXT || in->f[i].type == FT_AREA)
			field_free(&in->f[i].text);
	in->nf = in->focus = 0;
	in->dirty = 0;
}

static const char *const listen_checks[] = {
	N_("I let the customer finish without interrupting"),
	N_("I did not argue"),
	N_("An upset customer was taken away from other customers"),
};

static void build(struct tui *t, struct intake *in)
{
	const struct cd_config *cfg = t->cfg;
	const struct cd_complaint *c = in->loaded ? &in->c : NULL;
	clear_form(in);
	switch (in->page) {
	case P_LISTEN:
		choice(in, "channel", N_("Channel"), &cfg->channels, c ? c->channel : "walk_in", 0);
		choice(in, "site", N_("Site"), &cfg->sites, c ? c->site : cfg->default_site, 0);
		area(in, "description", N_("What the customer says"), c ? c->description : NULL, 5);
		vocab(in, "need", N_("Customer seeks"), cd_needs, c ? c->need : NULL);
		vocab(in, "behaviour", N_("Customer behaves"), cd_behaviours, c ? c->behaviour : NULL);
		check(in, "finish", listen_checks[0], 0);
		check(in, "argue", listen_checks[1], 0);
		check(in, "away", listen_checks[2], 0);
		/* A new complaint: channel and site have their defaults, what
		   the customer says is the first thing to write. */
		if (!c)
			in->focus = 2;
		break;
	case P_APOLOGIZE:
		check(in, "apology", N_("I apologized and thanked the customer for telling us"), 0);
		break;
	case P_RECORD:
		choice(in, "category", N_("Category"), &cfg->categories, c ? c->category : NULL, 0);
		text(in, "customer", N_("Customer name"), c ? c->customer : NULL);
		text(in, "phone", N_("Phone"), c ? c->phone : NULL);
		text(in, "plate", N_("Plate"), c ? c->plate : NULL);
		text(in, "reference", N_("Receipt / order"), c ? c->reference : NULL);
		area(in, "description", N_("What happened"), c ? c->description : NULL, 3);
		text(in, "request", N_("Asks for"), c ? c->request : NULL);
		choice(in, "severity", N_("Severity"), &cfg->severities, c ? c->severity : "normal", 0);
		break;
	case P_RESOLVE:
		choice(in, "remedy", N_("Remedy"), &cfg->remedies, NULL, 1);
		text(in, "amount", N_("Amount (yuan)"), NULL);
		check(in, "agreed", N_("The customer agreed to the remedy"), 0);
		text(in, "promise", N_("Promise made"), NULL);
		text(in, "promise_due", N_("Promise due"), NULL);
		refer_to(in, cfg, c ? c->esc_role : NULL);
		text(in, "note", N_("Note"), NULL);
		check(in, "resolved", N_("Resolved: the customer accepts the outcome"), 0);
		break;
	case P_FOLLOWUP:
		score(in, "outcome", N_("Outcome fair (1-5)"));
		score(in, "procedure", N_("Procedure fair (1-5)"));
		score(in, "treatment", N_("Treated well (1-5)"));
		yes_no(in, "satisfied", N_("Satisfied overall"));
		text(in, "comment", N_("Comment"), NULL);
		vocab(in, "side", N_("Root cause side"), cd_cause_sides, NULL);
		text(in, "cause", N_("Root cause"), NULL);
		text(in, "measure", N_("Preventive measure"), NULL);
		check(in, "close", N_("Close the complaint now"), 0);
		break;
	default:
		break;
	}
}

/* Loading and the page a complaint resumes at ------------------------------- */

static int load(struct tui *t, struct intake *in)
{
	struct cd_err err;
	if (in->loaded) {
		cd_complaint_free(&in->c);
		in->loaded = 0;
	}
	if (!in->id)
		return 0;
	/* Another site's complaint is refused. */
	if (desk_get(t->desk, in->id, DESK_OPENED, &in->c, NULL, &err)) {
		tui_error(t, &err);
		return -1;
	}
	in->loaded = 1;
	return 0;
}

static int page_for(enum cd_state s)
{
	switch (s) {
	case ST_RECEIVED: return P_LISTEN;
	case ST_LISTENED: return P_APOLOGIZE;
	case ST_APOLOGIZED: return P_RECORD;
	case ST_RECORDED:
	case ST_RESOLVING:
	case ST_REOPENED: return P_RESOLVE;
	case ST_RESOLVED: return P_FOLLOWUP;
	default: return -1;
	}
}

/* Saving a page -------------------------------------------------------------- */

static int act(struct tui *t, struct intake *in, struct cd_action *a)
{
	struct cd_err err;
	if (desk_act(t->desk, in->id, a, &err)) {
		tui_error(t, &err);
		return -1;
	}
	return 0;
}

static int step(struct tui *t, struct intake *in, enum cd_step s, const char *note)
{
	struct cd_action a;
	cd_action_init(&a, ACT_STEP);
	a.step = s;
	a.note = note;
	a.anyway = in->anyway;
	return act(t, in, &a);
}

/* Put the form's complaint fields into c (strings malloc'ed). */
static void form_fields(struct intake *in, struct cd_complaint *c)
{
	cd_complaint_init(c);
	for (size_t i = 0; i < cd_nfields; i++)
		if (get(in, cd_fields[i].name))
			*cd_field_ptr(c, &cd_fields[i]) = value(in, cd_fields[i].name);
}

/* Change what the form changed on an existing complaint. */
static int save_fields(struct tui *t, struct intake *in)
{
	struct cd_complaint fields;
	struct cd_action a;
	int changed = 0;
	form_fields(in, &fields);
	for (size_t i = 0; i < cd_nfields; i++) {
		char **p = cd_field_ptr(&fields, &cd_fields[i]);
		const char *old = *cd_field_ptr(&in->c, &cd_fields[i]);
		if (!get(in, cd_fields[i].name))
			continue;
		if (!*p)
			*p = xstrdup(""); /* a field emptied on the form */
		if (strcmp(*p, old ? old : "") != 0)
			changed = 1;
		else {
			free(*p);
			*p = NULL;
		}
	}
	int r = 0;
	if (changed) {
		cd_action_init(&a, ACT_UPDATE);
		a.fields = &fields;
		r = act(t, in, &a);
	}
	cd_complaint_free(&fields);
	return r;
}

static int confirm_listen(struct tui *t, struct intake *in)
{
	struct cd_err err;
	char *desc = value(in, "description");
	int ok = desc != NULL;
	free(desc);
	if (!ok) {
		tui_say(t, _("Write down what the customer says first."));
		return -1;
	}
	if (!get(in, "finish")->checked || !get(in, "argue")->checked) {
		tui_say(t, _("Tick that you let the customer finish and did not argue."));
		return -1;
	}
	if (in->id)
		return save_fields(t, in) || step(t, in, STEP_LISTEN, NULL);
	struct cd_complaint c;
	form_fields(in, &c);
	c.received_at = CD_TIME_NONE;
	if (desk_new(t->desk, &c, 0, NULL, &err)) {
		cd_complaint_free(&c);
		tui_error(t, &err);
		return -1;
	}
	in->id = c.id;
	const struct cd_item *ch = cd_list_find(&t->cfg->channels, c.channel);
	cd_complaint_free(&c);
	if (ch && ch->in_person) {
		/* At the counter the intake itself is the contact. */
		struct cd_action a;
		cd_action_init(&a, ACT_CONTACT);
		a.how = "in_person";
		if (act(t, in, &a))
			return -1;
	}
	return step(t, in, STEP_LISTEN, NULL);
}

/* The record read back to the customer before it is confirmed: every
 * field of the page, the long ones wrapped over what the screen has. */
static int read_back(struct tui *t, struct intake *in)
{
	static const char *const show[] = {"customer", "phone", "plate", "reference", "category",
					   "severity", "description", "request"};
	enum { N = sizeof show / sizeof *show };
	for (;;) {
		const char *shown[N];
		char *v[N];
		int lines[N], total = 0, w = t->cols - 6, lw = 16;
		const int vw = w - 4 - lw - 1;
		for (int i = 0; i < N; i++) {
			struct ffield *f = get(in, show[i]);
			v[i] = value(in, show[i]);
			shown[i] = f && f->type == FT_CHOICE ? f->labels[f->sel] : v[i] ? v[i] : "—";
			lines[i] = draw_wrapped_lines(vw, shown[i]);
			total += lines[i];
		}
		/* Too long for the screen: the description gives way first. */
		int room = t->rows - 2 - 5;
		for (int i = N - 1; total > room && i >= 0; i--) {
			int give = lines[i] - 1 < total - room ? lines[i] - 1 : total - room;
			lines[i] -= give;
			total -= give;
		}
		int y, x;
		draw_box(t, total + 5, w, &y, &x);
		draw_attr(t, C_HEAD, 1);
		draw_text(t, y, x, w - 4, _("Read the record back to the customer:"), 0);
		draw_attr(t, C_HEAD, 0);
		int row = y + 1;
		for (int i = 0; i < N; i++) {
			struct ffield *f = get(in, show[i]);
			draw_attr(t, C_DIM, 1);
			draw_text(t, row, x, lw, f ? _(f->label) : "", 1);
			draw_attr(t, C_DIM, 0);
			row += draw_wrapped(t, row, x + lw + 1, vw, lines[i], shown[i]);
			free(v[i]);
		}
		draw_attr(t, C_HEAD, 1);
		draw_text(t, row + 1, x, w - 4, _("y / Enter: the customer confirms    n / Esc: go back and correct"), 0);
		draw_attr(t, C_HEAD, 0);
		refresh();
		int k = tui_modal_key(t);
		if (k == 'y' || k == 'Y' || k == '\r' || k == '\n' || k == TK(KEY_ENTER))
			return 1;
		if (k < 0 || k == 'n' || k == 'N' || k == KEY_ESC)
			return 0;
	}
}

/* The record as it would be saved must pass the record step's checks
 * before it is read back to the customer. */
static int record_ok(struct tui *t, struct intake *in)
{
	struct cd_complaint fields, merged = in->c;
	struct cd_err err;
	form_fields(in, &fields);
	for (size_t i = 0; i < cd_nfields; i++)
		if (get(in, cd_fields[i].name))
			*cd_field_ptr(&merged, &cd_fields[i]) = *cd_field_ptr(&fields, &cd_fields[i]);
	int r = desk_validate(t->desk, &merged, 1, &err);
	cd_complaint_free(&fields);
	if (r)
		tui_error(t, &err);
	return r == 0;
}

static int confirm_record(struct tui *t, struct intake *in)
{
	if (!record_ok(t, in) || !read_back(t, in))
		return -1;
	return save_fields(t, in) || step(t, in, STEP_RECORD, NULL);
}

static int confirm_resolve(struct tui *t, struct intake *in)
{
	struct cd_action a;
	struct cd_err err;
	char *remedy = value(in, "remedy"), *amount = value(in, "amount"), *promise = value(in, "promise");
	char *due = value(in, "promise_due"), *refer = value(in, "refer"), *note = value(in, "note");
	int resolved = get(in, "resolved")->checked, r = 0, did = 0;

	if (remedy) {
		cd_action_init(&a, ACT_REMEDY);
		a.how = remedy;
		a.agreed = get(in, "agreed")->checked;
		a.amount = 0;
		if (amount && cd_money_parse(amount, CD_MONEY_MAX_REMEDY, &a.amount, &err)) {
			tui_say(t, _("The amount must be a number such as 50 or 49.50."));
			r = -1;
		} else
			r = act(t, in, &a);
		in->remedy_saved = !r;
		did = 1;
	}
	if (!r && promise) {
		cd_action_init(&a, ACT_PROMISE);
		a.note = promise;
		if (!due || cd_parse_when(due, cd_now(), cd_site_tz(t->cfg, in->c.site), &a.due, &err)) {
			tui_say(t, _("Give the promise's deadline: 14:00, tomorrow 18:00, +2h, +3d or 2026-11-25 17:00."));
			r = -1;
		} else
			r = act(t, in, &a);
		did = 1;
	}
	if (!r && refer) {
		cd_action_init(&a, ACT_ESCALATE);
		a.who = refer;
		a.note = note ? note : _("referred up from the intake");
		r = act(t, in, &a);
		did = 1;
	} else if (!r && note) {
		cd_action_init(&a, ACT_NOTE);
		a.note = note;
		r = act(t, in, &a);
		did = 1;
	}
	if (!r && resolved) {
		r = step(t, in, STEP_RESOLVE, NULL);
		did = 1;
	}
	if (!r && !did) {
		tui_say(t, _("Choose a remedy, make a promise, refer it up, or tick that it is resolved."));
		r = -1;
	}
	free(remedy);
	free(amount);
	free(promise);
	free(due);
	free(refer);
	free(note);
	return r;
}

static int confirm_followup(struct tui *t, struct intake *in)
{
	struct cd_action a;
	static const char *const axes[] = {"outcome", "procedure", "treatment"};
	char *comment = value(in, "comment"), *side = value(in, "side"), *cause = value(in, "cause");
	char *measure = value(in, "measure");
	int r;
	cd_action_init(&a, ACT_SATISFACTION);
	for (int i = 0; i < 3; i++)
		a.scores[i] = get(in, axes[i])->sel;
	struct ffield *sat = get(in, "satisfied");
	a.satisfied = sat->sel == 1;
	a.note = comment;
	if (!a.scores[0] || !a.scores[1] || !a.scores[2] || !sat->sel) {
		tui_say(t, _("Ask the customer: give all three scores and whether they are satisfied."));
		r = -1;
	} else
		r = act(t, in, &a) || step(t, in, STEP_FOLLOW_UP, NULL);
	if (!r && side) {
		cd_action_init(&a, ACT_ROOT_CAUSE);
		a.how = side;
		a.note = cause ? cause : _("(no description)");
		a.measure = measure;
		r = act(t, in, &a);
	}
	if (!r && get(in, "close")->checked)
		r = step(t, in, STEP_CLOSE, NULL);
	free(comment);
	free(side);
	free(cause);
	free(measure);
	return r;
}

/* Is the customer of a resolved complaint still at the counter to be
 * asked at once: made in person (a walk-in), and nothing left to keep
 * (a promise, a remedy awaiting approval) that the answer would wait for? */
static int ask_now(struct tui *t, const struct intake *in)
{
	const struct cd_item *ch = in->loaded ? cd_list_find(&t->cfg->channels, in->c.channel) : NULL;
	struct cd_open_items o;
	struct cd_err err;
	if (!ch || !ch->in_person || desk_open_items(t->desk, in->id, STEP_CLOSE, &o, &err))
		return 0;
	int none = o.n == 0 && !o.blocking;
	cd_open_items_free(&o);
	return none;
}

static void next_page(struct tui *t, struct intake *in)
{
	if (load(t, in))
		return;
	int p = page_for(in->c.state);
	if (in->page == P_RESOLVE && p == P_FOLLOWUP && ask_now(t, in)) {
		/* Resolved at the counter: the customer is still there to be
		   asked, so the follow-up is offered at once. */
		char q[300];
		snprintf(q, sizeof q, _("Saved: complaint #%lld is resolved. The customer is here: ask now whether they are satisfied (Follow up)?"),
			 (long long)in->id);
		if (tui_offer(t, q)) {
			in->page = P_FOLLOWUP;
			build(t, in);
			tui_say(t, _("Saved. Next: %s."), _(page_names[in->page]));
			return;
		}
	}
	if (p < 0 || (in->page == P_RESOLVE && p == P_FOLLOWUP) || in->page == P_FOLLOWUP ||
	    (in->page == P_RESOLVE && p == P_RESOLVE)) {
		/* Handling goes on over days: back to the list. A remedy above
		   the person's limit says whose approval it awaits. */
		if (!in->remedy_saved || !tui_say_awaiting(t, in->id))
			tui_say(t, _("Saved. Complaint #%lld is now %s."), (long long)in->id,
				cd_state_label(in->c.state));
		tui_pop(t);
		return;
	}
	in->page = (enum page)p;
	build(t, in);
	tui_say(t, _("Saved. Next: %s."), _(page_names[in->page]));
}

/* The page resolves or closes the complaint: what would stay open, with
 * the promise or measure the page itself adds, is listed and asked about.
 * Returns -1 (do not save), 0 (nothing open) or 1 (all the same). */
static int ask_open_items(struct tui *t, struct intake *in)
{
	enum cd_step s;
	const char *field;
	if (in->page == P_RESOLVE && get(in, "resolved")->checked) {
		s = STEP_RESOLVE;
		field = "promise";
	} else if (in->page == P_FOLLOWUP && get(in, "close")->checked) {
		s = STEP_CLOSE;
		field = "measure";
	} else
		return 0;
	char *v = value(in, field), extra[1200];
	int adds = v != NULL;
	if (adds)
		snprintf(extra, sizeof extra, s == STEP_RESOLVE ? _("the promise made on this page: “%s”")
			 : _("the preventive measure agreed on this page: “%s”"), v);
	free(v);
	return tui_confirm_open(t, in->id, s, adds ? extra : NULL);
}

static void confirm(struct tui *t, struct intake *in)
{
	static int (*const save[P__COUNT])(struct tui *, struct intake *) = {
		confirm_listen, NULL, confirm_record, confirm_resolve, confirm_followup,
	};
	int r;
	int64_t was = in->id;
	struct cd_err err;
	in->remedy_saved = 0;
	if (in->page == P_APOLOGIZE && !get(in, "apology")->checked) {
		tui_say(t, _("Tick that the apology was made."));
		return;
	}
	/* Asked before the page's transaction: no lock is held while the
	   person decides. */
	if ((in->anyway = ask_open_items(t, in)) < 0)
		return;
	/* A page is saved whole or not at all: a refund must not be kept
	 * when the promise beside it is refused, or trying again gives two. */
	if (desk_begin(t->desk, &err)) {
		tui_error(t, &err);
		return;
	}
	if (in->page == P_APOLOGIZE)
		r = step(t, in, STEP_APOLOGIZE, NULL);
	else
		r = save[in->page](t, in);
	if (r == 0 && desk_commit(t->desk, &err)) {
		tui_error(t, &err);
		r = -1;
	}
	if (r) {
		desk_rollback(t->desk);
		in->id = was;
		return;
	}
	next_page(t, in);
}

/* Drawing -------------------------------------------------------------------- */

/* A deadline field (fw columns of w): the forms it takes while empty,
 * over the field; then the time as understood from what is typed, beside
 * it, so it is checked before it is saved. */
static void draw_when(struct tui *t, struct intake *in, const struct ffield *f, int y, int x0, int fw, int w)
{
	char *typed = field_text(&f->text);
	struct cd_err err;
	cd_time due;
	const char *tz = cd_site_tz(t->cfg, in->loaded ? in->c.site : NULL);
	draw_attr(t, C_DIM, 1);
	if (!*typed)
		draw_text(t, y, x0, w, _("14:00 · tomorrow 18:00 · +2h · +3d · 2026-11-25 17:00"), 0);
	else if (cd_parse_when(typed, cd_now(), tz, &due, &err) == 0) {
		char line[200], at[32];
		int32_t day;
		int sec;
		cd_local(due, tz, &day, &sec);
		/* TRANSLATORS: a deadline as understood, and its weekday. */
		snprintf(line, sizeof line, _("→ %s, %s"), cd_format_short(due, tz, at), tui_weekday(day));
		draw_text(t, y, x0 + fw + 1, w - fw - 1, line, 0);
	} else
		draw_text(t, y, x0 + fw + 1, w - fw - 1, _("→ not understood yet"), 0);
	draw_attr(t, C_DIM, 0);
	free(typed);
}

static void draw_steps(struct tui *t, struct intake *in)
{
	int x = 1;
	const char *sep = t->utf8 ? " › " : " > ";
	for (int p = 0; p < P__COUNT; p++) {
		char name[64];
		snprintf(name, sizeof name, "%s%s", p < (int)in->page ? (t->utf8 ? "✓" : "*") : "", _(page_names[p]));
		enum tui_color col = p == (int)in->page ? C_SELECT : p < (int)in->page ? C_STEP_DONE : C_DIM;
		draw_attr(t, col, 1);
		x += draw_text(t, 1, x, t->cols - x, name, 0);
		draw_attr(t, col, 0);
		if (p + 1 < P__COUNT)
			x += draw_text(t, 1, x, t->cols - x, sep, 0);
	}
}

/* The talk-script prompts for this page, narrowed by need and behaviour. */
static void draw_prompts(struct tui *t, struct intake *in, int y, int h)
{
	char *need = get(in, "need") ? value(in, "need") : (in->loaded && in->c.need ? xstrdup(in->c.need) : NULL);
	char *beh = get(in, "behaviour") ? value(in, "behaviour")
					  : (in->loaded && in->c.behaviour ? xstrdup(in->c.behaviour) : NULL);
	draw_hline(t, y - 1, 0, t->cols);
	draw_attr(t, C_HEAD, 1);
	draw_text(t, y - 1, 2, t->cols - 4, _(" What to say "), 0);
	draw_attr(t, C_HEAD, 0);
	for (size_t i = 0; i < t->cfg->nscripts && h > 0; i++) {
		const struct cd_script *s = &t->cfg->scripts[i];
		if (strcmp(s->step, page_steps[in->page]) != 0)
			continue;
		if ((s->need && (!need || strcmp(s->need, need) != 0)) ||
		    (s->behaviour && (!beh || strcmp(s->behaviour, beh) != 0)))
			continue;
		draw_text(t, y++, 2, 2, t->utf8 ? "•" : "*", 0);
		draw_text(t, y - 1, 4, t->cols - 6, cd_label_text(&s->text, NULL), 0);
		h--;
	}
	free(need);
	free(beh);
}

static void draw_intake(struct tui *t, void *self)
{
	struct intake *in = self;
	char title[128];
	if (in->id)
		snprintf(title, sizeof title, _("Complaint #%lld — %s"), (long long)in->id, _(page_names[in->page]));
	else
		snprintf(title, sizeof title, "%s — %s", _("New complaint"), _(page_names[in->page]));
	draw_frame(t, title);
	draw_steps(t, in);
	const int lw = 20, x0 = 2 + lw + 1, w = t->cols - x0 - 2;
	int y = 3, cy = -1, cx = 0;
	struct ffield *ch = get(in, "channel");
	if (ch && ch->type == FT_CHOICE) {
		const struct cd_item *it = cd_list_find(&t->cfg->channels, ch->ids[ch->sel]);
		if (it && it->major) {
			draw_attr(t, C_BREACHED, 1);
			draw_text(t, y++, 2, t->cols - 4, _("Major channel: the escalation rules send this complaint up at once."), 0);
			draw_attr(t, C_BREACHED, 0);
		}
	}
	for (int i = 0; i < in->nf && y < t->rows - 6; i++) {
		struct ffield *f = &in->f[i];
		int focused = i == in->focus;
		if (focused)
			draw_attr(t, C_HEAD, 1);
		if (f->type == FT_CHECK) {
			char box[8];
			snprintf(box, sizeof box, "[%s] ", f->checked ? "x" : " ");
			draw_text(t, y, 2, 4, box, 0);
			draw_text(t, y, 6, t->cols - 8, _(f->label), 0);
			if (focused) {
				draw_attr(t, C_HEAD, 0);
				cy = y, cx = 3;
			}
			y++;
			continue;
		}
		draw_text(t, y, 2, lw, _(f->label), 1);
		if (focused)
			draw_attr(t, C_HEAD, 0);
		int h = f->rows;
		if (y + h > t->rows - 6)
			h = t->rows - 6 - y;
		if (f->type == FT_CHOICE) {
			char buf[160];
			snprintf(buf, sizeof buf, "%s %s %s", t->utf8 ? "◀" : "<", f->labels[f->sel], t->utf8 ? "▶" : ">");
			if (focused)
				draw_attr(t, C_SELECT, 1);
			draw_text(t, y, x0, w, buf, 0);
			if (focused) {
				draw_attr(t, C_SELECT, 0);
				cy = y, cx = x0 + 2;
			}
		} else {
			/* A deadline takes a short field, what it means beside it. */
			int when = strcmp(f->name, "promise_due") == 0, fw = when && w > 40 ? 18 : w;
			attron(A_UNDERLINE);
			field_draw(t, &f->text, y, x0, h, fw, 0);
			attroff(A_UNDERLINE);
			if (focused) {
				field_draw(t, &f->text, y, x0, h, fw, 1);
				getyx(stdscr, cy, cx);
			}
			if (when && fw < w)
				draw_when(t, in, f, y, x0, fw, w);
		}
		y += h;
	}
	draw_prompts(t, in, t->rows - 5, 3);
	draw_hline(t, t->rows - 2, 0, t->cols);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

/* Input ---------------------------------------------------------------------- */

/* A character typed on a choice: a score takes its digit at once; any
 * other opens the list of choices narrowed to what was typed. */
static void choose_typed(struct tui *t, struct ffield *f, int key)
{
	for (int i = 0; i < f->n; i++)
		if (key >= '1' && key <= '9' && f->ids[i] && f->ids[i][0] == key && !f->ids[i][1]) {
			f->sel = i;
			return;
		}
	int r = tui_choose_typed(t, _(f->label), f->labels, f->ids, f->n, f->sel, key);
	if (r >= 0)
		f->sel = r;
}

static int input_intake(struct tui *t, void *self, int key)
{
	struct intake *in = self;
	if (in->nf == 0)
		return 0;
	struct ffield *f = &in->f[in->focus];
	int enter = key == '\r' || key == '\n' || key == TK(KEY_ENTER);
	if (t->pasting) {
		/* Pasted text stays in its field: a line break or a tab does
		   not move on, a space does not tick a box. */
		if (f->type == FT_CHOICE || f->type == FT_CHECK)
			return 0;
		if (enter || key == '\t')
			key = enter && f->type == FT_AREA ? '\n' : ' ';
		if (field_key(&f->text, key))
			in->dirty = 1;
		return 1;
	}
	switch (f->type) {
	case FT_CHOICE:
		if (key == TK(KEY_RIGHT) || key == ' ')
			f->sel = (f->sel + 1) % f->n;
		else if (key == TK(KEY_LEFT))
			f->sel = (f->sel + f->n - 1) % f->n;
		else if (enter)
			in->focus = (in->focus + 1) % in->nf;
		else if (tui_key_is_text(key))
			choose_typed(t, f, key);
		else
			return 0;
		in->dirty = 1;
		return 1;
	case FT_CHECK:
		if (key == ' ' || key == 'x')
			f->checked = !f->checked;
		else if (enter)
			in->focus = (in->focus + 1) % in->nf;
		else
			return 0;
		in->dirty = 1;
		return 1;
	default:
		if (enter && f->type == FT_TEXT) {
			in->focus = (in->focus + 1) % in->nf;
			return 1;
		}
		if (field_key(&f->text, key)) {
			in->dirty = 1;
			return 1;
		}
		return 0;
	}
}

static void act_intake(struct tui *t, void *self, int action)
{
	struct intake *in = self;
	switch (action) {
	case I_NEXT:
		if (in->nf)
			in->focus = (in->focus + 1) % in->nf;
		break;
	case I_PREV:
		if (in->nf)
			in->focus = (in->focus + in->nf - 1) % in->nf;
		break;
	case I_CONFIRM:
		confirm(t, in);
		break;
	case I_BACK:
		if (in->dirty && !tui_confirm(t, _("Leave this step? What you typed on it is not saved; confirmed steps are.")))
			break;
		tui_pop(t);
		break;
	default:
		tui_open_help(t, t->stack[t->depth - 1].ops);
	}
}

static void close_intake(void *self)
{
	struct intake *in = self;
	clear_form(in);
	if (in->loaded)
		cd_complaint_free(&in->c);
	free(in);
}

static const struct screen_ops intake_ops = {
	"intake", NULL, draw_intake, input_intake, act_intake, close_intake, keys,
};

int tui_open_intake(struct tui *t, int64_t id)
{
	struct intake *in = xcalloc(1, sizeof *in);
	in->id = id;
	if (id) {
		if (load(t, in)) {
			free(in);
			return 1; /* the reason is on the status line */
		}
		int p = page_for(in->c.state);
		if (p < 0) {
			tui_say(t, _("complaint #%lld is %s; reopen it first"), (long long)id, cd_state_label(in->c.state));
			cd_complaint_free(&in->c);
			free(in);
			return 0;
		}
		in->page = (enum page)p;
	}
	build(t, in);
	tui_push(t, &intake_ops, in);
	return 1;
}
