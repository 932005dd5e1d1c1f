/* The privacy masks: what a person who may not see a customer's personal
 * data is shown of it. Pure functions of the text. */
#include "cdesk/mask.h"
#include "cdesk/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void cd_mask_phone(const char *phone, struct strbuf *out)
{
	int digits = 0, seen = 0;
	for (const char *s = phone; *s; s++)
		digits += *s >= '0' && *s <= '9';
	/* Keep the first three and last four digits of a long number, the
	 * last two of a short one. */
	int head = digits >= 8 ? 3 : 0, tail = digits >= 8 ? 4 : 2;
	for (const char *s = phone; *s; s++) {
		if (*s < '0' || *s > '9') {
			sb_putc(out, *s);
			continue;
		}
		seen++;
		sb_putc(out, seen <= head || seen > digits - tail ? *s : '*');
	}
}

static size_t utf8_len(const char *s)
{
	size_t n = 1;
	while ((s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* 张三 → 张*, Li Lei → L* L**: the first character of each word. */
void cd_mask_name(const char *name, struct strbuf *out)
{
	int first = 1;
	for (const char *s = name; *s;) {
		size_t n = utf8_len(s);
		if (*s == ' ') {
			sb_putc(out, ' ');
			first = 1;
		} else if (first) {
			sb_add(out, s, n);
			first = 0;
		} else
			sb_putc(out, '*');
		s += n;
	}
}

static void mask_field(char **f, void (*mask)(const char *, struct strbuf *))
{
	if (str_empty(*f))
		return;
	struct strbuf sb;
	sb_init(&sb);
	mask(*f, &sb);
	free(*f);
	*f = sb_steal(&sb);
}

/* Plates keep their first two and last two characters: 沪A***45. */
void cd_mask_plate(const char *plate, struct strbuf *out)
{
	size_t total = 0;
	for (const char *s = plate; *s; s += utf8_len(s))
		total++;
	size_t i = 0;
	for (const char *s = plate; *s; i++) {
		size_t n = utf8_len(s);
		if (i < 2 || i + 2 >= total)
			sb_add(out, s, n);
		else
			sb_putc(out, '*');
		s += n;
	}
}

void cd_mask_complaint(struct cd_complaint *c)
{
	mask_field(&c->customer, cd_mask_name);
	mask_field(&c->phone, cd_mask_phone);
	mask_field(&c->plate, cd_mask_plate);
}

static const struct {
	const char *key;
	void (*mask)(const char *, struct strbuf *);
} personal[] = {{"customer", cd_mask_name}, {"phone", cd_mask_phone}, {"plate", cd_mask_plate}};

/* A personal value for showing: purged ones read "(removed)". */
static json_t *shown_value(json_t *v, void (*mask)(const char *, struct strbuf *), int masked)
{
	if (json_is_object(v))
		return json_string(_("(removed)"));
	if (!json_is_string(v) || !masked)
		return json_incref(v);
	struct strbuf sb;
	sb_init(&sb);
	mask(json_string_value(v), &sb);
	json_t *r = json_string(sb.s ? sb.s : "");
	sb_free(&sb);
	return r;
}

char *cd_mask_data(const char *data, int masked)
{
	json_t *o = json_loads(data, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return xstrdup(data);
	}
	for (size_t i = 0; i < sizeof personal / sizeof *personal; i++) {
		json_t *v = json_object_get(o, personal[i].key);
		if (json_is_array(v)) {
			json_t *arr = json_array(), *x;
			size_t j;
			json_array_foreach(v, j, x)
				json_array_append_new(arr, shown_value(x, personal[i].mask, masked));
			json_object_set_new(o, personal[i].key, arr);
		} else if (v)
			json_object_set_new(o, personal[i].key, shown_value(v, personal[i].mask, masked));
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s ? s : xstrdup(data);
}

