/* Messages recorded in the outbox, in the transaction of the event that
 * causes them: an escalation to the people and channels of the role it
 * names at the complaint's site, a warning to the owner as a clock enters
 * its warning window. Who, when and what are core/notify.c's. */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/calendar.h"
#include "cdesk/i18n.h"
#include "cdesk/mask.h"
#include "cdesk/notify.h"
#include "cdesk/report.h"
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

/* Scheduled messages ---------------------------------------------------- */

/* An account as the scheduler needs it, copied out of the store's walk. */
struct person {
	struct cd_user u;
};
struct persons {
	struct person *v;
	size_t n;
};

static char *dup0(const char *s) { return s ? xstrdup(s) : NULL; }

static int take_person(void *ctx, const struct cd_user *u)
{
	struct persons *l = ctx;
	if (u->disabled || (str_empty(u->email) && str_empty(u->webhook)))
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	struct cd_user *c = &l->v[l->n++].u;
	memset(c, 0, sizeof *c);
	c->name = dup0(u->name);
	c->role = dup0(u->role);
	c->sites = dup0(u->sites);
	c->email = dup0(u->email);
	c->webhook = dup0(u->webhook);
	c->lang = dup0(u->lang);
	return 0;
}

static void persons_free(struct persons *l)
{
	for (size_t i = 0; i < l->n; i++)
		cd_user_free(&l->v[i].u);
	free(l->v);
}

/* The zone a person's day is counted in: their first site's, else the
 * configuration's. */
static const char *person_tz(const struct cd_config *cfg, const struct cd_user *u)
{
	if (!u->sites || strcmp(u->sites, "*") == 0 || !*u->sites)
		return cfg->timezone;
	char site[64];
	snprintf(site, sizeof site, "%.*s", (int)strcspn(u->sites, ","), u->sites);
	return cd_site_tz(cfg, site);
}

/* Messages worked out, recorded together. */
struct pending {
	struct cd_message *v;
	size_t n;
};

static void pend(struct pending *p, const char *kind, const char *cause, const struct cd_recipient *to,
		 const char *subject, const char *body, const char *attachment, cd_time now, cd_time due)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	struct cd_message *m = &p->v[p->n++];
	memset(m, 0, sizeof *m);
	m->kind = xstrdup(kind);
	m->cause = xstrdup(cause);
	m->recipient = xstrdup(to->name);
	m->channel = xstrdup(to->channel);
	m->address = xstrdup(to->address);
	m->lang = xstrdup(to->lang);
	m->subject = xstrdup(subject);
	m->body = xstrdup(body);
	m->attachment = dup0(attachment);
	m->created_at = now;
	m->due_at = due;
}

/* Record p's messages, and meta key = val when key is given (what is
 * done, with what it did), in one transaction. */
