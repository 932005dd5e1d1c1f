/* A complaint as its event log tells it: the fields written at intake and
 * changed since, the owner handed over, the state stepped through, the
 * escalation, the pause, the remedy awaiting approval. The stored row is
 * a copy kept for speed; audit verify holds it to this. */
#include "cdesk/replay.h"
#include "cdesk/i18n.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field's value from the log: a string, or NULL (purged, or none). */
static void set_field(struct cd_complaint *c, const struct cd_field *f, json_t *v)
{
	char **p = cd_field_ptr(c, f);
	free(*p);
	*p = json_is_string(v) && *json_string_value(v) ? xstrdup(json_string_value(v)) : NULL;
}

static void set_text(char **p, json_t *v)
{
	if (!json_is_string(v))
		return;
	free(*p);
	*p = xstrdup(json_string_value(v));
}

static void intake(struct cd_complaint *c, json_t *o)
{
	for (size_t i = 0; i < cd_nfields; i++)
		set_field(c, &cd_fields[i], json_object_get(o, cd_fields[i].name));
}

static void update(struct cd_complaint *c, json_t *o)
{
	for (size_t i = 0; i < cd_nfields; i++) {
		json_t *pair = json_object_get(o, cd_fields[i].name);
		if (json_is_array(pair))
			set_field(c, &cd_fields[i], json_array_get(pair, 1));
	}
}

static void escalation(struct cd_complaint *c, json_t *o)
{
	int level = (int)json_integer_value(json_object_get(o, "level"));
	set_text(&c->severity, json_object_get(o, "severity"));
	if (level >= c->esc_level) {
		c->esc_level = level;
		set_text(&c->esc_role, json_object_get(o, "role"));
	}
}

static void step(struct cd_complaint *c, const struct cd_event *e)
{
	c->state = (enum cd_state)e->to_state;
	if (e->to_state == ST_RESOLVED)
		c->resolved_at = e->at;
	if (e->to_state == ST_REOPENED) {
		c->reopen_count++;
		c->resolved_at = c->closed_at = CD_TIME_NONE;
	}
	if (cd_state_is_final((enum cd_state)e->to_state)) {
		c->closed_at = e->at;
		c->paused_since = CD_TIME_NONE;
	}
}

static void apply(struct cd_complaint *c, const struct cd_event *e, json_t *o)
{
	const char *k = e->kind;
	if (strcmp(k, "received") == 0)
		intake(c, o);
	else if (strcmp(k, "update") == 0)
		update(c, o);
	else if (strcmp(k, "assign") == 0)
		set_text(&c->owner, json_object_get(o, "owner"));
	else if (strcmp(k, "escalation") == 0)
		escalation(c, o);
	else if (strcmp(k, "pause") == 0)
		c->paused_since = e->at;
	else if (strcmp(k, "resume") == 0)
		c->paused_since = CD_TIME_NONE;
	else if (strcmp(k, "remedy_request") == 0)
		c->awaiting = e->id;
	else if (strcmp(k, "remedy_refused") == 0 || (strcmp(k, "remedy") == 0 && json_object_get(o, "request")))
		c->awaiting = 0;
	if (e->to_state >= 0)
		step(c, e);
}

int cd_replay(int64_t id, const struct cd_events *ev, struct cd_complaint *c, struct cd_err *err)
{
	cd_complaint_init(c);
	c->id = id;
	if (ev->n == 0 || strcmp(ev->v[0].kind, "received") != 0)
		return cd_fail(err, CD_EFAIL, _("complaint #%lld has no 'received' event to begin its log"), (long long)id);
	c->received_at = ev->v[0].at;
	for (size_t i = 0; i < ev->n; i++) {
		json_t *o = ev->v[i].data ? json_loads(ev->v[i].data, 0, NULL) : NULL;
		apply(c, &ev->v[i], o);
		json_decref(o);
	}
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The first thing stored that the log does not say, in words; 0 when the
 * row agrees. Times are those of the log's events; updated_at, which can
 * be later than any event (an import dated in the past), is not held. */
int cd_replay_differs(const struct cd_complaint *row, const struct cd_complaint *log, char *why, size_t size)
{
	for (size_t i = 0; i < cd_nfields; i++) {
		const char *a = *cd_field_ptr((struct cd_complaint *)row, &cd_fields[i]);
		const char *b = *cd_field_ptr((struct cd_complaint *)log, &cd_fields[i]);
		if (!same(a, b)) {
			snprintf(why, size, _("its %s is stored as '%s', its events say '%s'"), cd_fields[i].name,
				 a ? a : "", b ? b : "");
			return 1;
		}
	}
	const struct {
		const char *name;
		int64_t a, b;
	} n[] = {{"state", row->state, log->state}, {"received", row->received_at, log->received_at},
		 {"escalation level", row->esc_level, log->esc_level},
		 {"reopened", row->reopen_count, log->reopen_count},
		 {"paused since", row->paused_since, log->paused_since},
		 {"resolved", row->resolved_at, log->resolved_at}, {"closed", row->closed_at, log->closed_at},
		 {"awaiting", row->awaiting, log->awaiting}};
	for (size_t i = 0; i < sizeof n / sizeof *n; i++)
		if (n[i].a != n[i].b) {
			if (i == 0)
				snprintf(why, size, _("its state is stored as %s, its events say %s"), cd_state_id(row->state),
					 cd_state_id(log->state));
			else
				snprintf(why, size, _("its %s does not agree with its events"), n[i].name);
			return 1;
		}
	if (!same(row->esc_role, log->esc_role)) {
		snprintf(why, size, _("its escalation does not agree with its events"));
		return 1;
	}
	return 0;
}
