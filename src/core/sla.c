/* Clock instances from the event log. One pass over the events per clock
 * definition: a matching "starts" event opens an instance, a "met_by" event
 * meets it (and opens the next round of a repeating clock), an "ends" state
 * or a final state stops it; pause and resume move a pausable deadline. */
#include "cdesk/sla.h"
#include "cdesk/calendar.h"
#include "cdesk/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static int matches(const struct strlist *names, const struct cd_event *e)
{
	for (size_t i = 0; i < names->n; i++) {
		if (strcmp(names->v[i], e->kind) == 0)
			return 1;
		if (e->to_state >= 0 && strcmp(names->v[i], cd_state_id(e->to_state)) == 0)
			return 1;
	}
	return 0;
}

static int is_final_step(const struct cd_event *e)
{
	return e->to_state >= 0 && cd_state_is_final(e->to_state);
}

static void push(struct cd_clocks *out, const struct cd_clock *k)
{
	out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
	out->v[out->n++] = *k;
}

static void open_instance(struct cd_clock *k, const struct cd_config *cfg, const char *tz,
			  const struct cd_clockdef *def, int64_t cid, int seq, cd_time at,
			  cd_time pause_start)
{
	memset(k, 0, sizeof *k);
	k->complaint_id = cid;
	snprintf(k->kind, sizeof k->kind, "%s", def->id);
	k->seq = seq;
	k->started = at;
	k->due = cal_add(&cfg->cal, tz, at, &def->within);
	k->met = k->stopped = CD_TIME_NONE;
	k->paused_since = def->pausable && pause_start != CD_TIME_NONE ? at : CD_TIME_NONE;
}

static void compute_def(const struct cd_config *cfg, const char *tz, const struct cd_clockdef *def,
			const struct cd_complaint *c, const struct cd_events *ev, struct cd_clocks *out)
{
	struct cd_clock cur;
	int active = 0, seq = 0;
	cd_time pause_start = CD_TIME_NONE;

	for (size_t i = 0; i < ev->n; i++) {
		const struct cd_event *e = &ev->v[i];
		if (strcmp(e->kind, "pause") == 0 && pause_start == CD_TIME_NONE) {
			pause_start = e->at;
			if (active && def->pausable)
				cur.paused_since = e->at;
			continue;
		}
		if (strcmp(e->kind, "resume") == 0 && pause_start != CD_TIME_NONE) {
			if (active && cur.paused_since != CD_TIME_NONE) {
				cur.due = cal_extend(&cfg->cal, tz, cur.due, def->within.unit,
						     cur.paused_since, e->at);
				cur.paused_since = CD_TIME_NONE;
			}
			pause_start = CD_TIME_NONE;
			continue;
		}
		if (active && matches(&def->met_by, e)) {
			if (cur.paused_since != CD_TIME_NONE)
				cur.due = cal_extend(&cfg->cal, tz, cur.due, def->within.unit,
						     cur.paused_since, e->at);
			cur.paused_since = CD_TIME_NONE;
			cur.met = e->at;
			push(out, &cur);
			active = 0;
			if (def->repeat) {
				open_instance(&cur, cfg, tz, def, c->id, ++seq, e->at, pause_start);
				active = 1;
			}
			continue;
		}
		if (active && e->to_state >= 0 && (matches(&def->ends, e) || is_final_step(e))) {
			cur.stopped = e->at;
			push(out, &cur);
			active = 0;
			continue;
		}
		if (!active && matches(&def->starts, e) && !is_final_step(e)) {
			open_instance(&cur, cfg, tz, def, c->id, ++seq, e->at, pause_start);
			active = 1;
		}
	}
	if (active)
		push(out, &cur);
}

cd_time sla_promise_due(const struct cd_event *e)
{
	cd_time due = CD_TIME_NONE;
	json_t *j = e->data ? json_loads(e->data, 0, NULL) : NULL;
	json_t *d = j ? json_object_get(j, "due") : NULL;
	if (json_is_integer(d))
		due = json_integer_value(d);
	json_decref(j);
	return due;
}

int64_t sla_kept_ref(const struct cd_event *e)
{
	int64_t ref = 0;
	json_t *j = e->data ? json_loads(e->data, 0, NULL) : NULL;
	json_t *d = j ? json_object_get(j, "promise") : NULL;
	if (json_is_integer(d))
		ref = json_integer_value(d);
	json_decref(j);
	return ref;
}

static void compute_promises(const struct cd_complaint *c, const struct cd_events *ev,
			     struct cd_clocks *out)
{
	size_t first = out->n;
	int seq = 0;
	for (size_t i = 0; i < ev->n; i++) {
		const struct cd_event *e = &ev->v[i];
		if (strcmp(e->kind, "promise") == 0) {
			struct cd_clock k;
			memset(&k, 0, sizeof k);
			k.complaint_id = c->id;
			snprintf(k.kind, sizeof k.kind, "promise");
			k.seq = ++seq;
			k.ref = e->id;
			k.started = e->at;
			k.due = sla_promise_due(e);
			if (k.due == CD_TIME_NONE)
				k.due = e->at;
			k.met = k.stopped = k.paused_since = CD_TIME_NONE;
			push(out, &k);
		} else if (strcmp(e->kind, "promise_kept") == 0) {
			int64_t ref = sla_kept_ref(e);
			for (size_t j = first; j < out->n; j++) {
				struct cd_clock *k = &out->v[j];
				if (sla_is_open(k) && (ref == 0 || k->ref == ref)) {
					k->met = e->at;
					break;
				}
			}
		} else if (is_final_step(e)) {
			for (size_t j = first; j < out->n; j++)
				if (sla_is_open(&out->v[j]))
					out->v[j].stopped = e->at;
		}
	}
}

void sla_compute(const struct cd_config *cfg, const struct cd_complaint *c,
		 const struct cd_events *ev, struct cd_clocks *out)
{
	const char *tz = cd_site_tz(cfg, c->site);
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < cfg->nclocks; i++)
		compute_def(cfg, tz, &cfg->clocks[i], c, ev, out);
	compute_promises(c, ev, out);
}

int sla_is_open(const struct cd_clock *k)
{
	return k->met == CD_TIME_NONE && k->stopped == CD_TIME_NONE;
}

enum cd_clock_status sla_status(const struct cd_config *cfg, const char *tz,
				const struct cd_clock *k, cd_time now, cd_time *due_now)
{
	const struct cd_clockdef *def = cd_config_clock(cfg, k->kind);
	int64_t warn = def ? def->warn_before.amount : cfg->promise_warn.amount;
	cd_time due = k->due;

	if (k->paused_since != CD_TIME_NONE && sla_is_open(k) && def)
		due = cal_extend(&cfg->cal, tz, due, def->within.unit, k->paused_since, now);
	if (due_now)
		*due_now = due;
	if (k->met != CD_TIME_NONE)
		return CS_MET;
	if (k->stopped != CD_TIME_NONE)
		return k->stopped > due ? CS_BREACHED : CS_STOPPED;
	if (k->paused_since != CD_TIME_NONE)
		return CS_PAUSED;
	if (now >= due)
		return CS_BREACHED;
	if (now >= due - warn)
		return CS_WARNING;
	return CS_RUNNING;
}

const char *sla_clock_label(const struct cd_config *cfg, const struct cd_clock *k)
{
	const struct cd_clockdef *def = cd_config_clock(cfg, k->kind);
	if (def)
		return cd_label_text(&def->name, def->id);
	if (strcmp(k->kind, "promise") == 0)
		return _("Promise");
	return k->kind;
}
