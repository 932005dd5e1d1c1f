/* Messages recorded in the outbox, in the transaction of the event that
 * causes them: an escalation to the people and channels of the role it
 * names at the complaint's site, a warning to the owner as a clock enters
 * its warning window. Who, when and what are core/notify.c's. */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/i18n.h"
#include "cdesk/notify.h"
#include "cdesk/sla.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct people {
	const struct cd_desk *d;
	const char *role, *site;
	struct cd_recipients *r;
};

static int add_if_theirs(void *ctx, const struct cd_user *u)
{
	struct people *p = ctx;
	if (notify_user_is(u, p->role, p->site))
		notify_add_user(p->d->cfg, p->r, u);
	return 0;
}

/* Record one message to each recipient (those already recorded for the
 * same cause stay as they are). */
static int record(struct cd_desk *d, const struct cd_notice *n, const char *kind, const char *cause,
		  const struct cd_recipients *r, cd_time now, int urgent, int *added, struct cd_err *err)
{
	const char *tz = cd_site_tz(d->cfg, n->c->site);
	for (size_t i = 0; i < r->n; i++) {
		struct cd_message m = {0};
		m.complaint_id = n->c->id;
		m.kind = (char *)kind;
		m.cause = (char *)cause;
		m.recipient = r->v[i].name;
		m.channel = r->v[i].channel;
		m.address = r->v[i].address;
		m.lang = r->v[i].lang;
		m.created_at = now;
		m.due_at = notify_due(d->cfg, tz, now, urgent);
		notify_render(d->cfg, n, m.lang, &m.subject, &m.body);
		int one = 0;
		int rc = store_outbox_add(d->st, &m, &one, err);
		free(m.subject);
		free(m.body);
		if (rc)
			return -1;
		if (added)
			*added += one;
	}
	return 0;
}

static const struct cd_clock *clock_of(const struct cd_clocks *k, const char *kind)
{
	const struct cd_clock *best = NULL;
	for (size_t i = 0; k && kind && i < k->n; i++)
		if (strcmp(k->v[i].kind, kind) == 0)
			best = &k->v[i];
	return best;
}

int notify_escalation(struct cd_desk *d, const struct cd_complaint *c, cd_time now, const char *rule,
		      int64_t event_id, const char *role, int level, const char *note, const struct cd_clocks *k,
		      struct cd_err *err)
{
	if (d->generating)
		return 0;
	struct cd_recipients r = {0};
	struct people p = {d, role, c->site, &r};
	if (store_users(d->st, add_if_theirs, &p, err))
		return -1;
	notify_add_channels(d->cfg, &r, role, c->site);
	const struct cd_rule *def = NULL;
	for (size_t i = 0; rule && i < d->cfg->nrules; i++)
		if (strcmp(d->cfg->rules[i].id, rule) == 0)
			def = &d->cfg->rules[i];
	struct cd_notice n = {c, 0, def ? clock_of(k, def->clock) : NULL, rule, role, level, note};
	char cause[48];
	if (rule)
		snprintf(cause, sizeof cause, "%s", rule);
	else
		snprintf(cause, sizeof cause, "event-%lld", (long long)event_id);
	int rc = record(d, &n, "escalation", cause, &r, now, def && def->urgent, NULL, err);
	notify_recipients_free(&r);
	return rc;
}

/* The owner's warnings due at now: for each clock instance in its warning
 * window, recorded when rec, else only counted (*due) when not yet. */
int notify_warnings(struct cd_desk *d, const struct cd_complaint *c, const struct cd_clocks *k, cd_time now,
		    int rec, int *due, struct cd_err *err)
{
	if (due)
		*due = 0;
	if (d->generating || !d->cfg->notify.warn_owner || !k)
		return 0;
	const char *tz = cd_site_tz(d->cfg, c->site);
	size_t warn = 0;
	for (size_t i = 0; i < k->n; i++) {
		cd_time at;
		warn += sla_status(d->cfg, tz, &k->v[i], now, &at) == CS_WARNING;
	}
	if (!warn)
		return 0;
	struct cd_user u = {0};
	struct cd_err e;
	if (store_user_get(d->st, c->owner, &u, &e))
		return e.code == CD_ENOTFOUND ? 0 : (*err = e, -1);
	struct cd_recipients r = {0};
	notify_add_user(d->cfg, &r, &u);
	cd_user_free(&u);
	struct strlist done = {0};
	int rc = r.n ? store_outbox_causes(d->st, c->id, "warning", &done, err) : 0;
	for (size_t i = 0; i < k->n && r.n && !rc; i++) {
		cd_time at;
		if (sla_status(d->cfg, tz, &k->v[i], now, &at) != CS_WARNING)
			continue;
		char cause[48];
		snprintf(cause, sizeof cause, "%s-%d", k->v[i].kind, k->v[i].seq);
		if (sl_has(&done, cause))
			continue;
		if (!rec) {
			if (due)
				(*due)++;
			continue;
		}
		struct cd_clock shown = k->v[i];
		shown.due = at;
		struct cd_notice n = {c, 1, &shown, NULL, NULL, 0, NULL};
		rc = record(d, &n, "warning", cause, &r, now, notify_warning_urgent(d->cfg, k->v[i].kind), due, err);
	}
	sl_free(&done);
	notify_recipients_free(&r);
	return rc ? -1 : 0;
}

struct msg_walk {
	desk_message_cb cb;
	void *ctx;
};

static int each(void *ctx, const struct cd_message *m)
{
	struct msg_walk *w = ctx;
	return w->cb(w->ctx, m);
}

int desk_messages(struct cd_desk *d, int64_t id, desk_message_cb cb, void *ctx, struct cd_err *err)
{
	struct cd_complaint c;
	if (store_get_complaint(d->st, id, &c, err))
		return -1;
	int r = desk_view(d, &c, err);
	cd_complaint_free(&c);
	struct msg_walk w = {cb, ctx};
	return r ? -1 : store_outbox_of(d->st, id, each, &w, err);
}
