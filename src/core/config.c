/* Strict YAML config loader. The document is parsed whole by libyaml, then
 * walked section by section; every node carries its mark, so every error
 * says file:line:column and what was expected there. */
#define _GNU_SOURCE
#include "cdesk/config.h"
#include "cdesk/i18n.h"
#include "cdesk/workflow.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

struct ycx {
	const char *file;
	yaml_document_t *doc;
	struct cd_err *err;
	struct cd_config *cfg;
	/* What reading may still cost, in bytes: an alias names a node
	 * without copying it, so a small file can name a large one thousands
	 * of times. Spent, reading stops (over names where). */
	int64_t budget;
	yaml_node_t *over;
};

/* Each node reached and each byte of text read costs from the budget. */
static int spend(struct ycx *cx, yaml_node_t *n, int64_t cost)
{
	cx->budget -= cost;
	if (cx->budget < 0 && !cx->over)
		cx->over = n;
	return cx->budget < 0;
}

static yaml_node_t *node_at(struct ycx *cx, int idx)
{
	yaml_node_t *n = yaml_document_get_node(cx->doc, idx);
	return cx->over || spend(cx, n, 64) ? NULL : n;
}

__attribute__((format(printf, 3, 4)))
static int yerr(struct ycx *cx, yaml_node_t *n, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cd_fail(cx->err, CD_ECONFIG, "%s:%zu:%zu: %s", cx->file,
		       n ? n->start_mark.line + 1 : 1, n ? n->start_mark.column + 1 : 1, msg);
}

