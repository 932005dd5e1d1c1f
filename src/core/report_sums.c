/* Cells of the day sums gathered in memory: what a change to complaints
 * adds and takes away, or a stretch of a rebuild, added up as they come
 * (in a hash table) before they are written. */
#include "cdesk/report.h"
#include "cdesk/util.h"

#include <stdlib.h>
#include <string.h>

static int same_key(const struct rp_sum *x, const struct rp_sum *y)
{
	return x->day == y->day && x->since == y->since && strcmp(x->site, y->site) == 0 &&
	       strcmp(x->cell, y->cell) == 0;
}

/* FNV-1a over the key. */
static size_t hash_of(const struct rp_sum *c, const char *site)
{
	uint64_t h = 1469598103934665603u;
	const unsigned char *parts[2] = {(const unsigned char *)site, (const unsigned char *)c->cell};
	for (int i = 0; i < 2; i++)
		for (const unsigned char *p = parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211u;
	h = (h ^ (uint64_t)(uint32_t)c->day) * 1099511628211u;
	h = (h ^ (uint64_t)c->since) * 1099511628211u;
	return (size_t)h;
}

static size_t *find_slot(const struct rp_sums *s, const struct rp_sum *c, const char *site)
{
	size_t i = hash_of(c, site) & (s->nslot - 1);
	struct rp_sum key = *c;
	key.site = site;
	while (s->slot[i] && !same_key(&s->v[s->slot[i] - 1], &key))
		i = (i + 1) & (s->nslot - 1);
	return &s->slot[i];
}

static void grow_slots(struct rp_sums *s)
{
	free(s->slot);
	s->nslot = s->nslot ? s->nslot * 2 : 256;
	s->slot = xcalloc(s->nslot, sizeof *s->slot);
	for (size_t i = 0; i < s->n; i++)
		*find_slot(s, &s->v[i], s->v[i].site) = i + 1;
}

void rp_sums_add(struct rp_sums *s, const struct rp_sum *c, int sign)
{
	const char *site = c->site ? c->site : "";
	if (2 * (s->n + 1) > s->nslot)
		grow_slots(s);
	size_t *slot = find_slot(s, c, site);
	if (!*slot) {
		if (s->n == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
		}
		struct rp_sum *to = &s->v[s->n];
		*to = *c;
		to->site = xstrdup(site);
		to->cell = xstrdup(c->cell);
		to->n = to->base = to->sum = 0;
		*slot = ++s->n;
	}
	struct rp_sum *to = &s->v[*slot - 1];
	to->n += sign * c->n;
	to->base += sign * c->base;
	to->sum += sign * c->sum;
}

static int cmp_cell(const void *a, const void *b)
{
	const struct rp_sum *x = a, *y = b;
	int c = (x->day > y->day) - (x->day < y->day);
	if (!c)
		c = strcmp(x->site, y->site);
	if (!c)
		c = strcmp(x->cell, y->cell);
	return c ? c : (x->since > y->since) - (x->since < y->since);
}

static void free_cell(struct rp_sum *c)
{
	free((char *)c->site);
	free((char *)c->cell);
}

void rp_sums_settle(struct rp_sums *s)
{
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct rp_sum *c = &s->v[i];
		if (c->n || c->base || c->sum)
			s->v[k++] = *c;
		else
			free_cell(c);
	}
	s->n = k;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, cmp_cell);
	/* The indexes moved: the table is made again, as large as it must be. */
	size_t want = 256;
	while (want < 2 * (s->n + 1))
		want *= 2;
	s->nslot = want / 2;
	grow_slots(s);
}

void rp_sums_clear(struct rp_sums *s)
{
	for (size_t i = 0; i < s->n; i++)
		free_cell(&s->v[i]);
	free(s->v);
	free(s->slot);
	memset(s, 0, sizeof *s);
}
