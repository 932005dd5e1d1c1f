/* The desk: opening it, and every action as one transaction over the
 * store; the sweep. */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/i18n.h"
#include "cdesk/jflat.h"
#include "cdesk/open.h"
#include "cdesk/rules.h"
#include "cdesk/sla.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int recompute_clocks(struct cd_desk *d, const struct cd_complaint *c, struct cd_clocks *k,
			    struct cd_err *err)
{
	struct cd_events ev;
	if (store_events(d->st, c->id, &ev, err))
		return -1;
	sla_compute(d->cfg, c, &ev, k);
	cd_events_free(&ev);
	if (sums_touch(d, c->id, 0, err) || store_replace_clocks(d->st, c->id, k, err)) {
		cd_clocks_free(k);
		return -1;
	}
	return 0;
}

static int same_phone_count(struct cd_desk *d, const struct cd_rule *r, const struct cd_complaint *c,
			    int64_t *n, struct cd_err *err)
{
	*n = 0;
	if (!r->repeat_count)
		return 0;
	return store_count_phone(d->st, c->phone, rule_repeat_from(r, c->received_at),
				 c->received_at, n, err);
}

static int rule_due(struct cd_desk *d, const struct cd_rule *r, const struct cd_complaint *c,
		    const struct cd_clocks *k, const struct strlist *fired, cd_time now, int *due,
		    struct cd_err *err)
{
	int64_t phone_n;
	*due = 0;
	if (sl_has(fired, r->id))
		return 0;
	if (same_phone_count(d, r, c, &phone_n, err))
		return -1;
	*due = rule_holds(d->cfg, r, c, k, now, phone_n);
	return 0;
}

/* Raise c to level/role and write the escalation event. */
static int escalate(struct cd_desk *d, struct cd_complaint *c, cd_time now, const char *rule,
		    int level, const char *role, const char *severity, const char *note,
		    const struct cd_clocks *k, int64_t *event_id, struct cd_err *err)
{
	struct cd_jflat data = {0};
	char *was = NULL;
	cd_jflat_str(&data, "rule", rule);
	cd_jflat_int(&data, "level", level);
	cd_jflat_str(&data, "role", role);
	if (severity && strcmp(severity, c->severity) != 0) {
		was = c->severity;
		c->severity = xstrdup(severity);
		cd_jflat_str(&data, "severity", c->severity);
		cd_jflat_str(&data, "severity_was", was);
	}
	if (level >= c->esc_level) {
		c->esc_level = level;
		free(c->esc_role);
		c->esc_role = xstrdup(role);
	}
	int64_t ev;
	int r = tx_add_event_flat(d, c, now, "escalation", -1, -1, note, &data, &ev, err);
	free(was);
	if (r)
		return -1;
	if (event_id)
		*event_id = ev;
	/* Its messages, in the same transaction: recorded once, or not at all. */
	return notify_escalation(d, c, now, rule, ev, role, level, note, k, err);
}

/* Record every rule that holds and has not fired on c. */
static int apply_rules(struct cd_desk *d, struct cd_complaint *c, const struct cd_clocks *k,
		       cd_time now, int *fired, struct cd_err *err)
{
	struct strlist done = {0};
	int r = store_rules_fired(d->st, c->id, &done, err);
	for (size_t i = 0; i < d->cfg->nrules && !r; i++) {
		const struct cd_rule *rule = &d->cfg->rules[i];
		int due;
		int64_t ev;
		r = rule_due(d, rule, c, k, &done, now, &due, err);
		if (r || !due)
			continue;
		/* The rule's id is in the event; its name is shown in the
		 * reader's language, not stored in the writer's. */
		r = escalate(d, c, now, rule->id, rule->level, rule->notify, rule->set_severity, NULL, k, &ev, err) ||
		    store_mark_rule(d->st, c->id, rule->id, ev, err);
		if (!r && fired)
			(*fired)++;
	}
	sl_free(&done);
	return r ? -1 : 0;
}

/* After the events of an action: clocks, rules, and the row itself. */
static int finish(struct cd_desk *d, struct cd_complaint *c, cd_time now, int *fired, struct cd_err *err)
{
	struct cd_clocks k;
	c->updated_at = now > c->updated_at ? now : c->updated_at;
	if (recompute_clocks(d, c, &k, err))
		return -1;
	int r = apply_rules(d, c, &k, now, fired, err) || notify_warnings(d, c, &k, now, 1, NULL, err) ? -1 : 0;
	cd_clocks_free(&k);
	if (r)
		return -1;
	return sums_touch(d, c->id, 0, err) || store_update_complaint(d->st, c, err) ? -1 : 0;
}

/* Store_open_ids' callback (args: the desk and err): the clocks of one
 * open complaint computed again under the desk's configuration. */
int desk_refresh_clocks(void *ctx, int64_t id)
{
	void **args = ctx;
	struct cd_desk *d = args[0];
	struct cd_err *err = args[1];
	struct cd_complaint c;
	struct cd_clocks k;
	if (store_get_complaint(d->st, id, &c, err))
		return -1;
	int r = recompute_clocks(d, &c, &k, err);
	cd_complaint_free(&c);
	if (!r)
		cd_clocks_free(&k);
	return r;
}

