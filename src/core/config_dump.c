/* The effective configuration written back as YAML (every default made
 * explicit), through libyaml's emitter so quoting is always right. The
 * output loads again as the same configuration. */
#include "cdesk/config.h"
#include "cdesk/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct out {
	yaml_emitter_t em;
	int failed;
};

static void ev(struct out *o, yaml_event_t *e)
{
	if (!o->failed && !yaml_emitter_emit(&o->em, e))
		o->failed = 1;
}

static void scalar(struct out *o, const char *s)
{
	yaml_event_t e;
	yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
				     YAML_ANY_SCALAR_STYLE);
	ev(o, &e);
}

static void map_start(struct out *o, int flow)
{
	yaml_event_t e;
	yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
	ev(o, &e);
}

static void map_end(struct out *o)
{
	yaml_event_t e;
	yaml_mapping_end_event_initialize(&e);
	ev(o, &e);
}

static void seq_start(struct out *o, int flow)
{
	yaml_event_t e;
	yaml_sequence_start_event_initialize(&e, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
	ev(o, &e);
}

static void seq_end(struct out *o)
{
	yaml_event_t e;
	yaml_sequence_end_event_initialize(&e);
	ev(o, &e);
}

static void kv(struct out *o, const char *k, const char *v)
{
	scalar(o, k);
	scalar(o, v);
}

/* A value other YAML readers could take for a number (18:00 is 1080 in
 * YAML 1.1): always quoted. */
static void kv_quoted(struct out *o, const char *k, const char *v)
{
	yaml_event_t e;
	scalar(o, k);
	yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)v, (int)strlen(v), 1, 1,
				     YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	ev(o, &e);
}

static void label(struct out *o, const char *k, const struct cd_label *l)
{
	if (!l->zh && !l->en)
		return;
	scalar(o, k);
	map_start(o, 1);
	if (l->zh)
		kv(o, "zh_CN", l->zh);
	if (l->en)
		kv(o, "en", l->en);
	map_end(o);
}

static void strlist(struct out *o, const char *k, const struct strlist *l)
{
	if (!l->n)
		return;
	scalar(o, k);
	seq_start(o, 1);
	for (size_t i = 0; i < l->n; i++)
		scalar(o, l->v[i]);
	seq_end(o);
}

/* Yuan with no trailing zero: 500, 49.5, 0.05. */
static void amount(struct out *o, const char *k, cd_money v)
{
	char buf[CD_MONEY_BUF];
	cd_money_format(v, buf);
	size_t n = strlen(buf);
	while (buf[n - 1] == '0')
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[n - 1] = '\0';
	kv(o, k, buf);
}

static void role_limits(struct out *o, const struct cd_item *it)
{
	if (!it->nlimits) {
		amount(o, "limit", it->limit);
		return;
	}
	scalar(o, "limit");
	map_start(o, 1);
	amount(o, "default", it->limit);
	for (size_t i = 0; i < it->nlimits; i++)
		amount(o, it->limits[i].remedy, it->limits[i].amount);
	map_end(o);
}

static void role_perms(struct out *o, const struct cd_item *it)
{
	scalar(o, "can");
	seq_start(o, 1);
	for (int p = 0; p < CD_NPERMS; p++) {
		if (!(it->can & (1u << p)))
			continue;
		if (!it->only[p].n) {
			scalar(o, cd_perm_id(p));
			continue;
		}
		map_start(o, 1);
		strlist(o, cd_perm_id(p), &it->only[p]);
		map_end(o);
	}
	seq_end(o);
}

static void auth(struct out *o, const struct cd_auth *a)
{
	char buf[32];
	scalar(o, "auth");
	map_start(o, 0);
	kv(o, "mode", a->mode == AUTH_UNIX ? "unix" : "pin");
	snprintf(buf, sizeof buf, "%llds", (long long)a->idle_lock);
	kv(o, "idle_lock", buf);
	snprintf(buf, sizeof buf, "%d", a->max_failures);
	kv(o, "max_failures", buf);
	snprintf(buf, sizeof buf, "%llds", (long long)a->retry_delay);
	kv(o, "retry_delay", buf);
	snprintf(buf, sizeof buf, "%llds", (long long)a->lockout);
	kv(o, "lockout", buf);
	if (a->pinned_clock)
		kv(o, "pinned_clock", "true");
	map_end(o);
}

static void list(struct out *o, const char *k, const struct cd_list *l, int kind)
{
	char buf[32];
	scalar(o, k);
	seq_start(o, 0);
	for (size_t i = 0; i < l->n; i++) {
		const struct cd_item *it = &l->v[i];
		map_start(o, 1);
		kv(o, "id", it->id);
		label(o, "name", &it->name);
		if (it->tz)
			kv(o, "timezone", it->tz);
		if (kind == 'c' && it->major)
			kv(o, "major", "true");
		if (kind == 'c' && it->in_person)
			kv(o, "in_person", "true");
		if (kind == 'r') {
			snprintf(buf, sizeof buf, "%d", it->level);
			kv(o, "level", buf);
			role_limits(o, it);
			role_perms(o, it);
		}
		map_end(o);
	}
	seq_end(o);
}