static const char *scalar(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int want_scalar(struct ycx *cx, yaml_node_t *n, const char *what, const char **out)
{
	*out = scalar(n);
	if (*out && spend(cx, n, (int64_t)n->data.scalar.length))
		return -1;
	if (!*out)
		return yerr(cx, n, _("expected %s, found a list or mapping"), what);
	if (!text_is_clean(*out, 1))
		return yerr(cx, n, _("expected %s, found invalid UTF-8 or control characters"), what);
	return 0;
}

static int want_str(struct ycx *cx, yaml_node_t *n, char **out)
{
	const char *s;
	if (want_scalar(cx, n, _("a text value"), &s))
		return -1;
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static int want_id(struct ycx *cx, yaml_node_t *n, char **out)
{
	const char *s;
	if (want_scalar(cx, n, _("an identifier"), &s))
		return -1;
	if (!*s)
		return yerr(cx, n, _("expected an identifier, found an empty value"));
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return yerr(cx, n, _("expected an identifier (letters, digits, _ and -), found '%s'"), s);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static int want_bool(struct ycx *cx, yaml_node_t *n, int *out)
{
	const char *s;
	if (want_scalar(cx, n, _("true or false"), &s))
		return -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		*out = 0;
	else
		return yerr(cx, n, _("expected true or false, found '%s'"), s);
	return 0;
}

static int want_int(struct ycx *cx, yaml_node_t *n, int lo, int hi, int *out)
{
	const char *s;
	char *end;
	if (want_scalar(cx, n, _("a whole number"), &s))
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		return yerr(cx, n, _("expected a whole number from %d to %d, found '%s'"), lo, hi, s);
	*out = (int)v;
	return 0;
}

static int want_money(struct ycx *cx, yaml_node_t *n, cd_money *out)
{
	const char *s;
	struct cd_err e;
	if (want_scalar(cx, n, _("a number"), &s))
		return -1;
	if (cd_money_parse(s, CD_MONEY_MAX_LIMIT, out, &e))
		return yerr(cx, n, _("expected a non-negative number of yuan with at most two decimal places, "
				     "up to 1000000000000, found '%s'"), s);
	return 0;
}

static int want_duration(struct ycx *cx, yaml_node_t *n, struct cd_duration *d)
{
	const char *s;
	struct cd_err e;
	if (want_scalar(cx, n, _("a duration"), &s))
		return -1;
	if (cd_parse_duration(s, d, &e))
		return yerr(cx, n, "%s", e.msg);
	return 0;
}

static int want_wall_duration(struct ycx *cx, yaml_node_t *n, int64_t *secs)
{
	struct cd_duration d;
	if (want_duration(cx, n, &d))
		return -1;
	if (d.unit != DUR_WALL)
		return yerr(cx, n, _("expected a plain duration such as 30m or 2h, not working or business time"));
	*secs = d.amount;
	return 0;
}

/* "HH:MM" (24:00 allowed when allow_24) into seconds of day. */
static int want_time_of_day(struct ycx *cx, yaml_node_t *n, int allow_24, int *out)
{
	const char *s;
	int h = -1, m = -1;
	if (want_scalar(cx, n, _("a time of day"), &s))
		return -1;
	if (strlen(s) == 5 && s[2] == ':' && strspn(s, "0123456789") == 2 && strspn(s + 3, "0123456789") == 2) {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		m = (s[3] - '0') * 10 + (s[4] - '0');
	}
	if (m < 0 || m > 59 ||
	    h < 0 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return yerr(cx, n, _("expected a time of day HH:MM from 00:00 to %s, found '%s'"),
			    allow_24 ? "24:00" : "23:59", s);
	*out = h * 3600 + m * 60;
	return 0;
}

static int want_date(struct ycx *cx, yaml_node_t *n, int32_t *day)
{
	const char *s;
	struct cd_err e;
	if (want_scalar(cx, n, _("a date"), &s))
		return -1;
	if (cd_parse_date(s, day, &e))
		return yerr(cx, n, "%s", e.msg);
	return 0;
}

static int want_map(struct ycx *cx, yaml_node_t *n, const char *what)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return yerr(cx, n, _("expected %s (a mapping of key: value)"), what);
	/* Equal keys are looked for pair by pair. */
	if (n->data.mapping.pairs.top - n->data.mapping.pairs.start > 10000)
		return yerr(cx, n, _("a mapping of more than 10000 keys"));
	/* YAML would silently keep one of two equal keys: refuse instead. */
	yaml_node_pair_t *a, *b, *top = n->data.mapping.pairs.top;
	for (a = n->data.mapping.pairs.start; a < top; a++) {
		const char *ka = scalar(node_at(cx, a->key));
		for (b = a + 1; ka && b < top; b++) {
			const char *kb = scalar(node_at(cx, b->key));
			if (kb && strcmp(ka, kb) == 0)
				return yerr(cx, node_at(cx, b->key), _("the key '%s' is given twice"), kb);
		}
	}
	return 0;
}

static int want_seq(struct ycx *cx, yaml_node_t *n, const char *what)
{
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return yerr(cx, n, _("expected %s (a list)"), what);
	return 0;
}

/* A key that is not one of the allowed ones. */
static int unknown_key(struct ycx *cx, yaml_node_t *k, const char *const *allowed)
{
	struct strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; allowed[i]; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", allowed[i]);
	int r = yerr(cx, k, _("unknown key '%s' (expected one of: %s)"),
		     scalar(k) ? scalar(k) : "?", sb.s ? sb.s : "");
	sb_free(&sb);
	return r;
}

/* Iterate a mapping's pairs: for (MAP_EACH(cx, map, k, v)) { … } */
#define MAP_EACH(cx, map, k, v)                                                      \
	yaml_node_pair_t *p_##k = (map)->data.mapping.pairs.start;                     \
	p_##k < (map)->data.mapping.pairs.top &&                                       \
	((k) = node_at(cx, p_##k->key), (v) = node_at(cx, p_##k->value), 1);           \
	p_##k++
#define SEQ_EACH(cx, seq, it)                                                        \
	yaml_node_item_t *i_##it = (seq)->data.sequence.items.start;                   \
	i_##it < (seq)->data.sequence.items.top && ((it) = node_at(cx, *i_##it), 1);  \
	i_##it++

static int key_is(yaml_node_t *k, const char *name)
{
	const char *s = scalar(k);
	return s && strcmp(s, name) == 0;
}

/* A label: a plain string (both languages) or {zh_CN: …, en: …}. */
static int want_label(struct ycx *cx, yaml_node_t *n, struct cd_label *l)
{
	static const char *const keys[] = {"zh_CN", "en", NULL};
	yaml_node_t *k, *v;
	if (scalar(n)) {
		if (want_str(cx, n, &l->zh))
			return -1;
		free(l->en);
		l->en = xstrdup(l->zh);
		return 0;
	}
	if (want_map(cx, n, _("a text or {zh_CN: …, en: …}")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		if (key_is(k, "zh_CN")) {
			if (want_str(cx, v, &l->zh))
				return -1;
		} else if (key_is(k, "en")) {
			if (want_str(cx, v, &l->en))
				return -1;
		} else
			return unknown_key(cx, k, keys);
	}
	return 0;
}

/* A list of strings, or a single string. */
static int want_strlist(struct ycx *cx, yaml_node_t *n, struct strlist *l)
{
	yaml_node_t *it;
	char *s = NULL;
	if (scalar(n)) {
		if (want_id(cx, n, &s))
			return -1;
		sl_push(l, s);
		free(s);
		return 0;
	}
	if (want_seq(cx, n, _("a list of names")))
		return -1;
	int r = 0;
	for (SEQ_EACH(cx, n, it)) {
		if ((r = want_id(cx, it, &s)))
			break;
		sl_push(l, s);
	}
	free(s);
	return r;
}

/* A role's limit: one amount for every remedy, or {remedy: amount, …} with
 * an optional `default` for the remedies not named. */
static int want_limits(struct ycx *cx, yaml_node_t *n, struct cd_item *role)
{
	yaml_node_t *k, *v;
	if (scalar(n))
		return want_money(cx, n, &role->limit);
	if (want_map(cx, n, _("an amount or {remedy: amount, …}")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		if (key_is(k, "default")) {
			if (want_money(cx, v, &role->limit))
				return -1;
			continue;
		}
		if (!cd_list_find(&cx->cfg->remedies, scalar(k)))
			return yerr(cx, k, _("unknown remedy '%s'"), scalar(k) ? scalar(k) : "?");
		role->limits = xreallocarray(role->limits, role->nlimits + 1, sizeof *role->limits);
		struct cd_limit *l = &role->limits[role->nlimits++];
		l->remedy = xstrdup(scalar(k));
		if (want_money(cx, v, &l->amount))
			return -1;
	}
	return 0;
}

static int want_perm(struct ycx *cx, yaml_node_t *n, int *p)
{
	const char *s;
	if (want_scalar(cx, n, _("a permission"), &s))
		return -1;
	if ((*p = cd_perm_index(s)) < 0)
		return yerr(cx, n, _("unknown permission '%s' (known: %s)"), s, cd_perm_known());
	return 0;
}

/* `can: [open, handle, {close: [minor, normal]}]`: a plain name grants the
 * permission; {name: severities} grants it for those severities only. */
static int want_perms(struct ycx *cx, yaml_node_t *n, struct cd_item *role)
{
	yaml_node_t *it, *k, *v;
	int p;
	if (want_seq(cx, n, _("a list of permissions")))
		return -1;
	for (SEQ_EACH(cx, n, it)) {
		if (scalar(it)) {
			if (want_perm(cx, it, &p))
				return -1;
			role->can |= 1u << p;
			continue;
		}
		if (want_map(cx, it, _("a permission or {permission: [severities]}")))
			return -1;
		for (MAP_EACH(cx, it, k, v)) {
			if (want_perm(cx, k, &p) || want_strlist(cx, v, &role->only[p]))
				return -1;
			if (!role->only[p].n)
				return yerr(cx, v, _("name at least one severity (or write the permission alone)"));
			for (size_t i = 0; i < role->only[p].n; i++)
				if (!cd_list_find(&cx->cfg->severities, role->only[p].v[i]))
					return yerr(cx, v, _("unknown severity '%s'"), role->only[p].v[i]);
			role->can |= 1u << p;
		}
	}
	return 0;
}

cd_money cd_role_limit(const struct cd_item *role, const char *remedy)
{
	for (size_t i = 0; role && i < role->nlimits; i++)
		if (strcmp(role->limits[i].remedy, remedy) == 0)
			return role->limits[i].amount;
	return role ? role->limit : 0;
}

enum item_kind { IT_SITE, IT_CHANNEL, IT_CATEGORY, IT_SEVERITY, IT_ROLE, IT_REMEDY, IT_PAUSE };

static int parse_item(struct ycx *cx, yaml_node_t *n, enum item_kind kind, struct cd_item *it)
{
	static const char *const site_keys[] = {"id", "name", "timezone", NULL};
	static const char *const chan_keys[] = {"id", "name", "major", "in_person", NULL};
	static const char *const role_keys[] = {"id", "name", "level", "limit", "can", NULL};
	static const char *const plain_keys[] = {"id", "name", NULL};
	const char *const *keys = kind == IT_SITE ? site_keys : kind == IT_CHANNEL ? chan_keys
				: kind == IT_ROLE ? role_keys : plain_keys;
	yaml_node_t *k, *v;
	if (want_map(cx, n, _("an entry with id and name")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int r;
		if (key_is(k, "id"))
			r = want_id(cx, v, &it->id);
		else if (key_is(k, "name"))
			r = want_label(cx, v, &it->name);
		else if (kind == IT_SITE && key_is(k, "timezone")) {
			r = want_str(cx, v, &it->tz);
			if (!r && !cd_tz_valid(it->tz))
				r = yerr(cx, v, _("unknown time zone '%s' (expected a name such as Asia/Shanghai)"), it->tz);
		} else if (kind == IT_CHANNEL && key_is(k, "major"))
			r = want_bool(cx, v, &it->major);
		else if (kind == IT_CHANNEL && key_is(k, "in_person"))
			r = want_bool(cx, v, &it->in_person);
		else if (kind == IT_ROLE && key_is(k, "level"))
			r = want_int(cx, v, 0, 100, &it->level);
		else if (kind == IT_ROLE && key_is(k, "limit"))
			r = want_limits(cx, v, it);
		else if (kind == IT_ROLE && key_is(k, "can"))
			r = want_perms(cx, v, it);
		else
			r = unknown_key(cx, k, keys);
		if (r)
			return -1;
	}
	if (!it->id)
		return yerr(cx, n, _("this entry has no 'id'"));
	return 0;
}

static int parse_list(struct ycx *cx, yaml_node_t *n, enum item_kind kind, struct cd_list *l)
{
	yaml_node_t *it;
	if (want_seq(cx, n, _("a list of entries")))
		return -1;
	for (SEQ_EACH(cx, n, it)) {
		l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
		struct cd_item *item = &l->v[l->n++];
		memset(item, 0, sizeof *item);
		if (parse_item(cx, it, kind, item))
			return -1;
		for (size_t j = 0; j + 1 < l->n; j++)
			if (strcmp(l->v[j].id, item->id) == 0)
				return yerr(cx, it, _("duplicate id '%s'"), item->id);
	}
	if (l->n == 0)
		return yerr(cx, n, _("the list must not be empty"));
	return 0;
}

static int cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The most days one list may name: enough for decades of holidays, and
 * few enough that YAML aliases repeating a long range cannot blow a small
 * file up into millions of days (and cdesk config show into more). */
#define MAX_LISTED_DAYS 10000

/* Add the days from … to of entry n to the list. */
static int push_days(struct ycx *cx, yaml_node_t *n, int32_t **v, size_t *cnt, int32_t from, int32_t to)
{
	size_t add = (size_t)(to - from) + 1;
	if (*cnt + add > MAX_LISTED_DAYS)
		return yerr(cx, n, _("the list names more than %d days"), MAX_LISTED_DAYS);
	*v = xreallocarray(*v, *cnt + add, sizeof **v);
	for (int32_t day = from; day <= to; day++)
		(*v)[(*cnt)++] = day;
	return 0;
}

/* Holidays: a date, or {from: DATE, to: DATE, name: …}. */
static int parse_days(struct ycx *cx, yaml_node_t *n, int32_t **v, size_t *cnt)
{
	static const char *const keys[] = {"date", "from", "to", "name", NULL};
	yaml_node_t *it, *k, *val;
	if (want_seq(cx, n, _("a list of dates")))
		return -1;
	for (SEQ_EACH(cx, n, it)) {
		int32_t from = 0, to = 0, day;
		int has_from = 0, has_to = 0;
		if (scalar(it)) {
			if (want_date(cx, it, &day) || push_days(cx, it, v, cnt, day, day))
				return -1;
			continue;
		}
		if (want_map(cx, it, _("a date or {from: DATE, to: DATE}")))
			return -1;
		for (MAP_EACH(cx, it, k, val)) {
			if (key_is(k, "from") || key_is(k, "date")) {
				if (want_date(cx, val, &from))
					return -1;
				has_from = 1;
			} else if (key_is(k, "to")) {
				if (want_date(cx, val, &to))
					return -1;
				has_to = 1;
			} else if (key_is(k, "name")) {
				struct cd_label l = {0};
				int r = want_label(cx, val, &l);
				free(l.zh);
				free(l.en);
				if (r)
					return -1;
			} else
				return unknown_key(cx, k, keys);
		}
		if (!has_from)
			return yerr(cx, it, _("a date range needs 'from'"));
		if (!has_to)
			to = from;
		if (to < from)
			return yerr(cx, it, _("the range ends before it starts"));
		if (to - from > 366)
			return yerr(cx, it, _("the range is longer than a year"));
		if (push_days(cx, it, v, cnt, from, to))
			return -1;
	}
	if (*cnt) /* an empty list has no array to sort */
		qsort(*v, *cnt, sizeof **v, cmp_day);
	return 0;
}

static int parse_calendar(struct ycx *cx, yaml_node_t *n, struct cd_calendar *cal)
{
	static const char *const keys[] = {"workweek", "day_end", "business_hours",
					   "holidays", "working_days", NULL};
	static const char *const hour_keys[] = {"start", "end", NULL};
	static const char *const wd[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
	yaml_node_t *k, *v, *it, *hk, *hv;
	if (want_map(cx, n, _("the calendar")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		if (key_is(k, "workweek")) {
			if (want_seq(cx, v, _("a list of weekdays (mon … sun)")))
				return -1;
			memset(cal->workweek, 0, sizeof cal->workweek);
			for (SEQ_EACH(cx, v, it)) {
				const char *s = scalar(it);
				int found = -1;
				for (int d = 0; s && d < 7; d++)
					if (strcmp(s, wd[d]) == 0)
						found = d;
				if (found < 0)
					return yerr(cx, it, _("expected a weekday: mon, tue, wed, thu, fri, sat or sun"));
				cal->workweek[found] = 1;
			}
		} else if (key_is(k, "day_end")) {
			if (want_time_of_day(cx, v, 1, &cal->day_end))
				return -1;
			if (cal->day_end == 0)
				return yerr(cx, v, _("a working day cannot end at 00:00; use 24:00 for midnight"));
		} else if (key_is(k, "business_hours")) {
			if (want_map(cx, v, _("business hours {start: HH:MM, end: HH:MM}")))
				return -1;
			for (MAP_EACH(cx, v, hk, hv)) {
				if (key_is(hk, "start")) {
					if (want_time_of_day(cx, hv, 0, &cal->hours_start))
						return -1;
				} else if (key_is(hk, "end")) {
					if (want_time_of_day(cx, hv, 1, &cal->hours_end))
						return -1;
				} else
					return unknown_key(cx, hk, hour_keys);
			}
			if (cal->hours_end <= cal->hours_start)
				return yerr(cx, v, _("business hours must end after they start"));
		} else if (key_is(k, "holidays")) {
			if (parse_days(cx, v, &cal->holidays, &cal->nholidays))
				return -1;
		} else if (key_is(k, "working_days")) {
			if (parse_days(cx, v, &cal->extra_workdays, &cal->nextra))
				return -1;
		} else
			return unknown_key(cx, k, keys);
	}
	int any = 0;
	for (int d = 0; d < 7; d++)
		any |= cal->workweek[d];
	if (!any)
		return yerr(cx, n, _("the work week has no working day"));
	return 0;
}

static int check_trigger(struct ycx *cx, yaml_node_t *n, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (!cd_is_trigger_name(l->v[i]))
			return yerr(cx, n, _("'%s' is not an event or state (expected e.g. received, contact, feedback, resolved, followed_up)"), l->v[i]);
	return 0;
}

static int parse_clock(struct ycx *cx, yaml_node_t *n, struct cd_clockdef *c)
{
	static const char *const keys[] = {"name", "within", "warn_before", "starts", "met_by",
					   "ends", "repeat", "pausable", NULL};
	yaml_node_t *k, *v;
	int has_within = 0;
	if (want_map(cx, n, _("a clock definition")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int r;
		if (key_is(k, "name"))
			r = want_label(cx, v, &c->name);
		else if (key_is(k, "within")) {
			r = want_duration(cx, v, &c->within);
			has_within = 1;
		} else if (key_is(k, "warn_before")) {
			r = want_wall_duration(cx, v, &c->warn_before.amount);
		} else if (key_is(k, "starts"))
			r = want_strlist(cx, v, &c->starts) || check_trigger(cx, v, &c->starts);
		else if (key_is(k, "met_by"))
			r = want_strlist(cx, v, &c->met_by) || check_trigger(cx, v, &c->met_by);
		else if (key_is(k, "ends"))
			r = want_strlist(cx, v, &c->ends) || check_trigger(cx, v, &c->ends);
		else if (key_is(k, "repeat"))
			r = want_bool(cx, v, &c->repeat);
		else if (key_is(k, "pausable"))
			r = want_bool(cx, v, &c->pausable);
		else
			r = unknown_key(cx, k, keys);
		if (r)
			return -1;
	}
	if (!has_within)
		return yerr(cx, n, _("clock '%s' has no 'within'"), c->id);
	if (c->within.amount <= 0)
		return yerr(cx, n, _("clock '%s' must allow some time"), c->id);
	if (c->starts.n == 0)
		return yerr(cx, n, _("clock '%s' has no 'starts'"), c->id);
	if (c->met_by.n == 0)
		return yerr(cx, n, _("clock '%s' has no 'met_by'"), c->id);
	return 0;
}

static int parse_clocks(struct ycx *cx, yaml_node_t *n)
{
	struct cd_config *cfg = cx->cfg;
	yaml_node_t *k, *v;
	if (want_map(cx, n, _("clocks by name")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		cfg->clocks = xreallocarray(cfg->clocks, cfg->nclocks + 1, sizeof *cfg->clocks);
		struct cd_clockdef *c = &cfg->clocks[cfg->nclocks++];
		memset(c, 0, sizeof *c);
		if (want_id(cx, k, &c->id))
			return -1;
		if (strcmp(c->id, "promise") == 0)
			return yerr(cx, k, _("'promise' is reserved for promise clocks; set their warning under promises:"));
		if (strlen(c->id) > 31)
			return yerr(cx, k, _("a clock id may be at most 31 characters long"));
		if (parse_clock(cx, v, c))
			return -1;
	}
	return 0;
}

static int parse_promises(struct ycx *cx, yaml_node_t *n)
{
	static const char *const keys[] = {"warn_before", NULL};
	yaml_node_t *k, *v;
	if (want_map(cx, n, _("promise settings")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		if (key_is(k, "warn_before")) {
			if (want_wall_duration(cx, v, &cx->cfg->promise_warn.amount))
				return -1;
		} else
			return unknown_key(cx, k, keys);
	}
	return 0;
}

static int check_ids(struct ycx *cx, yaml_node_t *n, const struct strlist *l,
		     const struct cd_list *known, const char *what)
{
	for (size_t i = 0; i < l->n; i++)
		if (!cd_list_find(known, l->v[i]))
			return yerr(cx, n, _("unknown %s '%s'"), what, l->v[i]);
	return 0;
}

static int parse_when(struct ycx *cx, yaml_node_t *n, struct cd_rule *r)
{
	static const char *const keys[] = {"clock", "status", "after", "channel", "category",
					   "severity", "site", "repeat_count", "repeat_within",
					   "open_longer_than", "reopened", NULL};
	yaml_node_t *k, *v;
	struct cd_config *cfg = cx->cfg;
	if (want_map(cx, n, _("the rule's conditions")))
		return -1;
	r->on_breach = 1;
	for (MAP_EACH(cx, n, k, v)) {
		int rc;
		if (key_is(k, "clock")) {
			rc = want_id(cx, v, &r->clock);
			if (!rc && strcmp(r->clock, "promise") != 0 && !cd_config_clock(cfg, r->clock))
				rc = yerr(cx, v, _("unknown clock '%s'"), r->clock);
		} else if (key_is(k, "status")) {
			const char *s;
			rc = want_scalar(cx, v, _("warning or breached"), &s);
			if (!rc && strcmp(s, "breached") == 0)
				r->on_breach = 1;
			else if (!rc && strcmp(s, "warning") == 0)
				r->on_breach = 0;
			else if (!rc)
				rc = yerr(cx, v, _("expected warning or breached, found '%s'"), s);
		} else if (key_is(k, "after"))
			rc = want_wall_duration(cx, v, &r->after);
		else if (key_is(k, "channel"))
			rc = want_strlist(cx, v, &r->channels) ||
			     check_ids(cx, v, &r->channels, &cfg->channels, _("channel"));
		else if (key_is(k, "category"))
			rc = want_strlist(cx, v, &r->categories) ||
			     check_ids(cx, v, &r->categories, &cfg->categories, _("category"));
		else if (key_is(k, "severity"))
			rc = want_strlist(cx, v, &r->severities) ||
			     check_ids(cx, v, &r->severities, &cfg->severities, _("severity"));
		else if (key_is(k, "site"))
			rc = want_strlist(cx, v, &r->sites) ||
			     check_ids(cx, v, &r->sites, &cfg->sites, _("site"));
		else if (key_is(k, "repeat_count"))
			rc = want_int(cx, v, 2, 1000, &r->repeat_count);
		else if (key_is(k, "repeat_within"))
			rc = want_duration(cx, v, &r->repeat_within);
		else if (key_is(k, "open_longer_than")) {
			rc = want_duration(cx, v, &r->open_longer);
			r->has_open_longer = 1;
		} else if (key_is(k, "reopened"))
			rc = want_int(cx, v, 1, 1000, &r->reopened);
		else
			rc = unknown_key(cx, k, keys);
		if (rc)
			return -1;
	}
	if (r->repeat_count && !r->repeat_within.amount)
		return yerr(cx, n, _("repeat_count needs repeat_within"));
	if (r->after && !r->clock)
		return yerr(cx, n, _("'after' needs a 'clock'"));
	return 0;
}

static int parse_rule(struct ycx *cx, yaml_node_t *n, struct cd_rule *r)
{
	static const char *const keys[] = {"id", "name", "when", "level", "notify", "set_severity", "urgent", NULL};
	yaml_node_t *k, *v, *when = NULL;
	struct cd_config *cfg = cx->cfg;
	if (want_map(cx, n, _("an escalation rule")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int rc;
		if (key_is(k, "id"))
			rc = want_id(cx, v, &r->id);
		else if (key_is(k, "name"))
			rc = want_label(cx, v, &r->name);
		else if (key_is(k, "when")) {
			when = v;
			rc = parse_when(cx, v, r);
		} else if (key_is(k, "level"))
			rc = want_int(cx, v, 1, 9, &r->level);
		else if (key_is(k, "notify")) {
			rc = want_id(cx, v, &r->notify);
			if (!rc && !cd_list_find(&cfg->roles, r->notify))
				rc = yerr(cx, v, _("unknown role '%s'"), r->notify);
		} else if (key_is(k, "urgent"))
			rc = want_bool(cx, v, &r->urgent);
		else if (key_is(k, "set_severity")) {
			rc = want_id(cx, v, &r->set_severity);
			if (!rc && !cd_list_find(&cfg->severities, r->set_severity))
				rc = yerr(cx, v, _("unknown severity '%s'"), r->set_severity);
		} else
			rc = unknown_key(cx, k, keys);
		if (rc)
			return -1;
	}
	if (!r->id)
		return yerr(cx, n, _("this rule has no 'id'"));
	if (!when)
		return yerr(cx, n, _("rule '%s' has no 'when'"), r->id);
	if (!r->level)
		return yerr(cx, n, _("rule '%s' has no 'level'"), r->id);
	if (!r->notify)
		return yerr(cx, n, _("rule '%s' has no 'notify'"), r->id);
	return 0;
}

static int parse_rules(struct ycx *cx, yaml_node_t *n)
{
	struct cd_config *cfg = cx->cfg;
	yaml_node_t *it;
	if (want_seq(cx, n, _("a list of escalation rules")))
		return -1;
	for (SEQ_EACH(cx, n, it)) {
		cfg->rules = xreallocarray(cfg->rules, cfg->nrules + 1, sizeof *cfg->rules);
		struct cd_rule *r = &cfg->rules[cfg->nrules++];
		memset(r, 0, sizeof *r);
		if (parse_rule(cx, it, r))
			return -1;
		for (size_t j = 0; j + 1 < cfg->nrules; j++)
			if (strcmp(cfg->rules[j].id, r->id) == 0)
				return yerr(cx, it, _("duplicate rule id '%s'"), r->id);
	}
	return 0;
}

static const char *const step_names[] = {"listen", "apologize", "record", "resolve", "follow_up", NULL};

static int parse_script(struct ycx *cx, const char *step, yaml_node_t *n)
{
	static const char *const keys[] = {"zh_CN", "en", "need", "behaviour", NULL};
	yaml_node_t *k, *v;
	struct cd_config *cfg = cx->cfg;
	cfg->scripts = xreallocarray(cfg->scripts, cfg->nscripts + 1, sizeof *cfg->scripts);
	struct cd_script *s = &cfg->scripts[cfg->nscripts++];
	memset(s, 0, sizeof *s);
	s->step = xstrdup(step);
	if (want_map(cx, n, _("a prompt {zh_CN: …, en: …}")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int rc;
		if (key_is(k, "zh_CN"))
			rc = want_str(cx, v, &s->text.zh);
		else if (key_is(k, "en"))
			rc = want_str(cx, v, &s->text.en);
		else if (key_is(k, "need")) {
			rc = want_id(cx, v, &s->need);
			if (!rc && cd_need_index(s->need) < 0)
				rc = yerr(cx, v, _("unknown need '%s' (expected respect, vent, compensation or advice)"), s->need);
		} else if (key_is(k, "behaviour")) {
			rc = want_id(cx, v, &s->behaviour);
			if (!rc && cd_behaviour_index(s->behaviour) < 0)
				rc = yerr(cx, v, _("unknown behaviour '%s' (expected passive, voicer, irate or activist)"), s->behaviour);
		} else
			rc = unknown_key(cx, k, keys);
		if (rc)
			return -1;
	}
	if (!s->text.zh || !s->text.en)
		return yerr(cx, n, _("a prompt needs both zh_CN and en text"));
	return 0;
}

static int parse_scripts(struct ycx *cx, yaml_node_t *n)
{
	yaml_node_t *k, *v, *it;
	if (want_map(cx, n, _("talk scripts by step")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		const char *step = scalar(k);
		int ok = 0;
		for (size_t i = 0; step && step_names[i]; i++)
			ok |= strcmp(step, step_names[i]) == 0;
		if (!ok)
			return unknown_key(cx, k, step_names);
		if (want_seq(cx, v, _("a list of prompts")))
			return -1;
		for (SEQ_EACH(cx, v, it))
			if (parse_script(cx, step, it))
				return -1;
	}
	return 0;
}

/* auth: {mode: pin|unix, idle_lock, max_failures, retry_delay, lockout, pinned_clock} */
static int parse_auth(struct ycx *cx, yaml_node_t *n, struct cd_auth *a)
{
	static const char *const keys[] = {"mode",    "idle_lock",   "max_failures",
					   "retry_delay", "lockout", "pinned_clock", NULL};
	yaml_node_t *k, *v;
	if (want_map(cx, n, _("a mapping")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int r;
		if (key_is(k, "mode")) {
			const char *s;
			r = want_scalar(cx, v, _("pin or unix"), &s);
			if (!r && strcmp(s, "pin") == 0)
				a->mode = AUTH_PIN;
			else if (!r && strcmp(s, "unix") == 0)
				a->mode = AUTH_UNIX;
			else if (!r)
				r = yerr(cx, v, _("expected pin or unix, found '%s'"), s);
		} else if (key_is(k, "idle_lock")) {
			const char *s = scalar(v);
			a->idle_lock = 0;
			r = s && (strcmp(s, "0") == 0 || strcmp(s, "never") == 0) ? 0
			    : want_wall_duration(cx, v, &a->idle_lock);
		}
		else if (key_is(k, "max_failures"))
			r = want_int(cx, v, 1, 100, &a->max_failures);
		else if (key_is(k, "retry_delay")) {
			r = want_wall_duration(cx, v, &a->retry_delay);
			if (!r && a->retry_delay > 3600)
				r = yerr(cx, v, _("retry_delay is at most an hour"));
		} else if (key_is(k, "lockout"))
			r = want_wall_duration(cx, v, &a->lockout);
		else if (key_is(k, "pinned_clock"))
			r = want_bool(cx, v, &a->pinned_clock);
		else
			r = unknown_key(cx, k, keys);
		if (r)
			return -1;
	}
	return 0;
}

/* A configuration written before pause reasons were configurable gets
 * the ones cdesk always knew (customer, third_party) and the usual others. */
static void default_pause_reasons(struct cd_list *l)
{
	static const char *const v[][3] = {
		{"customer", "等待客户", "Waiting for the customer"},
		{"parts", "等待配件", "Waiting for parts"},
		{"manufacturer", "等待厂家", "Waiting for the manufacturer"},
		{"verification", "等待官方检定", "Waiting for an official verification"},
		{"unreachable", "联系不上客户", "Customer unreachable"},
		{"third_party", "等待其他第三方", "Waiting for another third party"},
	};
	l->n = sizeof v / sizeof *v;
	l->v = xcalloc(l->n, sizeof *l->v);
	for (size_t i = 0; i < l->n; i++) {
		l->v[i].id = xstrdup(v[i][0]);
		l->v[i].name.zh = xstrdup(v[i][1]);
		l->v[i].name.en = xstrdup(v[i][2]);
	}
}

/* notify: where messages go. A secret is never written in the file: it is
 * a reference, env:NAME or file:NAME, resolved when a message is sent. */
static int want_secret_ref(struct ycx *cx, yaml_node_t *n, char **out)
{
	if (want_str(cx, n, out))
		return -1;
	const char *name = strncmp(*out, "env:", 4) == 0 || strncmp(*out, "file:", 5) == 0 ? strchr(*out, ':') + 1
											     : NULL;
	if (!name || !*name)
		return yerr(cx, n, _("a secret is not written here: give env:NAME (an environment variable) or "
				     "file:NAME (a line NAME=value of notify.secrets_file)"));
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' && *p != '.')
			return yerr(cx, n, _("expected a secret's name (letters, digits, _, - and .), found '%s'"),
				    name);
	return 0;
}

static int want_lang(struct ycx *cx, yaml_node_t *n, char **out)
{
	if (want_str(cx, n, out))
		return -1;
	if (strcmp(*out, "zh_CN") != 0 && strcmp(*out, "en") != 0)
		return yerr(cx, n, _("expected zh_CN or en, found '%s'"), *out);
	return 0;
}

static int want_url(struct ycx *cx, yaml_node_t *n, const char *const *schemes, char **out)
{
	if (want_str(cx, n, out))
		return -1;
	for (size_t i = 0; schemes[i]; i++)
		if (strncmp(*out, schemes[i], strlen(schemes[i])) == 0 && (*out)[strlen(schemes[i])])
			return 0;
	return yerr(cx, n, _("expected a URL starting with %s%s%s, found '%s'"), schemes[0],
		    schemes[1] ? _(" or ") : "", schemes[1] ? schemes[1] : "", *out);
}

static const char *const chan_kinds[] = {"webhook", "wecom", "dingtalk", "feishu", "email", NULL};

static int parse_notify_channel(struct ycx *cx, yaml_node_t *n, struct cd_notify_channel *ch)
{
	static const char *const keys[] = {"id", "kind", "url", "token", "secret", "to", "roles", "sites",
					   "language", NULL};
	static const char *const http[] = {"https://", "http://", NULL};
	yaml_node_t *k, *v, *kind = NULL, *url = NULL;
	struct cd_config *cfg = cx->cfg;
	if (want_map(cx, n, _("a notification channel")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int rc = 0;
		if (key_is(k, "id"))
			rc = want_id(cx, v, &ch->id);
		else if (key_is(k, "kind")) {
			const char *s;
			size_t i = 0;
			kind = v;
			rc = want_scalar(cx, v, _("a channel kind"), &s);
			while (!rc && chan_kinds[i] && strcmp(chan_kinds[i], s) != 0)
				i++;
			if (!rc && !chan_kinds[i])
				rc = yerr(cx, v, _("expected webhook, wecom, dingtalk, feishu or email, found '%s'"), s);
			ch->kind = (enum cd_chan_kind)i;
		} else if (key_is(k, "url")) {
			url = v;
			rc = want_url(cx, v, http, &ch->url);
		} else if (key_is(k, "token"))
			rc = want_secret_ref(cx, v, &ch->token);
		else if (key_is(k, "secret"))
			rc = want_secret_ref(cx, v, &ch->secret);
		else if (key_is(k, "to")) {
			yaml_node_t *it;
			rc = want_seq(cx, v, _("a list of e-mail addresses"));
			for (SEQ_EACH(cx, v, it)) {
				char *a = NULL;
				if ((rc = want_str(cx, it, &a)) == 0 && (!strchr(a, '@') || strpbrk(a, " <>,\r\n")))
					rc = yerr(cx, it, _("expected an e-mail address, found '%s'"), a);
				if (!rc)
					sl_push(&ch->to, a);
				free(a);
				if (rc)
					break;
			}
		} else if (key_is(k, "roles"))
			rc = want_strlist(cx, v, &ch->roles) || check_ids(cx, v, &ch->roles, &cfg->roles, _("role"));
		else if (key_is(k, "sites"))
			rc = want_strlist(cx, v, &ch->sites) || check_ids(cx, v, &ch->sites, &cfg->sites, _("site"));
		else if (key_is(k, "language"))
			rc = want_lang(cx, v, &ch->language);
		else
			rc = unknown_key(cx, k, keys);
		if (rc)
			return -1;
	}
	if (!ch->id)
		return yerr(cx, n, _("this channel has no 'id'"));
	if (!kind)
		return yerr(cx, n, _("channel '%s' has no 'kind'"), ch->id);
	if (ch->kind == CH_EMAIL && !ch->to.n)
		return yerr(cx, n, _("channel '%s' sends e-mail: it needs 'to'"), ch->id);
	if (ch->kind == CH_EMAIL && url)
		return yerr(cx, url, _("channel '%s' sends e-mail: the server is notify.smtp, not a url"), ch->id);
	if (ch->kind != CH_EMAIL && !ch->url)
		return yerr(cx, n, _("channel '%s' has no 'url'"), ch->id);
	if (ch->secret && ch->kind != CH_DINGTALK && ch->kind != CH_FEISHU)
		return yerr(cx, n, _("channel '%s': only dingtalk and feishu robots sign with a 'secret'"), ch->id);
	return 0;
}

static int parse_smtp(struct ycx *cx, yaml_node_t *n, struct cd_notify *nt)
{
	static const char *const keys[] = {"url", "from", "user", "password", "starttls", NULL};
	static const char *const smtp[] = {"smtp://", "smtps://", NULL};
	yaml_node_t *k, *v;
	if (want_map(cx, n, _("the mail server {url, from, user, password, starttls}")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int rc;
		if (key_is(k, "url"))
			rc = want_url(cx, v, smtp, &nt->smtp_url);
		else if (key_is(k, "from")) {
			rc = want_str(cx, v, &nt->smtp_from);
			if (!rc && (!strchr(nt->smtp_from, '@') || strpbrk(nt->smtp_from, " <>,\r\n")))
				rc = yerr(cx, v, _("expected an e-mail address, found '%s'"), nt->smtp_from);
		} else if (key_is(k, "user"))
			rc = want_str(cx, v, &nt->smtp_user);
		else if (key_is(k, "password"))
			rc = want_secret_ref(cx, v, &nt->smtp_password);
		else if (key_is(k, "starttls"))
			rc = want_bool(cx, v, &nt->smtp_starttls);
		else
			rc = unknown_key(cx, k, keys);
		if (rc)
			return -1;
	}
	if (!nt->smtp_url || !nt->smtp_from)
		return yerr(cx, n, _("notify.smtp needs 'url' and 'from'"));
	return 0;
}

static int parse_notify(struct ycx *cx, yaml_node_t *n, struct cd_notify *nt)
{
	static const char *const keys[] = {"language", "secrets_file", "ca_file", "smtp", "warn_owner", "urgent_warnings",
					   "max_attempts", "retry_max", "timeout", "channels", NULL};
	yaml_node_t *k, *v, *it;
	if (want_map(cx, n, _("a mapping")))
		return -1;
	for (MAP_EACH(cx, n, k, v)) {
		int rc = 0;
		if (key_is(k, "language"))
			rc = want_lang(cx, v, &nt->language);
		else if (key_is(k, "secrets_file"))
			rc = want_str(cx, v, &nt->secrets_file);
		else if (key_is(k, "ca_file"))
			rc = want_str(cx, v, &nt->ca_file);
		else if (key_is(k, "smtp"))
			rc = parse_smtp(cx, v, nt);
		else if (key_is(k, "warn_owner"))
			rc = want_bool(cx, v, &nt->warn_owner);
		else if (key_is(k, "urgent_warnings")) {
			rc = want_strlist(cx, v, &nt->urgent_warnings);
			for (size_t i = 0; !rc && i < nt->urgent_warnings.n; i++)
				if (strcmp(nt->urgent_warnings.v[i], "promise") != 0 &&
				    !cd_config_clock(cx->cfg, nt->urgent_warnings.v[i]))
					rc = yerr(cx, v, _("unknown clock '%s'"), nt->urgent_warnings.v[i]);
		} else if (key_is(k, "max_attempts"))
			rc = want_int(cx, v, 1, 100, &nt->max_attempts);
		else if (key_is(k, "retry_max"))
			rc = want_wall_duration(cx, v, &nt->retry_max);
		else if (key_is(k, "timeout")) {
			rc = want_wall_duration(cx, v, &nt->timeout);
			if (!rc && (nt->timeout < 1 || nt->timeout > 600))
				rc = yerr(cx, v, _("timeout is 1 second to 10 minutes"));
		} else if (key_is(k, "channels")) {
			if ((rc = want_seq(cx, v, _("a list of channels"))))
				return -1;
			for (SEQ_EACH(cx, v, it)) {
				nt->channels = xreallocarray(nt->channels, nt->nchannels + 1, sizeof *nt->channels);
				struct cd_notify_channel *ch = &nt->channels[nt->nchannels++];
				memset(ch, 0, sizeof *ch);
				if (parse_notify_channel(cx, it, ch))
					return -1;
				for (size_t j = 0; j + 1 < nt->nchannels; j++)
					if (strcmp(nt->channels[j].id, ch->id) == 0)
						return yerr(cx, it, _("duplicate channel id '%s'"), ch->id);
			}
		} else
			rc = unknown_key(cx, k, keys);
		if (rc)
			return -1;
	}
	for (size_t i = 0; i < nt->nchannels; i++)
		if (nt->channels[i].kind == CH_EMAIL && !nt->smtp_url)
			return yerr(cx, n, _("channel '%s' sends e-mail, but there is no notify.smtp"),
				    nt->channels[i].id);
	return 0;
}

/* The database the desks reading this file open. The file is kept in
 * the database and shown by config show: a password has no place in it. */
static int parse_database(struct ycx *cx, yaml_node_t *v, char **out)
{
	if (want_str(cx, v, out))
		return -1;
	char *shown = cd_where_shown(*out);
	int r = strcmp(shown, *out) ? yerr(cx, v, _("a password does not belong in the configuration: "
						    "give it in ~/.pgpass or PGPASSWORD")) : 0;
	free(shown);
	return r;
}

static int parse_top(struct ycx *cx, yaml_node_t *root)
{
	static const char *const keys[] = {"timezone", "language", "default_site", "database", "sites",
					   "channels", "categories", "severities", "roles",
					   "remedies", "pause_reasons", "calendar", "clocks", "promises",
					   "escalation", "scripts", "auth", "notify", NULL};
	struct cd_config *cfg = cx->cfg;
	yaml_node_t *k, *v;
	yaml_node_t *deferred[3] = {NULL, NULL, NULL}; /* clocks, promises, escalation */
	yaml_node_t *site_node = NULL, *scripts = NULL, *roles = NULL, *notify = NULL;

	if (want_map(cx, root, _("the configuration (a mapping at the top level)")))
		return -1;
	/* First the lists that rules refer to, whatever order the file has. */
	for (MAP_EACH(cx, root, k, v)) {
		int r = 0;
		if (key_is(k, "timezone")) {
			r = want_str(cx, v, &cfg->timezone);
			if (!r && !cd_tz_valid(cfg->timezone))
				r = yerr(cx, v, _("unknown time zone '%s' (expected a name such as Asia/Shanghai)"), cfg->timezone);
		} else if (key_is(k, "language")) {
			r = want_str(cx, v, &cfg->language);
			if (!r && strcmp(cfg->language, "zh_CN") != 0 && strcmp(cfg->language, "en") != 0)
				r = yerr(cx, v, _("expected zh_CN or en, found '%s'"), cfg->language);
		} else if (key_is(k, "default_site")) {
			r = want_id(cx, v, &cfg->default_site);
			site_node = v;
		} else if (key_is(k, "database"))
			r = parse_database(cx, v, &cfg->database); else if (key_is(k, "sites"))
			r = parse_list(cx, v, IT_SITE, &cfg->sites);
		else if (key_is(k, "channels"))
			r = parse_list(cx, v, IT_CHANNEL, &cfg->channels);
		else if (key_is(k, "categories"))
			r = parse_list(cx, v, IT_CATEGORY, &cfg->categories);
		else if (key_is(k, "severities"))
			r = parse_list(cx, v, IT_SEVERITY, &cfg->severities);
		else if (key_is(k, "roles"))
			roles = v; /* after severities and remedies, which roles name */
		else if (key_is(k, "auth"))
			r = parse_auth(cx, v, &cfg->auth);
		else if (key_is(k, "remedies"))
			r = parse_list(cx, v, IT_REMEDY, &cfg->remedies);
		else if (key_is(k, "pause_reasons"))
			r = parse_list(cx, v, IT_PAUSE, &cfg->pause_reasons);
		else if (key_is(k, "calendar"))
			r = parse_calendar(cx, v, &cfg->cal);
		else if (key_is(k, "clocks"))
			deferred[0] = v;
		else if (key_is(k, "promises"))
			deferred[1] = v;
		else if (key_is(k, "escalation"))
			deferred[2] = v;
		else if (key_is(k, "scripts"))
			scripts = v;
		else if (key_is(k, "notify"))
			notify = v; /* after the roles, sites and clocks it names */
		else
			r = unknown_key(cx, k, keys);
		if (r)
			return -1;
	}
	if (roles && parse_list(cx, roles, IT_ROLE, &cfg->roles))
		return -1;
	/* Clocks and scripts stand alone; rules need the lists and clocks. */
	if (deferred[0] && parse_clocks(cx, deferred[0]))
		return -1;
	if (deferred[1] && parse_promises(cx, deferred[1]))
		return -1;
	if (scripts && parse_scripts(cx, scripts))
		return -1;
	static const char *const required[] = {"sites", "channels", "categories", "severities", "roles"};
	const struct cd_list *lists[] = {&cfg->sites, &cfg->channels, &cfg->categories,
					 &cfg->severities, &cfg->roles};
	for (size_t i = 0; i < 5; i++)
		if (lists[i]->n == 0)
			return yerr(cx, root, _("the configuration has no '%s'"), required[i]);
	if (!cfg->remedies.n)
		return yerr(cx, root, _("the configuration has no '%s'"), "remedies");
	if (!cfg->pause_reasons.n)
		default_pause_reasons(&cfg->pause_reasons);
	if (cfg->default_site && !cd_list_find(&cfg->sites, cfg->default_site))
		return yerr(cx, site_node, _("unknown site '%s'"), cfg->default_site);
	if (!cd_list_find(&cfg->severities, "major") || !cd_list_find(&cfg->severities, "normal"))
		return yerr(cx, root, _("severities must include 'normal' and 'major'"));
	if (deferred[2] && parse_rules(cx, deferred[2]))
		return -1;
	if (notify && parse_notify(cx, notify, &cfg->notify))
		return -1;
	return 0;
}

static void set_defaults(struct cd_config *cfg)
{
	cfg->timezone = xstrdup("Asia/Shanghai");
	for (int d = 1; d <= 5; d++)
		cfg->cal.workweek[d] = 1;
	cfg->cal.day_end = 86400;
	cfg->cal.hours_start = 9 * 3600;
	cfg->cal.hours_end = 18 * 3600;
	cfg->promise_warn.unit = DUR_WALL;
	cfg->promise_warn.amount = (int64_t)2 * 3600;
	cfg->auth.mode = AUTH_PIN;
	cfg->auth.idle_lock = (int64_t)5 * 60;
	cfg->auth.max_failures = 5;
	cfg->auth.retry_delay = 1;
	cfg->auth.lockout = (int64_t)15 * 60;
	cfg->notify.warn_owner = 1;
	cfg->notify.smtp_starttls = 1;
	cfg->notify.max_attempts = 5;
	cfg->notify.retry_max = 3600;
	cfg->notify.timeout = 10;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The line and column (from 0, in characters) of a byte offset. */
static yaml_mark_t mark_at(const char *text, size_t len, size_t offset)
{
	yaml_mark_t m = {0};
	for (size_t i = 0; i < offset && i < len; i++) {
		if (text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80)
			m.column++;
	}
	return m;
}

struct cd_config *cd_config_parse(const char *text, size_t len, const char *name, struct cd_err *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct cd_config *cfg = xcalloc(1, sizeof *cfg);
	/* Eight times what the file holds, and a mebibyte, is more than any
	 * configuration without aliases that name large nodes over and over. */
	struct ycx cx = {name, &doc, err, cfg, (int64_t)len * 8 + (1 << 20), NULL};
	int ok = -1;

	set_defaults(cfg);
	cfg->path = xstrdup(name);
	cfg->hash = fnv1a(text, len);
	cfg->source = xmalloc(len + 1);
	memcpy(cfg->source, text, len);
	cfg->source[len] = '\0';
	if (!yaml_parser_initialize(&parser))
		cd_fatal("out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_mark_t m = parser.problem_mark;
		char from[64] = "";
		/* Bytes that are not UTF-8, or control characters, are caught
		 * while reading: libyaml gives their offset, not a mark. */
		if (parser.error == YAML_READER_ERROR)
			m = mark_at(text, len, parser.problem_offset);
		/* "while parsing a flow sequence": say where that began. */
		else if (parser.context && parser.context_mark.line != m.line)
			snprintf(from, sizeof from, _(" (it starts at %zu:%zu)"), parser.context_mark.line + 1,
				 parser.context_mark.column + 1);
		cd_fail(err, CD_ECONFIG, "%s:%zu:%zu: %s%s%s%s", name, m.line + 1, m.column + 1,
			parser.problem ? parser.problem : _("invalid YAML"),
			parser.context ? " " : "", parser.context ? parser.context : "", from);
		yaml_parser_delete(&parser);
		cd_config_free(cfg);
		return NULL;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root)
		cd_fail(err, CD_ECONFIG, "%s:1:1: %s", name, _("the configuration is empty"));
	else
		ok = parse_top(&cx, root);
	if (cx.over) /* whatever the parse said after, this is why */
		ok = yerr(&cx, cx.over, _("reading this configuration would take more than %lld MiB: aliases "
					  "repeat what they name (is it a YAML alias bomb?)"),
			  (long long)(len / 131072) + 1);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (ok) {
		cd_config_free(cfg);
		return NULL;
	}
	return cfg;
}

static void free_label(struct cd_label *l)
{
	free(l->zh);
	free(l->en);
}

static void free_list(struct cd_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free_label(&l->v[i].name);
		free(l->v[i].tz);
		for (size_t j = 0; j < l->v[i].nlimits; j++)
			free(l->v[i].limits[j].remedy);
		free(l->v[i].limits);
		for (int p = 0; p < CD_NPERMS; p++)
			sl_free(&l->v[i].only[p]);
	}
	free(l->v);
}

void cd_config_free(struct cd_config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->source);
	free(c->timezone);
	free(c->language);
	free(c->default_site);
	free(c->database);
	struct cd_list *lists[] = {&c->sites, &c->channels, &c->categories, &c->severities,
				   &c->roles, &c->remedies, &c->pause_reasons};
	for (size_t i = 0; i < 7; i++)
		free_list(lists[i]);
	free(c->cal.holidays);
	free(c->cal.extra_workdays);
	for (size_t i = 0; i < c->nclocks; i++) {
		free(c->clocks[i].id);
		free_label(&c->clocks[i].name);
		sl_free(&c->clocks[i].starts);
		sl_free(&c->clocks[i].met_by);
		sl_free(&c->clocks[i].ends);
	}
	free(c->clocks);
	for (size_t i = 0; i < c->nrules; i++) {
		struct cd_rule *r = &c->rules[i];
		free(r->id);
		free_label(&r->name);
		free(r->clock);
		free(r->notify);
		free(r->set_severity);
		sl_free(&r->channels);
		sl_free(&r->categories);
		sl_free(&r->severities);
		sl_free(&r->sites);
	}
	free(c->rules);
	for (size_t i = 0; i < c->nscripts; i++) {
		free(c->scripts[i].step);
		free_label(&c->scripts[i].text);
		free(c->scripts[i].need);
		free(c->scripts[i].behaviour);
	}
	free(c->scripts);
	cd_notify_free(&c->notify);
	free(c);
}

const char *cd_label_text(const struct cd_label *l, const char *id)
{
	int zh = strcmp(cd_lang(), "zh_CN") == 0;
	const char *first = zh ? l->zh : l->en, *second = zh ? l->en : l->zh;
	if (!str_empty(first))
		return first;
	if (!str_empty(second))
		return second;
	return id ? id : "";
}

const char *cd_pause_reason_label(const struct cd_config *cfg, const char *id)
{
	const struct cd_item *it = cd_list_find(&cfg->pause_reasons, id);
	if (it)
		return cd_label_text(&it->name, it->id);
	/* A reason no longer configured: the two cdesk always knew. */
	if (id && strcmp(id, "customer") == 0)
		return _("Waiting for the customer");
	if (id && strcmp(id, "third_party") == 0)
		return _("Waiting for a third party");
	return id ? id : "";
}

const struct cd_item *cd_list_find(const struct cd_list *l, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

const struct cd_clockdef *cd_config_clock(const struct cd_config *c, const char *id)
{
	for (size_t i = 0; i < c->nclocks; i++)
		if (strcmp(c->clocks[i].id, id) == 0)
			return &c->clocks[i];
	return NULL;
}

const char *cd_site_tz(const struct cd_config *c, const char *site)
{
	const struct cd_item *s = cd_list_find(&c->sites, site);
	return s && s->tz ? s->tz : c->timezone;
}