int desk_open(struct cd_desk **out, struct cd_config *cfg, const char *db, const char *actor,
	      struct cd_err *err)
{
	struct cd_desk *d = xcalloc(1, sizeof *d);
	*out = NULL;
	d->cfg = cfg;
	d->db = xstrdup(db);
	d->db_shown = cd_where_shown(db);
	d->actor = actor ? xstrdup(actor) : desk_default_actor();
	if (!text_is_clean(d->actor, 0) || !*d->actor) {
		cd_fail(err, CD_EINPUT, _("the user name '%s' is not valid text"), d->actor);
		desk_close(d);
		return -1;
	}
	int any;
	if (store_open(db, &d->st, err) || desk_has_accounts(d, &any, err) || desk_follow_config(d, err) ||
	    store_changes(d->st, &d->changes, err)) {
		desk_close(d);
		return -1;
	}
	d->setup = !any;
	*out = d;
	return 0;
}

void desk_close(struct cd_desk *d)
{
	if (!d)
		return;
	if (d->st)
		desk_flush(d, NULL);
	tx_drop_later(d);
	rp_kept_free(&d->kept);
	store_close(d->st);
	cd_config_free(d->own_cfg);
	free(d->config_notice);
	free(d->db);
	free(d->db_shown);
	free(d->searched);
	free(d->actor);
	cd_user_free(&d->user);
	free(d);
}

static void waiting(void *ctx, long long rows)
{
	struct cd_desk *d = ctx;
	char *msg = xasprintf(_("another desk is loading complaints into this database (%lld so far): "
				"waiting for it to finish"), rows);
	d->wait_fn(d->wait_ctx, msg);
	free(msg);
}

void desk_on_wait(struct cd_desk *d, desk_wait_fn fn, void *ctx)
{
	d->wait_fn = fn;
	d->wait_ctx = ctx;
	d->st->on_wait = fn ? waiting : NULL;
	d->st->wait_ctx = d;
}

const struct cd_config *desk_config(const struct cd_desk *d) { return d->cfg; }
const char *desk_actor(const struct cd_desk *d) { return d->actor; }
int desk_created(const struct cd_desk *d) { return d->st->created; }
const char *desk_where(const struct cd_desk *d) { return d->db_shown; }

char *desk_created_words(const struct cd_desk *d, int cli)
{
	if (store_on_server(d->db_shown))
		return cli ? xasprintf(_("cdesk: the database %s had no desk in it: its tables were made\n"), d->db_shown)
			   : xasprintf(_("The database %s had no desk in it: its tables were made."), d->db_shown);
	return cli ? xasprintf(_("cdesk: there was no database at %s: a new, empty one was made\n"), d->db_shown)
		   : xasprintf(_("There was no database at %s: a new, empty one was made."), d->db_shown);
}

static int check_known(const struct cd_list *l, const char *v, const char *what, struct cd_err *err)
{
	if (cd_list_find(l, v))
		return 0;
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < l->n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", l->v[i].id);
	cd_fail(err, CD_EINPUT, _("unknown %s '%s' (known: %s)"), what, v, sb.s);
	sb_free(&sb);
	return -1;
}

static int check_phone(const char *p, struct cd_err *err)
{
	int digits = 0;
	for (const char *s = p; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!strchr("+- ()", *s))
			return cd_fail(err, CD_EINPUT, _("phone '%s' may hold only digits, spaces and + - ( )"), p);
	}
	if (digits < 3 || digits > 20)
		return cd_fail(err, CD_EINPUT, _("phone '%s' must have 3 to 20 digits"), p);
	return 0;
}

int desk_validate(const struct cd_desk *d, const struct cd_complaint *c, int recording, struct cd_err *err)
{
	for (size_t i = 0; i < cd_nfields; i++) {
		const struct cd_field *f = &cd_fields[i];
		const char *v = *cd_field_ptr((struct cd_complaint *)c, f);
		if (str_empty(v)) {
			if (f->required == 1 || (f->required == 2 && recording))
				return cd_fail(err, CD_EINPUT, recording && f->required == 2
					       ? _("the field '%s' is required to record the complaint")
					       : _("the field '%s' is required"), f->name);
			continue;
		}
		if (!text_is_clean(v, f->multiline))
			return cd_fail(err, CD_EINPUT, _("the field '%s' holds invalid UTF-8 or control characters"), f->name);
		if (strlen(v) > f->max_bytes)
			return cd_fail(err, CD_EINPUT, _("the field '%s' is longer than %zu bytes"), f->name, f->max_bytes);
	}
	const struct cd_config *cfg = d->cfg;
	if (check_known(&cfg->sites, c->site, _("site"), err) ||
	    check_known(&cfg->channels, c->channel, _("channel"), err) ||
	    (!str_empty(c->category) && check_known(&cfg->categories, c->category, _("category"), err)) ||
	    check_known(&cfg->severities, c->severity, _("severity"), err) ||
	    (!str_empty(c->phone) && check_phone(c->phone, err)))
		return -1;
	if (!str_empty(c->need) && cd_need_index(c->need) < 0)
		return cd_fail(err, CD_EINPUT, _("unknown need '%s' (known: respect, vent, compensation, advice)"), c->need);
	if (!str_empty(c->behaviour) && cd_behaviour_index(c->behaviour) < 0)
		return cd_fail(err, CD_EINPUT, _("unknown behaviour '%s' (known: passive, voicer, irate, activist)"), c->behaviour);
	return 0;
}

static void complaint_json_fields(const struct cd_complaint *c, struct cd_jflat *o)
{
	for (size_t i = 0; i < cd_nfields; i++) {
		const char *v = *cd_field_ptr((struct cd_complaint *)c, &cd_fields[i]);
		if (!str_empty(v))
			cd_jflat_str(o, cd_fields[i].name, v);
	}
}

static void default_field(char **f, const char *v)
{
	if (str_empty(*f)) {
		free(*f);
		*f = v ? xstrdup(v) : NULL;
	}
}

