/* What is still open on a complaint, in words: the check both faces make
 * before a step that ends the handling. */
#include "cdesk/open.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void cd_open_items_free(struct cd_open_items *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->v[i].text);
	free(o->v);
	memset(o, 0, sizeof *o);
}

int cd_step_ends_handling(enum cd_step s)
{
	return s == STEP_RESOLVE || s == STEP_CLOSE || s == STEP_WITHDRAW;
}

static json_t *event_json(const struct cd_event *e)
{
	return e && e->data ? json_loads(e->data, 0, NULL) : NULL;
}

int cd_measure_carried(const struct cd_events *ev, size_t i)
{
	int carried = 0;
	for (size_t j = i + 1; j < ev->n && !carried; j++) {
		if (strcmp(ev->v[j].kind, "measure_done") != 0)
			continue;
		json_t *dj = event_json(&ev->v[j]);
		carried = json_integer_value(json_object_get(dj, "cause")) == ev->v[i].id;
		json_decref(dj);
	}
	return carried;
}

static const struct cd_event *find_event(const struct cd_events *ev, int64_t id)
{
	for (size_t i = 0; i < ev->n; i++)
		if (ev->v[i].id == id)
			return &ev->v[i];
	return NULL;
}

static void add(struct cd_open_items *o, enum cd_open_kind kind, int64_t event, struct strbuf *text)
{
	o->v = xrealloc(o->v, (o->n + 1) * sizeof *o->v);
	o->v[o->n].kind = kind;
	o->v[o->n].event = event;
	o->v[o->n].text = text->s;
	o->n++;
}

void cd_open_items(const struct cd_config *cfg, const struct cd_complaint *c, const struct cd_clocks *k,
		   const struct cd_events *ev, enum cd_step s, struct cd_open_items *out)
{
	const char *tz = cd_site_tz(cfg, c->site);
	char when[32];
	memset(out, 0, sizeof *out);
	if (!cd_step_ends_handling(s))
		return;
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->v[i].kind, "promise") != 0 || !sla_is_open(&k->v[i]))
			continue;
		const struct cd_event *e = find_event(ev, k->v[i].ref);
		struct strbuf sb;
		sb_init(&sb);
		/* TRANSLATORS: a promise not yet kept: its deadline, then what was promised. */
		sb_printf(&sb, _("the promise due %s: “%s”"), cd_format_short(k->v[i].due, tz, when),
			  e && e->note ? e->note : "");
		add(out, OPEN_PROMISE, k->v[i].ref, &sb);
	}
	if (c->awaiting) {
		json_t *j = event_json(find_event(ev, c->awaiting));
		const char *remedy = json_string_value(json_object_get(j, "remedy"));
		const struct cd_item *it = cd_list_find(&cfg->remedies, remedy);
		struct strbuf sb;
		sb_init(&sb);
		sb_printf(&sb, _("the remedy awaiting approval: %s, %.2f yuan (approve or refuse it first)"),
			  it ? cd_label_text(&it->name, it->id) : remedy ? remedy : "",
			  json_number_value(json_object_get(j, "amount")));
		json_decref(j);
		add(out, OPEN_REMEDY, c->awaiting, &sb);
		out->blocking = 1;
	}
	for (size_t i = 0; i < ev->n; i++) {
		const struct cd_event *e = &ev->v[i];
		if (strcmp(e->kind, "root_cause") != 0 || cd_measure_carried(ev, i))
			continue;
		json_t *j = event_json(e);
		const char *measure = json_string_value(json_object_get(j, "measure"));
		if (measure && *measure) {
			struct strbuf sb;
			sb_init(&sb);
			sb_printf(&sb, _("the preventive measure not yet carried out: “%s”"), measure);
			add(out, OPEN_MEASURE, e->id, &sb);
		}
		json_decref(j);
	}
}

void cd_open_items_text(const struct cd_open_items *o, struct strbuf *sb)
{
	for (size_t i = 0; i < o->n; i++)
		/* TRANSLATORS: between two things still open on a complaint. */
		sb_printf(sb, "%s%s", i ? _("; ") : "", o->v[i].text);
}
