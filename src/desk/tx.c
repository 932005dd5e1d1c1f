/* Transactions and the chains. The desk numbers every event and audit row
 * and chains it to the one before (chain.h); the store only keeps them.
 * Inside a transaction the store holds the write lock, so the newest row
 * of each chain is remembered from one append to the next instead of being
 * asked for again; anything that ends a level without committing forgets
 * it, since the rows it counted on may be gone. */
#include "internal.h"
#include "cdesk/chain.h"
#include "cdesk/jflat.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void forget_kept(struct cd_desk *d)
{
	d->kept_id = 0;
	rp_kept_free(&d->kept);
}

static void forget_links(struct cd_desk *d)
{
	d->has_event = d->has_audit = 0;
	forget_kept(d);
	sums_forget(d);
}

int tx_begin(struct cd_desk *d, struct cd_err *err)
{
	if (d->depth == 0)
		forget_links(d);
	if (store_begin(d->st, err))
		return -1;
	/* A desk opened before someone applied another configuration would
	 * compute deadlines and check roles by the old one. */
	if ((d->depth == 0 && !d->config_unchecked && desk_config_check(d, err)) || sums_start(d, err)) {
		store_rollback(d->st);
		return -1;
	}
	d->depth++;
	return 0;
}

int tx_try_begin(struct cd_desk *d, struct cd_err *err)
{
	if (d->depth == 0)
		forget_links(d);
	int r = store_try_begin(d->st, err);
	if (r == 0 && sums_start(d, err)) {
		store_rollback(d->st);
		return -1;
	}
	if (r == 0)
		d->depth++;
	return r;
}

void tx_audit_later(struct cd_desk *d, const struct cd_audit *a)
{
	d->later = xreallocarray(d->later, d->nlater + 1, sizeof *d->later);
	struct later_audit *l = &d->later[d->nlater++];
	l->at = a->at;
	l->actor = xstrdup(a->actor);
	l->kind = xstrdup(a->kind);
	l->data = a->data ? xstrdup(a->data) : NULL;
	l->complaint_id = a->complaint_id;
}

/* The rows kept for later, into the transaction about to commit. */
static int add_later(struct cd_desk *d, struct cd_err *err)
{
	for (size_t i = 0; i < d->nlater; i++) {
		struct later_audit *l = &d->later[i];
		struct cd_audit a = {0, l->at, l->actor, l->kind, l->complaint_id, l->data, NULL};
		if (tx_add_audit(d, &a, err))
			return -1;
	}
	return 0;
}

void tx_drop_later(struct cd_desk *d)
{
	for (size_t i = 0; i < d->nlater; i++) {
		free(d->later[i].actor);
		free(d->later[i].kind);
		free(d->later[i].data);
	}
	free(d->later);
	d->later = NULL;
	d->nlater = 0;
}

int tx_begin_bulk(struct cd_desk *d, enum store_bulk kind, struct cd_err *err)
{
	if (d->depth == 0)
		forget_links(d);
	if (store_begin_bulk(d->st, kind, err))
		return -1;
	if (sums_start(d, err)) {
		store_rollback(d->st);
		return -1;
	}
	d->bulk = 1;
	d->depth++;
	return 0;
}

/* A failed commit leaves the level open: the caller rolls it back. */
int tx_commit(struct cd_desk *d, struct cd_err *err)
{
	int outer = d->depth == 1;
	if ((outer && d->nlater && add_later(d, err)) || sums_write(d, err) || store_commit(d->st, err))
		return -1;
	if (outer)
		tx_drop_later(d);
	if (d->depth > 0)
		d->depth--;
	if (d->depth == 0) {
		forget_links(d);
		d->bulk = 0;
	}
	return 0;
}

int desk_flush(struct cd_desk *d, struct cd_err *err)
{
	if (!d || !d->nlater)
		return 0;
	/* The answer has been given; its audit row waits for the lock as a
	 * change would: out a long import, as long as it makes progress. */
	d->config_unchecked = 1;
	int r = tx_begin(d, err);
	d->config_unchecked = 0;
	if (r)
		return -1;
	if (tx_commit(d, err)) {
		tx_rollback(d);
		return -1;
	}
	return 0;
}

void tx_rollback(struct cd_desk *d)
{
	store_rollback(d->st);
	forget_links(d);
	if (d->depth > 0)
		d->depth--;
	if (d->depth == 0)
		d->bulk = 0;
}

char *tx_json_text(const void *o)
{
	/* Fifteen digits: an amount in yuan (at most twelve) is written as
	 * typed, 49.99 and not 49.990000000000002. */
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
	char *r = xstrdup(s ? s : "{}");
	free(s);
	return r;
}