/* The config's default site, or the first site the actor works at. */
static const char *default_site(const struct cd_desk *d)
{
	const char *def = d->cfg->default_site ? d->cfg->default_site : d->cfg->sites.v[0].id;
	for (size_t i = 0; !desk_at_site(d, def) && i < d->cfg->sites.n; i++)
		if (desk_at_site(d, d->cfg->sites.v[i].id))
			def = d->cfg->sites.v[i].id;
	return def;
}

int desk_new(struct cd_desk *d, struct cd_complaint *c, int walk_in, const char *note, struct cd_err *err)
{
	cd_time now = cd_now();
	if (desk_writes_now(d, err))
		return -1;
	default_field(&c->receiver, d->actor);
	default_field(&c->owner, c->receiver);
	default_field(&c->severity, "normal");
	default_field(&c->site, default_site(d));
	const struct cd_item *ch = cd_list_find(&d->cfg->channels, c->channel);
	if (walk_in < 0)
		walk_in = ch ? ch->in_person : 0;
	if (desk_validate(d, c, walk_in, err))
		return -1;
	if (desk_require(d, PERM_OPEN, c, err))
		return -1;
	if (note && !text_is_clean(note, 1))
		return cd_fail(err, CD_EINPUT, _("the note holds invalid UTF-8 or control characters"));
	if (c->received_at == CD_TIME_NONE)
		c->received_at = now;
	if (c->received_at > now)
		return cd_fail(err, CD_EINPUT, _("the time received is in the future"));
	c->state = ST_RECEIVED;
	c->updated_at = c->received_at;
	c->esc_level = 0;
	c->reopen_count = 0;

	if (tx_begin(d, err))
		return -1;
	cd_time at = c->received_at;
	struct cd_jflat fields = {0};
	complaint_json_fields(c, &fields);
	if (store_insert_complaint(d->st, c, err) || sums_touch(d, c->id, 1, err) ||
	    tx_add_event_flat(d, c, at, "received", -1, ST_RECEIVED, note, &fields, NULL, err))
		goto fail;
	if (walk_in) {
		static const enum cd_state steps[] = {ST_LISTENED, ST_APOLOGIZED, ST_RECORDED};
		for (size_t i = 0; i < 3; i++) {
			if (tx_add_event(d, c, at, "step", c->state, steps[i], NULL, NULL, NULL, err))
				goto fail;
			c->state = steps[i];
		}
		struct cd_jflat how = {0};
		cd_jflat_str(&how, "how", "in_person");
		if (tx_add_event_flat(d, c, at, "contact", -1, -1, NULL, &how, NULL, err))
			goto fail;
	}
	if (finish(d, c, now, NULL, err) || tx_commit(d, err))
		goto fail;
	return 0;
fail:
	tx_rollback(d);
	return -1;
}

void cd_action_init(struct cd_action *a, enum cd_action_kind kind)
{
	memset(a, 0, sizeof *a);
	a->kind = kind;
	a->expect_state = -1;
	a->due = CD_TIME_NONE;
}

/* The permission that moving into a state needs. */
static enum cd_perm state_perm(enum cd_state st)
{
	switch (st) {
	case ST_RESOLVED:
		return PERM_RESOLVE;
	case ST_CLOSED:
		return PERM_CLOSE;
	case ST_WITHDRAWN:
		return PERM_WITHDRAW;
	case ST_REOPENED:
		return PERM_REOPEN;
	default:
		return PERM_HANDLE;
	}
}

static int open_items_of(struct cd_desk *d, const struct cd_complaint *c, enum cd_step s,
			 struct cd_open_items *out, struct cd_err *err)
{
	struct cd_clocks k;
	struct cd_events ev;
	memset(out, 0, sizeof *out);
	if (!cd_step_ends_handling(s))
		return 0;
	if (store_clocks(d->st, c->id, &k, err))
		return -1;
	if (store_events(d->st, c->id, &ev, err)) {
		cd_clocks_free(&k);
		return -1;
	}
	cd_open_items(d->cfg, c, &k, &ev, s, out);
	cd_events_free(&ev);
	cd_clocks_free(&k);
	return 0;
}

/* A step that ends the handling while something is still open is refused,
 * naming what, unless the action says to take it anyway. */
static int open_items_refuse(struct cd_desk *d, const struct cd_complaint *c, enum cd_step s,
			     struct cd_err *err)
{
	struct cd_open_items o;
	if (open_items_of(d, c, s, &o, err))
		return -1;
	if (!o.n)
		return 0;
	struct strbuf sb;
	sb_init(&sb);
	cd_open_items_text(&o, &sb);
	/* TRANSLATORS: the step (Resolve, Close, Withdraw), the complaint, then the list of what is open. */
	cd_fail(err, CD_ESTATE, _("'%s' on complaint #%lld would leave open: %s"), cd_step_label(s),
		(long long)c->id, sb.s);
	sb_free(&sb);
	cd_open_items_free(&o);
	return -1;
}

int desk_open_items(struct cd_desk *d, int64_t id, enum cd_step step, struct cd_open_items *out,
		    struct cd_err *err)
{
	struct cd_complaint c;
	memset(out, 0, sizeof *out);
	if (store_get_complaint(d->st, id, &c, err))
		return -1;
	int r = desk_view(d, &c, err) || open_items_of(d, &c, step, out, err) ? -1 : 0;
	cd_complaint_free(&c);
	return r;
}

