/* Events described in words for people: the timeline of the CLI and the
 * desk alike. Each event is one sentence in the UI language, saying what
 * was done; ids of configuration lists become their labels, and an event
 * that refers to another (a promise kept, a measure carried out, a
 * decision on a request) says what that one was instead of its number. */
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

static json_t *data_of(const struct cd_event *e)
{
	return e && e->data ? json_loads(e->data, 0, NULL) : NULL;
}

static const struct cd_event *event_by_id(const struct cd_events *ev, int64_t id)
{
	for (size_t i = 0; ev && i < ev->n; i++)
		if (ev->v[i].id == id)
			return &ev->v[i];
	return NULL;
}

/* The promise a promise_kept event kept: the one it names, else the
 * oldest still open when it was made (replaying the promises before it). */
static const struct cd_event *kept_promise(const struct cd_events *ev, const struct cd_event *kept)
{
	int64_t ref = sla_kept_ref(kept);
	if (ref || !ev)
		return event_by_id(ev, ref);
	const struct cd_event *open[64];
	size_t n = 0;
	for (size_t i = 0; i < ev->n; i++) {
		const struct cd_event *e = &ev->v[i];
		if (strcmp(e->kind, "promise") == 0 && n < 64)
			open[n++] = e;
		if (strcmp(e->kind, "promise_kept") != 0 || n == 0)
			continue;
		int64_t r = sla_kept_ref(e);
		size_t at = 0;
		while (r && at < n && open[at]->id != r)
			at++;
		if (at == n)
			continue;
		if (e == kept)
			return open[at];
		memmove(&open[at], &open[at + 1], (n - at - 1) * sizeof(const struct cd_event *));
		n--;
	}
	return NULL;
}