static void hhmm(char *buf, int secs)
{
	snprintf(buf, 16, "%02d:%02d", secs / 3600, secs / 60 % 60);
}

static void days(struct out *o, const char *k, const int32_t *v, size_t n)
{
	char buf[16];
	scalar(o, k);
	seq_start(o, 0);
	for (size_t i = 0; i < n; i++)
		scalar(o, cd_format_day(v[i], buf));
	seq_end(o);
}

static void calendar(struct out *o, const struct cd_calendar *c)
{
	static const char *const wd[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
	char a[16], b[16];
	scalar(o, "calendar");
	map_start(o, 0);
	scalar(o, "workweek");
	seq_start(o, 1);
	for (int d = 1; d <= 7; d++)
		if (c->workweek[d % 7])
			scalar(o, wd[d % 7]);
	seq_end(o);
	hhmm(a, c->day_end);
	kv_quoted(o, "day_end", a);
	scalar(o, "business_hours");
	map_start(o, 1);
	hhmm(a, c->hours_start);
	hhmm(b, c->hours_end);
	kv_quoted(o, "start", a);
	kv_quoted(o, "end", b);
	map_end(o);
	days(o, "holidays", c->holidays, c->nholidays);
	days(o, "working_days", c->extra_workdays, c->nextra);
	map_end(o);
}

static void clocks(struct out *o, const struct cd_config *cfg)
{
	char buf[48];
	struct cd_duration warn;
	scalar(o, "clocks");
	map_start(o, 0);
	for (size_t i = 0; i < cfg->nclocks; i++) {
		const struct cd_clockdef *c = &cfg->clocks[i];
		scalar(o, c->id);
		map_start(o, 0);
		label(o, "name", &c->name);
		kv(o, "within", cd_duration_text(&c->within, buf));
		warn = c->warn_before;
		warn.unit = DUR_WALL;
		kv(o, "warn_before", cd_duration_text(&warn, buf));
		strlist(o, "starts", &c->starts);
		strlist(o, "met_by", &c->met_by);
		strlist(o, "ends", &c->ends);
		kv(o, "repeat", c->repeat ? "true" : "false");
		kv(o, "pausable", c->pausable ? "true" : "false");
		map_end(o);
	}
	map_end(o);
	scalar(o, "promises");
	map_start(o, 0);
	kv(o, "warn_before", cd_duration_text(&cfg->promise_warn, buf));
	map_end(o);
}

static void rules(struct out *o, const struct cd_config *cfg)
{
	char buf[48];
	scalar(o, "escalation");
	seq_start(o, 0);
	for (size_t i = 0; i < cfg->nrules; i++) {
		const struct cd_rule *r = &cfg->rules[i];
		map_start(o, 0);
		kv(o, "id", r->id);
		label(o, "name", &r->name);
		scalar(o, "when");
		map_start(o, 1);
		if (r->clock) {
			kv(o, "clock", r->clock);
			kv(o, "status", r->on_breach ? "breached" : "warning");
			if (r->after) {
				struct cd_duration d = {DUR_WALL, r->after};
				kv(o, "after", cd_duration_text(&d, buf));
			}
		}
		strlist(o, "channel", &r->channels);
		strlist(o, "category", &r->categories);
		strlist(o, "severity", &r->severities);
		strlist(o, "site", &r->sites);
		if (r->repeat_count) {
			snprintf(buf, sizeof buf, "%d", r->repeat_count);
			kv(o, "repeat_count", buf);
			kv(o, "repeat_within", cd_duration_text(&r->repeat_within, buf));
		}
		if (r->has_open_longer)
			kv(o, "open_longer_than", cd_duration_text(&r->open_longer, buf));
		if (r->reopened) {
			snprintf(buf, sizeof buf, "%d", r->reopened);
			kv(o, "reopened", buf);
		}
		map_end(o);
		snprintf(buf, sizeof buf, "%d", r->level);
		kv(o, "level", buf);
		kv(o, "notify", r->notify);
		if (r->set_severity)
			kv(o, "set_severity", r->set_severity);
		if (r->urgent)
			kv(o, "urgent", "true");
		map_end(o);
	}
	seq_end(o);
}

/* The notify section, with its secrets as the references they are (a
 * secret itself is never in the configuration). */
static void notify(struct out *o, const struct cd_notify *n)
{
	static const char *const kinds[] = {"webhook", "wecom", "dingtalk", "feishu", "email"};
	char buf[48];
	scalar(o, "notify");
	map_start(o, 0);
	if (n->language)
		kv(o, "language", n->language);
	if (n->secrets_file)
		kv(o, "secrets_file", n->secrets_file);
	if (n->ca_file)
		kv(o, "ca_file", n->ca_file);
	kv(o, "warn_owner", n->warn_owner ? "true" : "false");
	strlist(o, "urgent_warnings", &n->urgent_warnings);
	snprintf(buf, sizeof buf, "%d", n->max_attempts);
	kv(o, "max_attempts", buf);
	struct cd_duration d = {DUR_WALL, n->retry_max};
	kv(o, "retry_max", cd_duration_text(&d, buf));
	d.amount = n->timeout;
	kv(o, "timeout", cd_duration_text(&d, buf));
	if (n->smtp_url) {
		scalar(o, "smtp");
		map_start(o, 0);
		kv(o, "url", n->smtp_url);
		kv(o, "from", n->smtp_from);
		if (n->smtp_user)
			kv(o, "user", n->smtp_user);
		if (n->smtp_password)
			kv(o, "password", n->smtp_password);
		kv(o, "starttls", n->smtp_starttls ? "true" : "false");
		map_end(o);
	}
	if (n->nchannels) {
		scalar(o, "channels");
		seq_start(o, 0);
	}
	for (size_t i = 0; i < n->nchannels; i++) {
		const struct cd_notify_channel *ch = &n->channels[i];
		map_start(o, 0);
		kv(o, "id", ch->id);
		kv(o, "kind", kinds[ch->kind]);
		if (ch->url)
			kv(o, "url", ch->url);
		if (ch->token)
			kv(o, "token", ch->token);
		if (ch->secret)
			kv(o, "secret", ch->secret);
		strlist(o, "to", &ch->to);
		strlist(o, "roles", &ch->roles);
		strlist(o, "sites", &ch->sites);
		if (ch->language)
			kv(o, "language", ch->language);
		map_end(o);
	}
	if (n->nchannels)
		seq_end(o);
	map_end(o);
}

static void scripts(struct out *o, const struct cd_config *cfg)
{
	static const char *const steps[] = {"listen", "apologize", "record", "resolve", "follow_up"};
	if (!cfg->nscripts)
		return;
	scalar(o, "scripts");
	map_start(o, 0);
	for (size_t s = 0; s < 5; s++) {
		int any = 0;
		for (size_t i = 0; i < cfg->nscripts; i++) {
			const struct cd_script *sc = &cfg->scripts[i];
			if (strcmp(sc->step, steps[s]) != 0)
				continue;
			if (!any) {
				scalar(o, steps[s]);
				seq_start(o, 0);
				any = 1;
			}
			map_start(o, 0);
			kv(o, "zh_CN", sc->text.zh);
			kv(o, "en", sc->text.en);
			if (sc->need)
				kv(o, "need", sc->need);
			if (sc->behaviour)
				kv(o, "behaviour", sc->behaviour);
			map_end(o);
		}
		if (any)
			seq_end(o);
	}
	map_end(o);
}

static int write_out(void *data, unsigned char *buf, size_t size)
{
	return fwrite(buf, 1, size, (FILE *)data) == size;
}

int cd_config_dump(const struct cd_config *cfg, void *file)
{
	struct out o = {0};
	yaml_event_t e;
	if (!yaml_emitter_initialize(&o.em))
		return -1;
	yaml_emitter_set_output(&o.em, write_out, file);
	yaml_emitter_set_unicode(&o.em, 1);
	yaml_emitter_set_width(&o.em, 120);
	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	ev(&o, &e);
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1);
	ev(&o, &e);
	map_start(&o, 0);
	kv(&o, "timezone", cfg->timezone);
	if (cfg->language)
		kv(&o, "language", cfg->language);
	if (cfg->default_site)
		kv(&o, "default_site", cfg->default_site);
	if (cfg->database)
		kv(&o, "database", cfg->database);
	list(&o, "sites", &cfg->sites, 's');
	list(&o, "channels", &cfg->channels, 'c');
	list(&o, "categories", &cfg->categories, 0);
	list(&o, "severities", &cfg->severities, 0);
	auth(&o, &cfg->auth);
	list(&o, "roles", &cfg->roles, 'r');
	list(&o, "remedies", &cfg->remedies, 0);
	list(&o, "pause_reasons", &cfg->pause_reasons, 0);
	calendar(&o, &cfg->cal);
	clocks(&o, cfg);
	rules(&o, cfg);
	scripts(&o, cfg);
	notify(&o, &cfg->notify);
	map_end(&o);
	yaml_document_end_event_initialize(&e, 1);
	ev(&o, &e);
	yaml_stream_end_event_initialize(&e);
	ev(&o, &e);
	yaml_emitter_flush(&o.em);
	yaml_emitter_delete(&o.em);
	return o.failed ? -1 : 0;
}