/* Moving the complaint through states, one step event per state passed. */
static int do_step(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a, cd_time now,
		   struct cd_err *err)
{
	enum cd_state path[3];
	int n = cd_step_path(a->step, c->state, path, err);
	if (n < 0)
		return -1;
	if (a->step == STEP_CLOSE && c->state == ST_RESOLVED && str_empty(a->note))
		return cd_fail(err, CD_ESTATE, _("closing without a follow-up needs a note saying why"));
	if ((a->step == STEP_REOPEN || a->step == STEP_WITHDRAW) && str_empty(a->note))
		return cd_fail(err, CD_EINPUT, _("the step '%s' needs a note saying why"), cd_step_label(a->step));
	if (a->step == STEP_RECORD && desk_validate(d, c, 1, err))
		return -1;
	for (int i = 0; i < n; i++)
		if (desk_may(d, state_perm(path[i]), c, err))
			return -1;
	if (!a->anyway && open_items_refuse(d, c, a->step, err))
		return -1;
	for (int i = 0; i < n; i++) {
		if (c->awaiting && (path[i] == ST_RESOLVED || cd_state_is_final(path[i])))
			return cd_fail(err, CD_ESTATE, _("complaint #%lld has a remedy awaiting approval: approve or refuse it first"),
				       (long long)c->id);
	}
	for (int i = 0; i < n; i++) {
		if (tx_add_event(d, c, now, "step", c->state, path[i], i == n - 1 ? a->note : NULL, NULL, NULL, err))
			return -1;
		c->state = path[i];
		if (path[i] == ST_RESOLVED)
			c->resolved_at = now;
		if (path[i] == ST_REOPENED) {
			c->reopen_count++;
			c->resolved_at = c->closed_at = CD_TIME_NONE;
		}
		if (cd_state_is_final(path[i])) {
			c->closed_at = now;
			c->paused_since = CD_TIME_NONE;
		}
	}
	return 0;
}

/* A handling action on a recorded (or reopened) complaint means handling
 * has begun (again). */
static int begin_handling(struct cd_desk *d, struct cd_complaint *c, cd_time now, struct cd_err *err)
{
	if (c->state != ST_RECORDED && c->state != ST_REOPENED)
		return 0;
	if (tx_add_event(d, c, now, "step", c->state, ST_RESOLVING, NULL, NULL, NULL, err))
		return -1;
	c->state = ST_RESOLVING;
	return 0;
}

static int open_promise(struct cd_desk *d, const struct cd_complaint *c, int64_t ref, struct cd_err *err)
{
	struct cd_clocks k;
	int found = 0;
	if (store_clocks(d->st, c->id, &k, err))
		return -1;
	for (size_t i = 0; i < k.n; i++)
		if (strcmp(k.v[i].kind, "promise") == 0 && sla_is_open(&k.v[i]) && (!ref || k.v[i].ref == ref))
			found = 1;
	cd_clocks_free(&k);
	if (!found)
		return ref ? cd_fail(err, CD_ESTATE, _("complaint #%lld has no open promise %lld"),
				     (long long)c->id, (long long)ref)
			   : cd_fail(err, CD_ESTATE, _("complaint #%lld has no open promise"), (long long)c->id);
	return 0;
}

static int check_text(const char *what, const char *v, int required, struct cd_err *err)
{
	if (!v || !*v)
		return required ? cd_fail(err, CD_EINPUT, _("%s is required"), what) : 0;
	if (!text_is_clean(v, 1))
		return cd_fail(err, CD_EINPUT, _("%s holds invalid UTF-8 or control characters"), what);
	if (strlen(v) > 20000)
		return cd_fail(err, CD_EINPUT, _("%s is longer than %d bytes"), what, 20000);
	return 0;
}

static int do_simple(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		     cd_time now, struct cd_err *err)
{
	json_t *data = NULL;
	const char *kind;
	switch (a->kind) {
	case ACT_NOTE:
		if (check_text(_("the note"), a->note, 1, err))
			return -1;
		return tx_add_event(d, c, now, "note", -1, -1, a->note, NULL, NULL, err);
	case ACT_CONTACT: {
		static const char *const ways[] = {"phone", "visit", "message", "email", "in_person", NULL};
		const char *how = str_empty(a->how) ? "phone" : a->how;
		int ok = 0;
		for (size_t i = 0; ways[i]; i++)
			ok |= strcmp(how, ways[i]) == 0;
		if (!ok)
			return cd_fail(err, CD_EINPUT, _("unknown way of contact '%s' (known: phone, visit, message, email, in_person)"), how);
		kind = "contact";
		data = json_pack("{s:s}", "how", how);
		break;
	}
	case ACT_FEEDBACK:
		kind = "feedback";
		break;
	case ACT_PROMISE:
		if (a->due == CD_TIME_NONE || a->due <= now)
			return cd_fail(err, CD_EINPUT, _("a promise needs a due time in the future"));
		if (check_text(_("the promise"), a->note, 1, err))
			return -1;
		kind = "promise";
		data = json_pack("{s:I}", "due", (json_int_t)a->due);
		break;
	case ACT_PROMISE_KEPT:
		if (open_promise(d, c, a->ref, err))
			return -1;
		kind = "promise_kept";
		if (a->ref)
			data = json_pack("{s:I}", "promise", (json_int_t)a->ref);
		break;
	default:
		return cd_fail(err, CD_EFAIL, "unknown action");
	}
	if (begin_handling(d, c, now, err)) {
		json_decref(data);
		return -1;
	}
	return tx_add_event(d, c, now, kind, -1, -1, a->note, data, NULL, err);
}

