/* Events described in words for people: the timeline of the CLI and the
 * desk alike. */
#include "cdesk/describe.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"

#include <jansson.h>
#include <string.h>

static const char *label_of(const struct cd_list *l, const char *id)
{
	const struct cd_item *it = cd_list_find(l, id);
	return it ? cd_label_text(&it->name, it->id) : (id ? id : "");
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

void cd_event_describe(const struct cd_config *cfg, const struct cd_complaint *c,
		       const struct cd_event *e, struct strbuf *sb)
{
	json_t *d = e->data ? json_loads(e->data, 0, NULL) : NULL;
	char t[32];
	struct strbuf detail;
	const char *label = cd_event_label(e->kind);
	sb_init(&detail);
	if (e->to_state >= 0 && strcmp(e->kind, "received") != 0)
		sb_printf(&detail, "%s → %s", e->from_state >= 0 ? cd_state_label(e->from_state) : "",
			  cd_state_label(e->to_state));
	else if (strcmp(e->kind, "contact") == 0 || strcmp(e->kind, "pause") == 0)
		sb_puts(&detail, cd_vocab_label(jstr(d, strcmp(e->kind, "pause") == 0 ? "reason" : "how")));
	else if (strcmp(e->kind, "promise") == 0)
		sb_printf(&detail, _("#%lld, due %s"), (long long)e->id,
			  cd_format_short(sla_promise_due(e), cd_site_tz(cfg, c->site), t));
	else if (strcmp(e->kind, "assign") == 0)
		sb_printf(&detail, "%s → %s", jstr(d, "previous"), jstr(d, "owner"));
	else if (strcmp(e->kind, "escalation") == 0) {
		sb_printf(&detail, _("level %lld, to %s"), (long long)json_integer_value(json_object_get(d, "level")),
			  label_of(&cfg->roles, jstr(d, "role")));
		for (size_t i = 0; i < cfg->nrules; i++)
			if (strcmp(cfg->rules[i].id, jstr(d, "rule")) == 0)
				/* TRANSLATORS: the name of the escalation rule that fired. */
				sb_printf(&detail, _(" (%s)"), cd_label_text(&cfg->rules[i].name, cfg->rules[i].id));
	}
	else if (strcmp(e->kind, "remedy") == 0 || strcmp(e->kind, "remedy_request") == 0) {
		sb_printf(&detail, _("%s, %.2f yuan%s"), label_of(&cfg->remedies, jstr(d, "remedy")),
			  json_number_value(json_object_get(d, "amount")),
			  json_is_true(json_object_get(d, "agreed")) ? _(", customer agreed") : "");
		if (*jstr(d, "needs"))
			sb_printf(&detail, _("; needs the approval of a %s"), label_of(&cfg->roles, jstr(d, "needs")));
		if (json_integer_value(json_object_get(d, "request")))
			sb_printf(&detail, _("; approves request #%lld"),
				  (long long)json_integer_value(json_object_get(d, "request")));
	} else if (strcmp(e->kind, "remedy_refused") == 0)
		sb_printf(&detail, _("request #%lld"), (long long)json_integer_value(json_object_get(d, "request")));
	else if (strcmp(e->kind, "satisfaction") == 0)
		sb_printf(&detail, _("outcome %lld, procedure %lld, treatment %lld, %s"),
			  (long long)json_integer_value(json_object_get(d, "outcome")),
			  (long long)json_integer_value(json_object_get(d, "procedure")),
			  (long long)json_integer_value(json_object_get(d, "treatment")),
			  json_is_true(json_object_get(d, "satisfied")) ? _("satisfied") : _("not satisfied"));
	else if (strcmp(e->kind, "update") == 0) {
		/* Which fields changed; the old and new values are in the event. */
		const char *key;
		json_t *val;
		int first = 1;
		json_object_foreach(d, key, val) {
			sb_printf(&detail, "%s%s", first ? "" : ", ", key);
			first = 0;
		}
	} else if (strcmp(e->kind, "root_cause") == 0) {
		/* TRANSLATORS: the root cause's side and its event id, which
		 * "cdesk measure --cause" takes. */
		sb_printf(&detail, _("%s (#%lld)"), cd_vocab_label(jstr(d, "side")), (long long)e->id);
		if (*jstr(d, "measure"))
			sb_printf(&detail, _("; measure: %s"), jstr(d, "measure"));
	}
	else if (strcmp(e->kind, "measure_done") == 0)
		/* TRANSLATORS: the root-cause event whose preventive measure was carried out. */
		sb_printf(&detail, _("root cause #%lld"), (long long)json_integer_value(json_object_get(d, "cause")));
	if (e->to_state >= 0 && strcmp(e->kind, "received") != 0)
		sb_puts(sb, detail.s);
	else if (detail.len)
		sb_printf(sb, _("%s: %s"), label, detail.s);
	else
		sb_puts(sb, label);
	sb_free(&detail);
	json_decref(d);
}

