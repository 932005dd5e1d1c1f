/* Flat JSON objects written as jansson writes them (see jflat.h). */
#include "cdesk/jflat.h"
#include "cdesk/chain.h"
#include "cdesk/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cd_jflat_str(struct cd_jflat *o, const char *key, const char *s)
{
	if (!s || o->n >= CD_JFLAT_MAX)
		return;
	o->v[o->n].key = key;
	o->v[o->n].s = s;
	o->v[o->n++].i = 0;
}

void cd_jflat_int(struct cd_jflat *o, const char *key, long long i)
{
	if (o->n >= CD_JFLAT_MAX)
		return;
	o->v[o->n].key = key;
	o->v[o->n].s = NULL;
	o->v[o->n++].i = i;
}

/* A string as jansson's dump_string writes it without flags: '"', '\\'
 * and the control characters escaped, everything else as it is. */
static void put_string(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	const char *run = s;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		sb_add(sb, run, (size_t)(s - run));
		run = s + 1;
		char esc[8];
		switch (c) {
		case '"': sb_add(sb, "\\\"", 2); break;
		case '\\': sb_add(sb, "\\\\", 2); break;
		case '\b': sb_add(sb, "\\b", 2); break;
		case '\f': sb_add(sb, "\\f", 2); break;
		case '\n': sb_add(sb, "\\n", 2); break;
		case '\r': sb_add(sb, "\\r", 2); break;
		case '\t': sb_add(sb, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			sb_puts(sb, esc);
		}
	}
	sb_add(sb, run, (size_t)(s - run));
	sb_putc(sb, '"');
}

static int is_personal(const char *key)
{
	return strcmp(key, "customer") == 0 || strcmp(key, "phone") == 0 || strcmp(key, "plate") == 0;
}

static char *write(const struct cd_jflat *o, const char *salt, int seal)
{
	size_t order[CD_JFLAT_MAX];
	/* JSON_SORT_KEYS: by strcmp; a few members, so by insertion. */
	for (size_t i = 0; i < o->n; i++) {
		size_t j = i;
		while (j > 0 && strcmp(o->v[order[j - 1]].key, o->v[i].key) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	/* Room for the usual case at once (escapes may still grow it). */
	size_t room = 2;
	for (size_t i = 0; i < o->n; i++)
		room += strlen(o->v[i].key) + (o->v[i].s ? strlen(o->v[i].s) : 0) + 96;
	struct strbuf sb = {xmalloc(room), 0, room};
	sb_putc(&sb, '{');
	for (size_t k = 0; k < o->n; k++) {
		size_t i = order[k];
		if (k)
			sb_putc(&sb, ',');
		put_string(&sb, o->v[i].key);
		sb_putc(&sb, ':');
		if (!o->v[i].s) {
			char n[24];
			long long v = o->v[i].i;
			unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
			size_t at = sizeof n;
			do
				n[--at] = (char)('0' + u % 10);
			while ((u /= 10) > 0);
			if (v < 0)
				n[--at] = '-';
			sb_add(&sb, n + at, sizeof n - at);
		} else if (seal && is_personal(o->v[i].key)) {
			char c[CD_HASH_LEN];
			cd_commitment(salt, o->v[i].key, o->v[i].s, c);
			sb_puts(&sb, "{\"purged\":\"");
			sb_puts(&sb, c);
			sb_puts(&sb, "\"}");
		} else {
			put_string(&sb, o->v[i].s);
		}
	}
	sb_putc(&sb, '}');
	return sb_steal(&sb);
}

char *cd_jflat_text(const struct cd_jflat *o) { return write(o, NULL, 0); }
char *cd_jflat_sealed(const struct cd_jflat *o, const char *salt) { return write(o, salt, 1); }