static int do_pause(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		    cd_time now, struct cd_err *err)
{
	int pause = a->kind == ACT_PAUSE;
	if (pause && c->paused_since != CD_TIME_NONE)
		return cd_fail(err, CD_ESTATE, _("complaint #%lld is already paused"), (long long)c->id);
	if (!pause && c->paused_since == CD_TIME_NONE)
		return cd_fail(err, CD_ESTATE, _("complaint #%lld is not paused"), (long long)c->id);
	/* The configured reasons, the first by default. */
	const char *reason = str_empty(a->how) ? d->cfg->pause_reasons.v[0].id : a->how;
	if (pause && check_known(&d->cfg->pause_reasons, reason, _("pause reason"), err))
		return -1;
	json_t *data = pause ? json_pack("{s:s}", "reason", reason) : NULL;
	c->paused_since = pause ? now : CD_TIME_NONE;
	return tx_add_event(d, c, now, pause ? "pause" : "resume", -1, -1, a->note, data, NULL, err);
}

/* Once accounts exist a complaint goes to someone who can take it: an
 * active account working at its site. */
static int check_assignee(struct cd_desk *d, const struct cd_complaint *c, const char *who,
			  struct cd_err *err)
{
	struct cd_user u;
	if (store_user_get(d->st, who, &u, err))
		return -1;
	int r = 0;
	if (u.disabled)
		r = cd_fail(err, CD_EINPUT, _("the account %s is disabled"), who);
	else if (!cd_sites_include(u.sites, c->site))
		r = cd_fail(err, CD_EINPUT, _("%s does not work at %s"), who, c->site);
	cd_user_free(&u);
	return r;
}

static int do_assign(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		     cd_time now, struct cd_err *err)
{
	if (str_empty(a->who))
		return cd_fail(err, CD_EINPUT, _("assign needs the name of the new owner"));
	if (!text_is_clean(a->who, 0) || strlen(a->who) > 100)
		return cd_fail(err, CD_EINPUT, _("the user name '%s' is not valid text"), a->who);
	if (strcmp(a->who, c->owner) == 0)
		return cd_fail(err, CD_ESTATE, _("complaint #%lld is already owned by %s"), (long long)c->id, a->who);
	if (!d->setup && !d->system && check_assignee(d, c, a->who, err))
		return -1;
	json_t *data = json_pack("{s:s,s:s}", "owner", a->who, "previous", c->owner);
	free(c->owner);
	c->owner = xstrdup(a->who);
	if (begin_handling(d, c, now, err)) {
		json_decref(data);
		return -1;
	}
	return tx_add_event(d, c, now, "assign", -1, -1, a->note, data, NULL, err);
}

static int do_escalate(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		       cd_time now, struct cd_err *err)
{
	if (!a->who || check_known(&d->cfg->roles, a->who, _("role"), err))
		return -1;
	if (check_text(_("the reason"), a->note, 1, err))
		return -1;
	const struct cd_item *to = cd_list_find(&d->cfg->roles, a->who);
	const struct cd_item *now_at = cd_list_find(&d->cfg->roles, c->esc_role);
	if (now_at && to->level <= now_at->level)
		return cd_fail(err, CD_ESTATE, _("complaint #%lld is already escalated to %s; refer it higher or not at all"),
			       (long long)c->id, cd_label_text(&now_at->name, now_at->id));
	int level = a->level > 0 ? a->level : c->esc_level + 1;
	if (level > 9)
		return cd_fail(err, CD_EINPUT, _("the escalation level must be 1 to 9"));
	if (begin_handling(d, c, now, err))
		return -1;
	return escalate(d, c, now, NULL, level, a->who, NULL, a->note, NULL, NULL, err);
}

/* Above the actor's limit a remedy is held as a request, escalated to the
 * most junior role whose limit covers it. */
static int request_approval(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
			    cd_time now, struct cd_err *err)
{
	const struct cd_item *to = desk_approver_role(d, a->how, a->amount);
	if (!to)
		return cd_fail(err, CD_EPERM, _("no role may give %.2f yuan of %s"), cd_money_yuan(a->amount),
			       cd_label_text(&cd_list_find(&d->cfg->remedies, a->how)->name, a->how));
	if (c->awaiting)
		return cd_fail(err, CD_ESTATE, _("complaint #%lld already has a remedy awaiting approval"),
			       (long long)c->id);
	json_t *data = json_pack("{s:s,s:f,s:b,s:s,s:f}", "remedy", a->how, "amount", cd_money_yuan(a->amount),
				 "agreed", a->agreed, "needs", to->id, "limit", cd_money_yuan(desk_limit(d, a->how)));
	int64_t ev;
	if (begin_handling(d, c, now, err)) {
		json_decref(data);
		return -1;
	}
	if (tx_add_event(d, c, now, "remedy_request", -1, -1, a->note, data, &ev, err))
		return -1;
	c->awaiting = ev;
	int level = to->level < 1 ? 1 : to->level > 9 ? 9 : to->level;
	/* The request event just before says why; no text is stored. */
	return escalate(d, c, now, NULL, level > c->esc_level ? level : c->esc_level, to->id, NULL, NULL,
			NULL, NULL, err);
}

static int do_remedy(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		     cd_time now, struct cd_err *err)
{
	if (!a->how || check_known(&d->cfg->remedies, a->how, _("remedy"), err))
		return -1;
	if (a->amount < 0 || a->amount > CD_MONEY_MAX_REMEDY)
		return cd_fail(err, CD_EINPUT, _("the amount must be between 0 and 1000000000"));
	if (desk_may(d, PERM_HANDLE, c, err))
		return -1;
	if (a->amount > desk_limit(d, a->how))
		return request_approval(d, c, a, now, err);
	json_t *data = json_pack("{s:s,s:f,s:b}", "remedy", a->how, "amount", cd_money_yuan(a->amount), "agreed",
				 a->agreed);
	if (begin_handling(d, c, now, err)) {
		json_decref(data);
		return -1;
	}
	return tx_add_event(d, c, now, "remedy", -1, -1, a->note, data, NULL, err);
}

