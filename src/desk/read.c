/* What the faces read. Each read is held to the actor's sites, masks the
 * customer's personal data as the actor may see it, and audits what the
 * trail must show (a refusal, a full view, an export), so that no face can
 * show more than the rules allow by forgetting a step. */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int read_one(struct cd_desk *d, int64_t id, struct cd_complaint *c, struct cd_clocks *k,
		    struct cd_err *err)
{
	if (store_get_complaint(d->st, id, c, err))
		return -1;
	if (desk_view(d, c, err) || (k && store_clocks(d->st, id, k, err))) {
		cd_complaint_free(c);
		return -1;
	}
	return 0;
}

int desk_get(struct cd_desk *d, int64_t id, enum desk_view view, struct cd_complaint *c,
	     struct cd_clocks *k, struct cd_err *err)
{
	if (read_one(d, id, c, k, err))
		return -1;
	desk_mask(d, c, view);
	return 0;
}

int desk_show(struct cd_desk *d, int64_t id, const char *via, int audit, struct cd_complaint *c,
	      struct cd_clocks *k, struct cd_events *ev, struct cd_err *err)
{
	if (read_one(d, id, c, k, err))
		return -1;
	if (store_events(d->st, id, ev, err)) {
		if (k)
			cd_clocks_free(k);
		cd_complaint_free(c);
		return -1;
	}
	desk_mask_events(d, c, ev, DESK_OPENED);
	if (audit)
		desk_audit_view(d, c, via);
	desk_mask(d, c, DESK_OPENED);
	return 0;
}

/* The filter held to the sites the actor works at. */
static struct cd_filter scoped(const struct cd_desk *d, const struct cd_filter *f)
{
	struct cd_filter s;
	if (f)
		s = *f;
	else
		cd_filter_init(&s);
	s.sites = desk_sites(d);
	/* Searching parts of a name or a phone one may not see would spell
	 * them out a character at a time. */
	s.text_public = s.text && !desk_sees_personal(d, NULL);
	return s;
}

/* A search is written to the audit trail, once for each text a desk asks
 * for (the full-screen desk asks again at every reload). */
static void audit_search(struct cd_desk *d, const struct cd_filter *f)
{
	if (!f || str_empty(f->text) || d->setup || (d->searched && strcmp(d->searched, f->text) == 0))
		return;
	free(d->searched);
	d->searched = xstrdup(f->text);
	desk_audit(d, "search", 0, json_pack("{s:s,s:b}", "text", f->text, "masked", !desk_sees_personal(d, NULL)),
		   NULL);
}

/* A list on its way to a face. A callback stopping the list is not an
 * error; reading a complaint's clocks failing is (failed). */
struct listing {
	struct cd_desk *d;
	int with_clocks;
	int masked;
	desk_complaint_cb cb;
	void *ctx;
	struct cd_err *err;
	int rows, failed;
};

static int list_one(void *ctx, struct cd_complaint *c)
{
	struct listing *l = ctx;
	struct cd_clocks k = {0};
	if (l->masked)
		desk_mask(l->d, c, DESK_LISTED);
	if (l->with_clocks && store_clocks(l->d->st, c->id, &k, l->err))
		return l->failed = 1;
	l->rows++;
	int r = l->cb(l->ctx, c, l->with_clocks ? &k : NULL);
	cd_clocks_free(&k);
	return r;
}

static int walk(struct cd_desk *d, const struct cd_filter *f, struct listing *l, struct cd_err *err)
{
	struct cd_filter s = scoped(d, f);
	l->err = err;
	return store_list(d->st, &s, list_one, l, err) || l->failed ? -1 : 0;
}

int desk_list(struct cd_desk *d, const struct cd_filter *f, int with_clocks, desk_complaint_cb cb, void *ctx,
	      struct cd_err *err)
{
	audit_search(d, f);
	struct listing l = {d, with_clocks, 1, cb, ctx, NULL, 0, 0};
	return walk(d, f, &l, err);
}

int desk_count(struct cd_desk *d, const struct cd_filter *f, int64_t *n, struct cd_err *err)
{
	struct cd_filter s = scoped(d, f);
	return store_count(d->st, &s, n, err);
}

struct due {
	struct cd_desk *d;
	desk_clock_cb cb;
	void *ctx;
};

static int due_one(void *ctx, const struct cd_clock *k, const struct cd_complaint *c)
{
	struct due *u = ctx;
	struct cd_complaint shown = *c;
	/* The store frees its copy after the callback: mask a copy of the
	 * personal fields only. */
	shown.customer = c->customer ? xstrdup(c->customer) : NULL;
	shown.phone = c->phone ? xstrdup(c->phone) : NULL;
	shown.plate = c->plate ? xstrdup(c->plate) : NULL;
	desk_mask(u->d, &shown, DESK_LISTED);
	int r = u->cb(u->ctx, k, &shown);
	free(shown.customer);
	free(shown.phone);
	free(shown.plate);
	return r;
}

int desk_due(struct cd_desk *d, cd_time before, const struct cd_filter *f, desk_clock_cb cb, void *ctx,
	     struct cd_err *err)
{
	struct cd_filter s = scoped(d, f);
	struct due u = {d, cb, ctx};
	return store_open_clocks(d->st, before, &s, due_one, &u, err);
}

struct ids {
	int64_t *v;
	size_t n;
};

static int take_id(void *ctx, int64_t id)
{
	struct ids *l = ctx;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = id;
	return 0;
}

int desk_awaiting(struct cd_desk *d, int64_t **ids, size_t *n, struct cd_err *err)
{
	struct ids l = {NULL, 0};
	int r = store_awaiting_ids(d->st, desk_sites(d), take_id, &l, err);
	if (r) {
		free(l.v);
		l.v = NULL;
		l.n = 0;
	}
	*ids = l.v;
	*n = l.n;
	return r;
}

int desk_export(struct cd_desk *d, const struct cd_filter *f, const char *format, desk_complaint_cb cb,
		void *ctx, int *personal, struct cd_err *err)
{
	if (desk_require(d, PERM_EXPORT, NULL, err))
		return -1;
	*personal = !desk_may(d, PERM_PERSONAL_DATA, NULL, NULL);
	struct listing l = {d, strcmp(format, "json") == 0, !*personal, cb, ctx, NULL, 0, 0};
	if (walk(d, f, &l, err))
		return -1;
	/* What was shown stays shown: a trail that cannot be written (a
	 * read-only database) does not make the export fail afterwards. */
	desk_audit(d, "export", 0,
		   json_pack("{s:s,s:s,s:i,s:b,s:s?}", "what", "complaints", "format", format, "rows", l.rows,
			     "personal_data", *personal, "site", f ? f->site : NULL),
		   NULL);
	return 0;
}

int desk_changed(struct cd_desk *d, int *changed, struct cd_err *err)
{
	uint64_t token;
	*changed = 0;
	if (store_changes(d->st, &token, err))
		return -1;
	*changed = token != d->changes;
	d->changes = token;
	return 0;
}