/* The newest link of a chain, asked for once per transaction. */
static int newest(struct cd_desk *d, int *has, struct store_link *l,
		  int (*ask)(struct cd_store *, struct store_link *, struct cd_err *), struct cd_err *err)
{
	if (*has && d->depth > 0)
		return 0;
	if (ask(d->st, l, err))
		return -1;
	*has = 1;
	return 0;
}

/* A root cause's side in its data (NULL: none), to free. */
static char *side_of(const char *data)
{
	json_t *o = data ? json_loads(data, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(o, "side"));
	char *side = v ? xstrdup(v) : NULL;
	json_decref(o);
	return side;
}

/* The complaint's kept facts for the analysis, with event e written in
 * the same transaction (only the kinds they derive from change them).
 * Those of the complaint last written are remembered while the
 * transaction holds the write lock, like the chain's newest links: an
 * action, a demo or an import writes several events of one complaint. */
static int keep_facts(struct cd_desk *d, const struct cd_complaint *c, const struct cd_event *e,
		      struct cd_err *err)
{
	int found = 1;
	if (!rp_kept_counts(e->kind, e->to_state))
		return 0;
	if (d->kept_id != c->id) {
		forget_kept(d);
		if (store_get_kept(d->st, c->id, &d->kept, &found, err))
			return -1;
		if (!found)
			rp_kept_start(&d->kept, c->received_at);
	}
	char *side = strcmp(e->kind, "root_cause") == 0 ? side_of(e->data) : NULL;
	rp_kept_add(&d->kept, e->kind, e->at, e->to_state, side, INT64_MAX);
	free(side);
	d->kept_id = c->id;
	if (store_put_kept(d->st, c->id, &d->kept, err)) {
		forget_kept(d);
		return -1;
	}
	return 0;
}

/* The event with its data text (taken over, may be NULL); its sealed form
 * from flat, from the jansson object o, or parsed from the text. */
static int add_event(struct cd_desk *d, const struct cd_complaint *c, cd_time at, const char *kind, int from,
		     int to, const char *note, char *text, const struct cd_jflat *flat, json_t *o, int64_t *id,
		     struct cd_err *err)
{
	struct cd_event e = {0};
	char hash[CD_HASH_LEN];
	e.complaint_id = c->id;
	e.at = at;
	e.actor = d->actor;
	e.kind = (char *)kind;
	e.from_state = from;
	e.to_state = to;
	e.note = str_empty(note) ? NULL : (char *)note;
	e.data = text;
	e.data_json = o;
	int r = newest(d, &d->has_event, &d->event, store_last_event, err);
	if (!r) {
		char salt[CD_SALT_LEN];
		e.id = d->event.id + 1;
		int personal = cd_data_personal(e.data);
		if (personal)
			cd_salt(salt);
		if (flat) {
			char *sealed = personal ? cd_jflat_sealed(flat, salt) : NULL;
			cd_event_hash_sealed(d->event.hash, &e, sealed ? sealed : e.data, hash);
			free(sealed);
		} else {
			cd_event_hash(d->event.hash, &e, personal ? salt : NULL, hash);
		}
		e.data_json = NULL; /* the store keeps the text */
		if (sums_touch(d, c->id, 0, err) || store_insert_event(d->st, &e, personal ? salt : NULL, hash, err) ||
		    keep_facts(d, c, &e, err))
			r = -1;
	}
	if (!r) {
		d->event.id = e.id;
		memcpy(d->event.hash, hash, sizeof hash);
		if (id)
			*id = e.id;
	}
	free(e.data);
	return r;
}

int tx_add_event(struct cd_desk *d, const struct cd_complaint *c, cd_time at, const char *kind, int from,
		 int to, const char *note, void *data, int64_t *id, struct cd_err *err)
{
	json_t *o = data;
	int r = add_event(d, c, at, kind, from, to, note, o ? tx_json_text(o) : NULL, NULL, o, id, err);
	json_decref(o);
	return r;
}

int tx_add_event_flat(struct cd_desk *d, const struct cd_complaint *c, cd_time at, const char *kind,
		      int from, int to, const char *note, const struct cd_jflat *data, int64_t *id,
		      struct cd_err *err)
{
	return add_event(d, c, at, kind, from, to, note, cd_jflat_text(data), data, NULL, id, err);
}

int tx_add_audit(struct cd_desk *d, struct cd_audit *a, struct cd_err *err)
{
	char hash[CD_HASH_LEN];
	if (newest(d, &d->has_audit, &d->audit, store_last_audit, err))
		return -1;
	a->id = d->audit.id + 1;
	cd_audit_hash(d->audit.hash, a, hash);
	a->hash = hash;
	int r = store_audit_add(d->st, a, err);
	a->hash = NULL;
	if (!r) {
		d->audit.id = a->id;
		memcpy(d->audit.hash, hash, sizeof hash);
	}
	return r;
}