int desk_pending(struct cd_desk *d, const struct cd_complaint *c, struct cd_pending *p,
		 struct cd_err *err)
{
	struct cd_events ev;
	memset(p, 0, sizeof *p);
	if (!c->awaiting)
		return 0;
	if (store_events(d->st, c->id, &ev, err))
		return -1;
	for (size_t i = 0; i < ev.n; i++) {
		if (ev.v[i].id != c->awaiting || !ev.v[i].data)
			continue;
		json_t *j = json_loads(ev.v[i].data, 0, NULL);
		p->request = c->awaiting;
		const char *remedy = json_string_value(json_object_get(j, "remedy"));
		snprintf(p->remedy, sizeof p->remedy, "%s", remedy ? remedy : "");
		p->amount = cd_money_of_yuan(json_number_value(json_object_get(j, "amount")));
		p->agreed = json_is_true(json_object_get(j, "agreed"));
		p->requester_limit = cd_money_of_yuan(json_number_value(json_object_get(j, "limit")));
		snprintf(p->requester, sizeof p->requester, "%s", ev.v[i].actor);
		p->approver = desk_approver_role(d, p->remedy, p->amount);
		json_decref(j);
	}
	cd_events_free(&ev);
	struct cd_user u;
	if (p->request && store_user_get(d->st, p->requester, &u, NULL) == 0) {
		p->requester_role = cd_list_find(&d->cfg->roles, u.role);
		cd_user_free(&u);
	}
	return p->request ? 1 : 0;
}

/* Approving gives the remedy, as an event by the approver; refusing
 * records why. Only someone whose own limit covers the amount decides. */
static int do_decide(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		     cd_time now, struct cd_err *err)
{
	struct cd_pending p;
	int has = desk_pending(d, c, &p, err);
	if (has < 0)
		return -1;
	if (!has)
		return cd_fail(err, CD_ESTATE, _("complaint #%lld has no remedy awaiting approval"), (long long)c->id);
	if (!desk_at_site(d, c->site))
		return cd_fail(err, CD_EPERM, _("%s works at %s, not at %s"), d->actor, d->user.sites, c->site);
	cd_money mine = desk_limit(d, p.remedy);
	if (mine < p.amount)
		return cd_fail(err, CD_EPERM, _("%s (%s) may approve up to %.2f yuan of %s; this is %.2f yuan and needs %s"),
			       d->actor, desk_role_label(d), cd_money_yuan(mine),
			       cd_label_text(&cd_list_find(&d->cfg->remedies, p.remedy)->name, p.remedy),
			       cd_money_yuan(p.amount),
			       p.approver ? cd_label_text(&p.approver->name, p.approver->id) : "?");
	c->awaiting = 0;
	if (a->kind == ACT_REFUSE) {
		if (check_text(_("the reason"), a->note, 1, err))
			return -1;
		return tx_add_event(d, c, now, "remedy_refused", -1, -1, a->note,
				 json_pack("{s:I}", "request", (json_int_t)p.request), NULL, err);
	}
	return tx_add_event(d, c, now, "remedy", -1, -1, a->note,
			 json_pack("{s:s,s:f,s:b,s:I}", "remedy", p.remedy, "amount", cd_money_yuan(p.amount), "agreed",
				   p.agreed, "request", (json_int_t)p.request), NULL, err);
}

static int do_satisfaction(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
			   cd_time now, struct cd_err *err)
{
	static const char *const axes[] = {"outcome", "procedure", "treatment"};
	json_t *data = json_object();
	for (int i = 0; i < 3; i++) {
		if (a->scores[i] < 1 || a->scores[i] > 5) {
			json_decref(data);
			return cd_fail(err, CD_EINPUT, _("the %s score must be 1 to 5"), axes[i]);
		}
		json_object_set_new(data, axes[i], json_integer(a->scores[i]));
	}
	json_object_set_new(data, "satisfied", json_boolean(a->satisfied));
	return tx_add_event(d, c, now, "satisfaction", -1, -1, a->note, data, NULL, err);
}

static int do_root_cause(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
			 cd_time now, struct cd_err *err)
{
	if (cd_cause_side_index(a->how) < 0)
		return cd_fail(err, CD_EINPUT, _("unknown cause side '%s' (known: staff, company, external, customer)"),
			       a->how ? a->how : "");
	if (check_text(_("the cause"), a->note, 1, err) || check_text(_("the measure"), a->measure, 0, err) ||
	    check_text(_("the measure's owner"), a->measure_owner, 0, err))
		return -1;
	json_t *data = json_pack("{s:s}", "side", a->how);
	if (a->measure)
		json_object_set_new(data, "measure", json_string(a->measure));
	if (a->measure_owner)
		json_object_set_new(data, "measure_owner", json_string(a->measure_owner));
	if (a->due != CD_TIME_NONE)
		json_object_set_new(data, "measure_due", json_integer(a->due));
	return tx_add_event(d, c, now, "root_cause", -1, -1, a->note, data, NULL, err);
}

/* The root cause a measure_done refers to: ref, or the oldest whose
 * measure is not yet carried out. Fills *cause with the event id. */
