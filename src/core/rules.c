/* Escalation rule evaluation. */
#include "cdesk/rules.h"
#include "cdesk/calendar.h"
#include "cdesk/sla.h"

#include <string.h>

/* A clock instance that was or is late by at least `after` seconds. */
static int clock_late(const struct cd_config *cfg, const char *tz, const struct cd_clock *k,
		      cd_time now, int on_breach, int64_t after)
{
	cd_time due;
	enum cd_clock_status s = sla_status(cfg, tz, k, now, &due);
	cd_time finished = k->met != CD_TIME_NONE ? k->met : k->stopped;
	if (finished != CD_TIME_NONE)
		return finished > due + (on_breach ? after : 0) ? 1 : 0;
	if (s == CS_PAUSED)
		return 0;
	if (on_breach)
		return s == CS_BREACHED && now >= due + after;
	return s == CS_WARNING || s == CS_BREACHED;
}

static int clock_condition(const struct cd_config *cfg, const struct cd_rule *r,
			   const struct cd_complaint *c, const struct cd_clocks *k, cd_time now)
{
	const char *tz = cd_site_tz(cfg, c->site);
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->v[i].kind, r->clock) == 0 &&
		    clock_late(cfg, tz, &k->v[i], now, r->on_breach, r->after))
			return 1;
	return 0;
}

static int in_list(const struct strlist *l, const char *v)
{
	return l->n == 0 || (v && sl_has(l, v));
}

cd_time rule_repeat_from(const struct cd_rule *r, cd_time t)
{
	int64_t span = r->repeat_within.amount;
	if (r->repeat_within.unit == DUR_WORKDAYS)
		span *= 86400;
	return t - span;
}

int rule_holds(const struct cd_config *cfg, const struct cd_rule *r,
	       const struct cd_complaint *c, const struct cd_clocks *k,
	       cd_time now, int64_t same_phone)
{
	if (cd_state_is_final(c->state))
		return 0;
	if (!in_list(&r->channels, c->channel) || !in_list(&r->categories, c->category) ||
	    !in_list(&r->severities, c->severity) || !in_list(&r->sites, c->site))
		return 0;
	if (r->clock && !clock_condition(cfg, r, c, k, now))
		return 0;
	if (r->repeat_count && same_phone < r->repeat_count)
		return 0;
	if (r->reopened && c->reopen_count < r->reopened)
		return 0;
	if (r->has_open_longer) {
		if (!cd_state_is_handling(c->state))
			return 0;
		cd_time limit = cal_add(&cfg->cal, cd_site_tz(cfg, c->site), c->received_at, &r->open_longer);
		if (now < limit)
			return 0;
	}
	return 1;
}

int64_t rules_max_lead(const struct cd_config *cfg)
{
	int64_t lead = cfg->promise_warn.amount;
	for (size_t i = 0; i < cfg->nclocks; i++)
		if (cfg->clocks[i].warn_before.amount > lead)
			lead = cfg->clocks[i].warn_before.amount;
	return lead;
}

int64_t rules_min_open_days(const struct cd_config *cfg)
{
	int64_t best = -1;
	for (size_t i = 0; i < cfg->nrules; i++) {
		const struct cd_rule *r = &cfg->rules[i];
		if (!r->has_open_longer)
			continue;
		/* N working days end on the N-th day after receipt at the
		 * earliest, so they span more than N-1 whole days; business
		 * time spans at least as much wall time. Both are safe lower
		 * bounds for the candidate query. */
		int64_t secs = r->open_longer.amount;
		if (r->open_longer.unit == DUR_WORKDAYS)
			secs = (r->open_longer.amount - 1) * 86400;
		if (best < 0 || secs < best)
			best = secs;
	}
	return best;
}