static int record_pending(struct cd_desk *d, struct pending *p, const char *key, const char *val, int *n,
			  struct cd_err *err)
{
	int r = 0;
	if (p->n || key) {
		if (tx_begin(d, err))
			r = -1;
		for (size_t i = 0; !r && i < p->n; i++) {
			int one = 0;
			r = store_outbox_add(d->st, &p->v[i], &one, err);
			*n += one;
		}
		if (!r && key)
			r = store_meta_set(d->st, key, val, err);
		if (!r && tx_commit(d, err))
			r = -1;
		if (r)
			tx_rollback(d);
	}
	for (size_t i = 0; i < p->n; i++)
		cd_message_free(&p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
	return r;
}

struct digest {
	const struct cd_config *cfg;
	cd_time now, day_end;
	struct cd_digest_line *v;
	size_t n;
};

static int digest_line(void *ctx, const struct cd_clock *k, const struct cd_complaint *c)
{
	struct digest *g = ctx;
	cd_time due;
	enum cd_clock_status st = sla_status(g->cfg, cd_site_tz(g->cfg, c->site), k, g->now, &due);
	if (st == CS_PAUSED || st == CS_MET || st == CS_STOPPED || due == CD_TIME_NONE || due >= g->day_end)
		return 0;
	g->v = xreallocarray(g->v, g->n + 1, sizeof *g->v);
	struct cd_digest_line *l = &g->v[g->n++];
	struct strbuf name;
	sb_init(&name);
	if (!str_empty(c->customer))
		cd_mask_name(c->customer, &name);
	l->complaint = c->id;
	l->customer = name.s ? name.s : xstrdup("");
	l->site = dup0(c->site);
	l->clock = *k;
	l->due = due;
	return 0;
}

static int by_due(const void *a, const void *b)
{
	const struct cd_digest_line *x = a, *y = b;
	return x->due < y->due ? -1 : x->due > y->due ? 1 : (x->complaint > y->complaint) - (x->complaint < y->complaint);
}

/* In [at, the end of business hours) of a working day, in tz: the day. */
static int scheduled_day(const struct cd_config *cfg, const char *tz, cd_time now, int at, int32_t *day)
{
	int sod;
	cd_local(now, tz, day, &sod);
	if (at < 0)
		at = cfg->cal.hours_start;
	int end = at < cfg->cal.hours_end ? cfg->cal.hours_end : 86400;
	return cal_is_workday(&cfg->cal, *day) && sod >= at && sod < end;
}

/* Is the digest of day in its zone made? Its meta key holds the last day
 * made. */
static int digest_made(struct cd_desk *d, const char *key, const char *day, struct cd_err *err)
{
	char *have = NULL;
	if (store_meta_get(d->st, key, &have, err))
		return -1;
	int made = have && strcmp(have, day) >= 0;
	free(have);
	return made;
}

/* The digests are made once a working day, by the first sweep from
 * notify.digest.at until business hours end, for everyone whose day is
 * counted in the same zone (meta digest_day:ZONE keeps the day made):
 * those with something due then get one, the day its cause, so it is
 * once whatever runs at the same time. Nothing due then, none that day. */
static int digests(struct cd_desk *d, cd_time now, const struct persons *pl, int *n, struct cd_err *err)
{
	const struct cd_config *cfg = d->cfg;
	struct strlist zones = {0};
	for (size_t i = 0; i < pl->n; i++)
		if (!sl_has(&zones, person_tz(cfg, &pl->v[i].u)))
			sl_push(&zones, person_tz(cfg, &pl->v[i].u));
	int rc = 0;
	for (size_t z = 0; z < zones.n && !rc; z++) {
		const char *tz = zones.v[z];
		int32_t day;
		char cause[16];
		if (!scheduled_day(cfg, tz, now, cfg->notify.digest_at, &day))
			continue;
		char *key = xasprintf("digest_day:%s", tz);
		cd_format_day(day, cause);
		int made = digest_made(d, key, cause, err);
		struct pending p = {NULL, 0};
		for (size_t i = 0; made == 0 && !rc && i < pl->n; i++) {
			const struct cd_user *u = &pl->v[i].u;
			if (strcmp(person_tz(cfg, u), tz) != 0 ||
			    (cfg->notify.digest_roles.n && !sl_has(&cfg->notify.digest_roles, u->role)))
				continue;
			struct cd_recipients r = {0};
			notify_add_user(cfg, &r, u);
			struct digest g = {cfg, now, cd_instant(day + 1, 0, tz), NULL, 0};
			struct cd_filter f;
			cd_filter_init(&f);
			f.owner = u->name;
			rc = r.n ? store_open_clocks(d->st, g.day_end, &f, digest_line, &g, err) : 0;
			if (!rc && g.n) {
				qsort(g.v, g.n, sizeof *g.v, by_due);
				for (size_t j = 0; j < r.n; j++) {
					char *subject, *body;
					notify_render_digest(cfg, g.v, g.n, day, tz, now, r.v[j].lang, &subject, &body);
					pend(&p, "digest", cause, &r.v[j], subject, body, NULL, now, now);
					free(subject);
					free(body);
				}
			}
			for (size_t j = 0; j < g.n; j++) {
				free(g.v[j].customer);
				free(g.v[j].site);
			}
			free(g.v);
			notify_recipients_free(&r);
		}
		if (made < 0)
			rc = -1;
		if (made == 0 && !rc)
			rc = record_pending(d, &p, key, cause, n, err);
		for (size_t i = 0; i < p.n; i++)
			cd_message_free(&p.v[i]);
		free(p.v);
		free(key);
	}
	sl_free(&zones);
	return rc;
}

/* The first working day of the month holding day, in the calendar. */
static int32_t first_workday(const struct cd_calendar *cal, int32_t day)
{
	int y, m, dd;
	cd_civil_from_days(day, &y, &m, &dd);
	int32_t first = cd_days_from_civil(y, m, 1);
	for (int32_t x = first; x < first + 31; x++)
		if (cal_is_workday(cal, x))
			return x;
	return first;
}

/* Who gets the report of a site (NULL: every site), and with what. */
struct report_to {
	char *site;
	struct cd_recipients r;
};

static struct report_to *report_for(struct report_to **v, size_t *n, const char *site)
{
	for (size_t i = 0; i < *n; i++)
		if ((!site && !(*v)[i].site) || (site && (*v)[i].site && strcmp(site, (*v)[i].site) == 0))
			return &(*v)[i];
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	struct report_to *t = &(*v)[(*n)++];
	t->site = dup0(site);
	memset(&t->r, 0, sizeof t->r);
	return t;
}

static int monthly_report(struct cd_desk *d, cd_time now, const struct persons *pl, int *n, struct cd_err *err)
{
	const struct cd_config *cfg = d->cfg;
	const char *tz = cfg->timezone;
	int32_t day;
	int sod;
	cd_local(now, tz, &day, &sod);
	int32_t first = first_workday(&cfg->cal, day);
	int at = cfg->notify.report_at >= 0 ? cfg->notify.report_at : cfg->cal.hours_start;
	/* From the first working day's hour on, for the rest of the month: a
	 * sweep that did not run that day still records it, once. */
	if (day < first || (day == first && sod < at))
		return 0;
	struct rp_query q;
	report_month_of(now, tz, &q);
	report_shift(&q, -1);
	char month[64];
	report_period_text(&q, month);
	struct strlist done = {0};
	if (store_outbox_causes(d->st, 0, "report", &done, err))
		return -1;
	/* Every cause of this month, for every site, is recorded at once. */
	int had = 0;
	for (size_t i = 0; i < done.n; i++)
		had |= strncmp(done.v[i], month, strlen(month)) == 0 &&
		       (done.v[i][strlen(month)] == '\0' || done.v[i][strlen(month)] == '@');
	sl_free(&done);
	if (had)
		return 0;
	struct report_to *to = NULL;
	size_t nto = 0;
	const struct strlist *roles = &cfg->notify.report_roles;
	for (size_t i = 0; i < pl->n; i++) {
		const struct cd_user *u = &pl->v[i].u;
		if (!sl_has(roles, u->role))
			continue;
		if (!u->sites || strcmp(u->sites, "*") == 0) {
			notify_add_user(cfg, &report_for(&to, &nto, NULL)->r, u);
			continue;
		}
		for (const char *p = u->sites; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			char site[64];
			snprintf(site, sizeof site, "%.*s", (int)strcspn(p, ","), p);
			if (cd_list_find(&cfg->sites, site))
				notify_add_user(cfg, &report_for(&to, &nto, site)->r, u);
		}
	}
	for (size_t i = 0; i < cfg->notify.nchannels; i++) {
		const struct cd_notify_channel *ch = &cfg->notify.channels[i];
		int theirs = ch->roles.n == 0;
		for (size_t j = 0; j < roles->n && !theirs; j++)
			theirs = sl_has(&ch->roles, roles->v[j]);
		if (!theirs)
			continue;
		if (!ch->sites.n)
			notify_add_channel(cfg, &report_for(&to, &nto, NULL)->r, ch);
		for (size_t j = 0; j < ch->sites.n; j++)
			notify_add_channel(cfg, &report_for(&to, &nto, ch->sites.v[j])->r, ch);
	}
	struct pending p = {NULL, 0};
	int rc = 0;
	for (size_t i = 0; i < nto && !rc; i++) {
		struct rp_query sq = q;
		sq.site = to[i].site;
		char cause[128];
		if (to[i].site)
			snprintf(cause, sizeof cause, "%s@%s", month, to[i].site);
		else
			snprintf(cause, sizeof cause, "%s", month);
		/* One report per language. */
		for (int zh = 0; zh < 2 && !rc; zh++) {
			const char *lang = zh ? "zh_CN" : "en";
			char *subject = NULL, *body = NULL, *html = NULL;
			for (size_t j = 0; j < to[i].r.n && !rc; j++) {
				const struct cd_recipient *x = &to[i].r.v[j];
				if (strcmp(x->lang, lang) != 0)
					continue;
				if (!html && desk_report_message(d, &sq, lang, &subject, &body, &html, err))
					rc = -1;
				else
					pend(&p, "report", cause, x, subject, body,
					     strcmp(x->channel, "email") == 0 ? html : NULL, now,
					     notify_due(cfg, tz, now, 0));
			}
			free(subject);
			free(body);
			free(html);
		}
	}
	for (size_t i = 0; i < nto; i++) {
		free(to[i].site);
		notify_recipients_free(&to[i].r);
	}
	free(to);
	if (rc) {
		for (size_t i = 0; i < p.n; i++)
			cd_message_free(&p.v[i]);
		free(p.v);
		return -1;
	}
	return record_pending(d, &p, NULL, NULL, n, err);
}

int notify_scheduled(struct cd_desk *d, cd_time now, int *n, struct cd_err *err)
{
	*n = 0;
	if (d->generating || (!d->cfg->notify.digest && !d->cfg->notify.report))
		return 0;
	struct persons pl = {NULL, 0};
	int rc = store_users(d->st, take_person, &pl, err);
	if (!rc && d->cfg->notify.digest)
		rc = digests(d, now, &pl, n, err);
	if (!rc && d->cfg->notify.report)
		rc = monthly_report(d, now, &pl, n, err);
	persons_free(&pl);
	return rc;
}

int desk_sees_site_messages(struct cd_desk *d)
{
	return desk_may(d, PERM_REPORT, NULL, NULL) == 0;
}

int desk_my_messages(struct cd_desk *d, int sites, int limit, desk_message_cb cb, void *ctx, struct cd_err *err)
{
	if (sites && desk_require(d, PERM_REPORT, NULL, err))
		return -1;
	const char *scope = NULL;
	if (sites)
		scope = desk_sites(d) ? desk_sites(d) : "*";
	struct msg_walk w = {cb, ctx};
	return store_outbox_of_recipient(d->st, d->actor, scope, limit, each, &w, err);
}