static int open_measure(struct cd_desk *d, const struct cd_complaint *c, int64_t ref, int64_t *cause,
			struct cd_err *err)
{
	struct cd_events ev;
	if (store_events(d->st, c->id, &ev, err))
		return -1;
	*cause = 0;
	for (size_t i = 0; i < ev.n && !*cause; i++) {
		const struct cd_event *e = &ev.v[i];
		if (strcmp(e->kind, "root_cause") != 0 || (ref && e->id != ref) || !e->data ||
		    !strstr(e->data, "\"measure\""))
			continue;
		if (!cd_measure_carried(&ev, i))
			*cause = e->id;
	}
	cd_events_free(&ev);
	if (*cause)
		return 0;
	return ref ? cd_fail(err, CD_ESTATE, _("complaint #%lld has no preventive measure %lld still to carry out"),
			     (long long)c->id, (long long)ref)
		   : cd_fail(err, CD_ESTATE, _("complaint #%lld has no preventive measure still to carry out"),
			     (long long)c->id);
}

/* A preventive measure was carried out; allowed after closing, since
 * prevention outlives the complaint. */
static int do_measure_done(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
			   cd_time now, struct cd_err *err)
{
	int64_t cause;
	if (open_measure(d, c, a->ref, &cause, err))
		return -1;
	return tx_add_event(d, c, now, "measure_done", -1, -1, a->note,
			 json_pack("{s:I}", "cause", (json_int_t)cause), NULL, err);
}

/* Changing fields: each change is kept in the event as [old, new]. */
static int do_update(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a,
		     cd_time now, struct cd_err *err)
{
	struct cd_complaint next = *c;
	json_t *data = json_object();
	int changed = 0;
	if (!a->fields)
		goto none;
	for (size_t i = 0; i < cd_nfields; i++) {
		const struct cd_field *f = &cd_fields[i];
		const char *v = *cd_field_ptr((struct cd_complaint *)a->fields, f);
		const char *old = *cd_field_ptr(c, f);
		if (!v || strcmp(v, old ? old : "") == 0)
			continue;
		if (strcmp(f->name, "receiver") == 0 || strcmp(f->name, "owner") == 0) {
			json_decref(data);
			return cd_fail(err, CD_EINPUT, _("the field '%s' cannot be changed (use assign to hand over)"), f->name);
		}
		*cd_field_ptr(&next, f) = (char *)v;
		changed = 1;
	}
	if (!changed)
		goto none;
	/* Once recorded, what the record step needs must stay filled in. And
	 * checked before the JSON is built: jansson takes no invalid UTF-8. */
	int recorded = c->state != ST_RECEIVED && c->state != ST_LISTENED && c->state != ST_APOLOGIZED;
	if (desk_validate(d, &next, recorded, err)) {
		json_decref(data);
		return -1;
	}
	for (size_t i = 0; i < cd_nfields; i++) {
		const char *old = *cd_field_ptr(c, &cd_fields[i]), *v = *cd_field_ptr(&next, &cd_fields[i]);
		if (v != old)
			json_object_set_new(data, cd_fields[i].name, json_pack("[s?,s]", old, v));
	}
	const char *key;
	json_t *val;
	json_object_foreach(data, key, val) {
		char **p = cd_field_ptr(c, cd_field_find(key));
		free(*p);
		*p = str_empty(json_string_value(json_array_get(val, 1))) ? NULL
		     : xstrdup(json_string_value(json_array_get(val, 1)));
	}
	return tx_add_event(d, c, now, "update", -1, -1, a->note, data, NULL, err);
none:
	json_decref(data);
	return cd_fail(err, CD_EINPUT, _("nothing to change"));
}

static int dispatch(struct cd_desk *d, struct cd_complaint *c, const struct cd_action *a, cd_time now,
		    struct cd_err *err)
{
	if (a->note && check_text(_("the note"), a->note, 0, err))
		return -1;
	if (cd_state_is_final(c->state) && a->kind != ACT_NOTE && a->kind != ACT_MEASURE_DONE &&
	    !(a->kind == ACT_STEP && a->step == STEP_REOPEN))
		return cd_fail(err, CD_ESTATE, _("complaint #%lld is %s; reopen it first"),
			       (long long)c->id, cd_state_label(c->state));
	enum cd_perm need = a->kind == ACT_ASSIGN ? PERM_ASSIGN : a->kind == ACT_ESCALATE ? PERM_ESCALATE
			  : PERM_HANDLE;
	/* Steps are checked per state passed, remedies against the limit,
	   decisions on approval against the decider's limit. */
	if (a->kind != ACT_STEP && a->kind != ACT_APPROVE && a->kind != ACT_REFUSE && desk_may(d, need, c, err))
		return -1;
	switch (a->kind) {
	case ACT_STEP:
		return do_step(d, c, a, now, err);
	case ACT_APPROVE:
	case ACT_REFUSE:
		return do_decide(d, c, a, now, err);
	case ACT_PAUSE:
	case ACT_RESUME:
		return do_pause(d, c, a, now, err);
	case ACT_ASSIGN:
		return do_assign(d, c, a, now, err);
	case ACT_ESCALATE:
		return do_escalate(d, c, a, now, err);
	case ACT_REMEDY:
		return do_remedy(d, c, a, now, err);
	case ACT_SATISFACTION:
		return do_satisfaction(d, c, a, now, err);
	case ACT_ROOT_CAUSE:
		return do_root_cause(d, c, a, now, err);
	case ACT_UPDATE:
		return do_update(d, c, a, now, err);
	case ACT_MEASURE_DONE:
		return do_measure_done(d, c, a, now, err);
	default:
		return do_simple(d, c, a, now, err);
	}
}

