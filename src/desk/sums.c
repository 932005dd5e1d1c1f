/* The analysis's day sums, kept current in the transaction that changes
 * them. Before a complaint is first written in a transaction, the cells
 * of its rows are taken away (read from the store as they are); when the
 * transaction moves on or commits, the cells of its rows as they are then
 * are added. What a level adds is written when it commits (a bulk load:
 * gathered, added up and written in batches, since the load is all or
 * nothing). They were made under the key in meta report_sums (the
 * configuration's report_sums_key); the report reads them only under
 * its own key, and the first change under another makes them again. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define SUMS_KEY "report_sums"
#define SUMS_AT "report_sums_at" /* the newest instant a settled cell depends on */
#define SUMS_BATCH 16384         /* cells gathered (added up) before a load writes them */

struct gather {
	struct cd_desk *d;
	int sign;
	cd_time settled;
};

static int add_cell(void *ctx, const struct rp_sum *c)
{
	struct gather *g = ctx;
	rp_sums_add(&g->d->sums, c, g->sign);
	return 0;
}

static void cells_of(struct gather *g, const struct rp_fact *f, int clock)
{
	cd_time settled;
	report_cells(g->d->cfg, f, clock, add_cell, g, &settled);
	if (settled > g->settled)
		g->settled = settled;
}

static int on_event(void *ctx, const struct rp_fact *f)
{
	cells_of(ctx, f, 0);
	return 0;
}

static int on_clock(void *ctx, const struct rp_fact *f)
{
	cells_of(ctx, f, 1);
	return 0;
}

/* The cells of complaints lo..hi, with sign, into d->sums. */
static int gather(struct cd_desk *d, int64_t lo, int64_t hi, int sign, struct cd_err *err)
{
	struct gather g = {d, sign, 0};
	if (store_report_rows_of(d->st, lo, hi, on_event, on_clock, &g, err))
		return -1;
	if (sign > 0 && g.settled > d->sums_at)
		d->sums_at = g.settled;
	return 0;
}

static int read_time(struct cd_desk *d, const char *key, cd_time *t, struct cd_err *err)
{
	char *v = NULL;
	if (store_meta_get(d->st, key, &v, err))
		return -1;
	*t = v ? strtoll(v, NULL, 10) : 0;
	free(v);
	return 0;
}

/* Write what was gathered, added up. */
static int write_cells(struct cd_desk *d, struct cd_err *err)
{
	rp_sums_settle(&d->sums);
	for (size_t i = 0; i < d->sums.n; i++)
		if (store_add_sum(d->st, &d->sums.v[i], err))
			return -1;
	rp_sums_clear(&d->sums);
	return 0;
}

static int set_time(struct cd_desk *d, cd_time t, struct cd_err *err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)t);
	return store_meta_set(d->st, SUMS_AT, buf, err);
}

/* The newest instant, when this transaction's is newer. */
static int write_time(struct cd_desk *d, struct cd_err *err)
{
	cd_time had;
	if (read_time(d, SUMS_AT, &had, err))
		return -1;
	return d->sums_at > had ? set_time(d, d->sums_at, err) : 0;
}

/* Are the sums kept under this configuration's key? When not (a desk
 * from before them, or zones changed), they are made again first, in
 * this transaction, as a migration would. */
int sums_start(struct cd_desk *d, struct cd_err *err)
{
	if (d->depth > 0 && d->bulk)
		return 0;
	if (d->depth > 0)
		return sums_write(d, err);
	d->sums_on = 0;
	char *key = report_sums_key(d->cfg), *have = NULL;
	int r = store_meta_get(d->st, SUMS_KEY, &have, err);
	if (!r && have && strcmp(have, key) == 0)
		d->sums_on = 1;
	else if (!r)
		r = sums_rebuild(d, err);
	d->sums_at = 0;
	free(have);
	free(key);
	return r;
}

/* A bulk load makes new complaints: from the first one on, their cells
 * are gathered once, when it commits (sums_fresh). */
int sums_touch(struct cd_desk *d, int64_t id, int fresh, struct cd_err *err)
{
	if (d->bulk && d->sums_fresh && id >= d->sums_fresh) {
		d->sums_fresh_last = id > d->sums_fresh_last ? id : d->sums_fresh_last;
		return 0;
	}
	if (!d->sums_on || id == d->sums_id)
		return 0;
	if (d->bulk && fresh) {
		d->sums_fresh = id;
		d->sums_fresh_last = id;
		return 0;
	}
	if (d->sums_id && gather(d, d->sums_id, d->sums_id, 1, err))
		return -1;
	d->sums_id = id;
	if (d->sums.n >= SUMS_BATCH && write_cells(d, err))
		return -1;
	return fresh ? 0 : gather(d, id, id, -1, err);
}

/* The new complaints of a bulk load, a range of ids at a time. */
#define FRESH_RANGE 256
static int gather_fresh(struct cd_desk *d, struct cd_err *err)
{
	if (!d->sums_fresh)
		return 0;
	for (int64_t lo = d->sums_fresh; lo <= d->sums_fresh_last; lo += FRESH_RANGE)
		if (gather(d, lo, lo + FRESH_RANGE - 1, 1, err) || write_cells(d, err))
			return -1;
	d->sums_fresh = 0;
	return 0;
}

int sums_write(struct cd_desk *d, struct cd_err *err)
{
	if (!d->sums_on)
		return 0;
	if (d->bulk && d->depth > 1)
		return 0;
	if (d->sums_id && gather(d, d->sums_id, d->sums_id, 1, err))
		return -1;
	d->sums_id = 0;
	return write_cells(d, err) || gather_fresh(d, err) || write_time(d, err);
}

void sums_forget(struct cd_desk *d)
{
	rp_sums_clear(&d->sums);
	d->sums_id = d->sums_fresh = 0;
}

int sums_usable(struct cd_desk *d, cd_time now, int *usable, struct cd_err *err)
{
	char *key = NULL, *have = NULL;
	cd_time at = 0;
	*usable = 0;
	int r = store_meta_get(d->st, SUMS_KEY, &have, err) || read_time(d, SUMS_AT, &at, err);
	if (!r && have) {
		key = report_sums_key(d->cfg);
		*usable = strcmp(have, key) == 0 && at <= now;
	}
	free(key);
	free(have);
	return r ? -1 : 0;
}

/* The sums kept are set aside (store_sums_differ compares them), then
 * every event and clock is read, a stretch of time after another (in each, a
 * day's cells are mostly the same ones, added up as they come). */
#define STRETCH ((cd_time)32 * 86400)
int sums_rebuild(struct cd_desk *d, struct cd_err *err)
{
	struct gather g = {d, 1, 0};
	cd_time lo = 0, hi = 0;
	sums_forget(d);
	int r = store_sums_set_aside(d->st, err) || store_sums_span(d->st, &lo, &hi, err);
	for (cd_time t = lo; !r && t < hi; t += STRETCH)
		r = store_report_events(d->st, t, t + STRETCH, NULL, 1, on_event, &g, err) ||
		    store_report_clocks(d->st, t, t + STRETCH, NULL, on_clock, &g, err) || write_cells(d, err);
	char *key = report_sums_key(d->cfg);
	if (!r)
		r = store_meta_set(d->st, SUMS_KEY, key, err) || set_time(d, g.settled, err);
	free(key);
	sums_forget(d);
	d->sums_on = !r;
	return r;
}