/* The field names of an update, for people. */
static const char *field_label(const char *name)
{
	static const char *const names[] = {
		"site", "channel", "category", "severity", "customer", "phone", "plate", "reference",
		"description", "request", "need", "behaviour", "receiver", "owner", NULL,
	};
	static const char *const labels[] = {
		N_("the site"), N_("the channel"), N_("the category"), N_("the severity"), N_("the customer's name"),
		N_("the phone number"), N_("the plate"), N_("the reference"), N_("the description"),
		N_("what the customer asks for"), N_("what the customer seeks"), N_("how the customer behaves"),
		N_("the receiver"), N_("the owner"),
	};
	for (size_t i = 0; names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return _(labels[i]);
	return name;
}

/* The configuration list whose labels a field's values are, or NULL. */
static const struct cd_list *field_list(const struct cd_config *cfg, const char *name)
{
	if (strcmp(name, "site") == 0)
		return &cfg->sites;
	if (strcmp(name, "channel") == 0)
		return &cfg->channels;
	if (strcmp(name, "category") == 0)
		return &cfg->categories;
	if (strcmp(name, "severity") == 0)
		return &cfg->severities;
	return NULL;
}

static void describe_update(const struct cd_config *cfg, json_t *d, struct strbuf *sb)
{
	const char *key;
	json_t *val;
	struct strbuf what;
	sb_init(&what);
	json_object_foreach(d, key, val) {
		const struct cd_list *l = field_list(cfg, key);
		/* TRANSLATORS: between two fields changed in one update. */
		if (what.len)
			sb_puts(&what, _(", "));
		const char *was = json_string_value(json_array_get(val, 0));
		if (l && json_is_string(json_array_get(val, 1)) && (!was || !*was))
			/* TRANSLATORS: a field that had no value, set: its new value. */
			sb_printf(&what, _("%s (set to %s)"), field_label(key),
				  label_of(l, json_string_value(json_array_get(val, 1))));
		else if (l && json_is_string(json_array_get(val, 1)))
			/* TRANSLATORS: a field changed, its old value, its new value. */
			sb_printf(&what, _("%s (%s to %s)"), field_label(key),
				  label_of(l, json_string_value(json_array_get(val, 0))),
				  label_of(l, json_string_value(json_array_get(val, 1))));
		else
			sb_puts(&what, field_label(key));
	}
	/* TRANSLATORS: the fields an update changed. */
	sb_printf(sb, _("changed %s"), what.s);
	sb_free(&what);
}

/* "Refund, 12.50 yuan" */
static void remedy_text(const struct cd_config *cfg, json_t *d, struct strbuf *sb)
{
	/* TRANSLATORS: a remedy and its amount. */
	sb_printf(sb, _("%s, %.2f yuan"), label_of(&cfg->remedies, jstr(d, "remedy")),
		  json_number_value(json_object_get(d, "amount")));
}

static const char *step_sentence(int to)
{
	switch (to) {
	case ST_LISTENED: return _("listened to the customer");
	case ST_APOLOGIZED: return _("apologized to the customer");
	case ST_RECORDED: return _("recorded the complaint and read it back");
	case ST_RESOLVING: return _("began handling the complaint");
	case ST_RESOLVED: return _("resolved the complaint");
	case ST_FOLLOWED_UP: return _("followed up with the customer");
	case ST_CLOSED: return _("closed the complaint");
	case ST_REOPENED: return _("reopened the complaint");
	case ST_WITHDRAWN: return _("recorded that the customer withdrew the complaint");
	default: return cd_state_label(to);
	}
}

void cd_event_describe(const struct cd_config *cfg, const struct cd_complaint *c,
		       const struct cd_events *ev, const struct cd_event *e, struct strbuf *sb)
{
	json_t *d = data_of(e);
	const char *tz = cd_site_tz(cfg, c->site), *k = e->kind;
	char t[32];
	if (strcmp(k, "received") == 0)
		sb_printf(sb, _("received the complaint (%s)"), label_of(&cfg->channels, jstr(d, "channel")));
	else if (e->to_state >= 0)
		sb_puts(sb, step_sentence(e->to_state));
	else if (strcmp(k, "contact") == 0)
		sb_printf(sb, _("contacted the customer (%s)"), cd_vocab_label(jstr(d, "how")));
	else if (strcmp(k, "feedback") == 0)
		sb_puts(sb, _("told the customer how the handling is going"));
	else if (strcmp(k, "note") == 0)
		sb_puts(sb, _("added a note"));
	else if (strcmp(k, "promise") == 0)
		sb_printf(sb, _("promised the customer, due %s"), cd_format_short(sla_promise_due(e), tz, t));
	else if (strcmp(k, "promise_kept") == 0) {
		const struct cd_event *p = kept_promise(ev, e);
		if (p)
			sb_printf(sb, _("kept the promise due %s: “%s”"), cd_format_short(sla_promise_due(p), tz, t),
				  p->note ? p->note : "");
		else
			sb_puts(sb, _("kept a promise"));
	} else if (strcmp(k, "pause") == 0)
		/* TRANSLATORS: the reason is a label such as "Waiting for parts". */
		sb_printf(sb, _("paused the clocks: %s"), cd_pause_reason_label(cfg, jstr(d, "reason")));
	else if (strcmp(k, "resume") == 0)
		sb_puts(sb, _("resumed the clocks"));
	else if (strcmp(k, "assign") == 0)
		sb_printf(sb, _("handed the complaint from %s to %s"), jstr(d, "previous"), jstr(d, "owner"));
	else if (strcmp(k, "escalation") == 0) {
		const char *rule = NULL;
		for (size_t i = 0; i < cfg->nrules; i++)
			if (strcmp(cfg->rules[i].id, jstr(d, "rule")) == 0)
				rule = cd_label_text(&cfg->rules[i].name, cfg->rules[i].id);
		long long level = (long long)json_integer_value(json_object_get(d, "level"));
		if (rule)
			/* TRANSLATORS: the escalation rule that fired, the role told, the level. */
			sb_printf(sb, _("escalated by the rule “%s” to %s (level %lld)"), rule,
				  label_of(&cfg->roles, jstr(d, "role")), level);
		else
			sb_printf(sb, _("escalated the complaint to %s (level %lld)"),
				  label_of(&cfg->roles, jstr(d, "role")), level);
		if (*jstr(d, "severity"))
			sb_printf(sb, _("; severity raised to %s"), label_of(&cfg->severities, jstr(d, "severity")));
	} else if (strcmp(k, "remedy") == 0 || strcmp(k, "remedy_request") == 0) {
		struct strbuf what;
		sb_init(&what);
		remedy_text(cfg, d, &what);
		if (json_is_true(json_object_get(d, "agreed")))
			sb_puts(&what, _(", the customer agreed"));
		if (strcmp(k, "remedy_request") == 0)
			sb_printf(sb, _("asked for a remedy above their limit: %s; it needs the approval of a %s"),
				  what.s, label_of(&cfg->roles, jstr(d, "needs")));
		else if (json_integer_value(json_object_get(d, "request")))
			sb_printf(sb, _("approved the remedy awaiting approval: %s"), what.s);
		else
			sb_printf(sb, _("gave a remedy: %s"), what.s);
		sb_free(&what);
	} else if (strcmp(k, "remedy_refused") == 0) {
		json_t *r = data_of(event_by_id(ev, json_integer_value(json_object_get(d, "request"))));
		if (r) {
			struct strbuf what;
			sb_init(&what);
			remedy_text(cfg, r, &what);
			sb_printf(sb, _("refused the remedy awaiting approval: %s"), what.s);
			sb_free(&what);
		} else
			sb_puts(sb, _("refused the remedy awaiting approval"));
		json_decref(r);
	} else if (strcmp(k, "satisfaction") == 0)
		sb_printf(sb, json_is_true(json_object_get(d, "satisfied"))
			      ? _("the customer rated the outcome %lld, the procedure %lld, the treatment %lld, and is satisfied")
			      : _("the customer rated the outcome %lld, the procedure %lld, the treatment %lld, and is not satisfied"),
			  (long long)json_integer_value(json_object_get(d, "outcome")),
			  (long long)json_integer_value(json_object_get(d, "procedure")),
			  (long long)json_integer_value(json_object_get(d, "treatment")));
	else if (strcmp(k, "update") == 0)
		describe_update(cfg, d, sb);
	else if (strcmp(k, "root_cause") == 0) {
		sb_printf(sb, _("found the root cause: %s"), cd_vocab_label(jstr(d, "side")));
		if (*jstr(d, "measure"))
			sb_printf(sb, _("; agreed the preventive measure “%s”"), jstr(d, "measure"));
	} else if (strcmp(k, "measure_done") == 0) {
		json_t *r = data_of(event_by_id(ev, json_integer_value(json_object_get(d, "cause"))));
		if (*jstr(r, "measure"))
			sb_printf(sb, _("carried out the preventive measure “%s”"), jstr(r, "measure"));
		else
			sb_puts(sb, _("carried out a preventive measure"));
		json_decref(r);
	} else
		sb_puts(sb, cd_event_label(k));
	json_decref(d);
}