int desk_act(struct cd_desk *d, int64_t id, const struct cd_action *a, struct cd_err *err)
{
	struct cd_complaint c;
	cd_time now = cd_now();
	char t1[32], t2[32];

	if (desk_writes_now(d, err) || tx_begin(d, err))
		return -1;
	if (store_get_complaint(d->st, id, &c, err)) {
		tx_rollback(d);
		return -1;
	}
	const char *tz = cd_site_tz(d->cfg, c.site);
	if (a->expect_state >= 0 && (int)c.state != a->expect_state)
		cd_fail(err, CD_ESTATE, _("complaint #%lld was changed meanwhile: it is now %s"),
			(long long)id, cd_state_label(c.state));
	else if (now < c.updated_at)
		cd_fail(err, CD_EINPUT, _("the time now (%s) is before the last change of complaint #%lld (%s)"),
			cd_format_time(now, tz, t1), (long long)id, cd_format_time(c.updated_at, tz, t2));
	else if (!dispatch(d, &c, a, now, err) && !finish(d, &c, now, NULL, err) &&
		 !tx_commit(d, err)) {
		cd_complaint_free(&c);
		return 0;
	}
	tx_rollback(d);
	if (err && err->code == CD_EPERM)
		desk_audit(d, "denied", id, json_pack("{s:s}", "reason", err->msg), NULL);
	cd_complaint_free(&c);
	return -1;
}

int desk_begin(struct cd_desk *d, struct cd_err *err) { return tx_begin(d, err); }
int desk_commit(struct cd_desk *d, struct cd_err *err) { return tx_commit(d, err); }
void desk_rollback(struct cd_desk *d) { tx_rollback(d); }

static int pending_rules(struct cd_desk *d, const struct cd_complaint *c, const struct cd_clocks *k,
			 size_t *ids, size_t max, size_t *n, struct cd_err *err)
{
	cd_time now = cd_now();
	struct strlist fired = {0};
	int r = store_rules_fired(d->st, c->id, &fired, err);
	*n = 0;
	for (size_t i = 0; i < d->cfg->nrules && *n < max && !r; i++) {
		int due;
		r = rule_due(d, &d->cfg->rules[i], c, k, &fired, now, &due, err);
		if (!r && due)
			ids[(*n)++] = i;
	}
	sl_free(&fired);
	return r ? -1 : 0;
}

/* The complaint as stored and its clocks (no masks: the rules read the
 * phone). */
static int read_complaint(struct cd_desk *d, int64_t id, struct cd_complaint *c, struct cd_clocks *k,
			  struct cd_err *err)
{
	if (store_get_complaint(d->st, id, c, err))
		return -1;
	if (store_clocks(d->st, id, k, err)) {
		cd_complaint_free(c);
		return -1;
	}
	return 0;
}

int desk_pending_rules(struct cd_desk *d, int64_t id, size_t *ids, size_t max, size_t *n, struct cd_err *err)
{
	struct cd_complaint c;
	struct cd_clocks k;
	*n = 0;
	if (read_complaint(d, id, &c, &k, err))
		return -1;
	int r = desk_view(d, &c, err) || pending_rules(d, &c, &k, ids, max, n, err) ? -1 : 0;
	cd_clocks_free(&k);
	cd_complaint_free(&c);
	return r;
}

struct sweep_ctx {
	struct cd_desk *d;
	struct cd_err *err;
	cd_time now;
	int checked, fired;
};

static int sweep_one(void *ctx, int64_t id)
{
	struct sweep_ctx *s = ctx;
	struct cd_complaint c;
	struct cd_clocks k;
	size_t pending[64], n;
	s->checked++;
	if (read_complaint(s->d, id, &c, &k, s->err))
		return -1;
	int warnings = 0;
	int r = pending_rules(s->d, &c, &k, pending, 64, &n, s->err);
	if (!r && n == 0)
		r = notify_warnings(s->d, &c, &k, s->now, 0, &warnings, s->err);
	cd_clocks_free(&k);
	cd_complaint_free(&c);
	if (r || (n == 0 && warnings == 0))
		return r;
	/* Something fires: do it in a transaction on a fresh read. */
	if (tx_begin(s->d, s->err))
		return -1;
	if (n == 0) {
		/* Only the owner's warnings: the outbox, not the complaint (its
		 * time of last change stays what it was). */
		int w;
		r = read_complaint(s->d, id, &c, &k, s->err) ? -1 : 0;
		if (!r) {
			r = notify_warnings(s->d, &c, &k, s->now, 1, &w, s->err);
			cd_clocks_free(&k);
			cd_complaint_free(&c);
		}
		if (r || tx_commit(s->d, s->err)) {
			tx_rollback(s->d);
			return -1;
		}
		return 0;
	}
	if (store_get_complaint(s->d->st, id, &c, s->err)) {
		tx_rollback(s->d);
		return -1;
	}
	if (finish(s->d, &c, s->now, &s->fired, s->err) || tx_commit(s->d, s->err)) {
		tx_rollback(s->d);
		cd_complaint_free(&c);
		return -1;
	}
	cd_complaint_free(&c);
	return 0;
}

int desk_sweep(struct cd_desk *d, struct desk_swept *out, struct cd_err *err)
{
	struct sweep_ctx s = {d, err, cd_now(), 0, 0};
	memset(out, 0, sizeof *out);
	if (desk_writes_now(d, err))
		return -1;
	int64_t open_days = rules_min_open_days(d->cfg);
	cd_time received_before = open_days < 0 ? INT64_MIN : s.now - open_days;
	int r = store_sweep_candidates(d->st, s.now + rules_max_lead(d->cfg) + 1, received_before,
				       sweep_one, &s, err);
	out->checked = s.checked;
	out->escalations = s.fired;
	/* The digests and the monthly report are the sweep's too: it is what
	 * runs on a timer and writes the outbox; notify only delivers. */
	if (!r)
		r = notify_scheduled(d, s.now, &out->scheduled, err);
	return r;
}
