/* The complaint being worked on, kept while a transaction is open.
 *
 * An action reads its complaint, the complaint's events and its clocks,
 * then writes some of them back; a demo or an import does many actions in
 * one transaction, mostly on the complaint it just touched. It is kept
 * only while this connection holds the write lock (so nobody else can
 * change it), and dropped at the end of the transaction and on any
 * rollback. Everything is written through (the database always has it
 * too), except in a bulk load: there the complaint's progress and clocks
 * are written once, when the load moves on to another complaint, and
 * before any statement that could read them (see st_prep). */
#include "sqlite.h"
#include "cdesk/util.h"

#include <stdlib.h>
#include <string.h>

static void copy_complaint(struct cd_complaint *to, const struct cd_complaint *from)
{
	*to = *from;
	for (size_t i = 0; i < cd_nfields; i++) {
		char **p = cd_field_ptr(to, &cd_fields[i]);
		*p = *p ? xstrdup(*p) : NULL;
	}
	to->esc_role = from->esc_role ? xstrdup(from->esc_role) : NULL;
}

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static void copy_event(struct cd_event *to, const struct cd_event *from)
{
	*to = *from;
	to->actor = dup_or_null(from->actor);
	to->kind = dup_or_null(from->kind);
	to->note = dup_or_null(from->note);
	to->data = dup_or_null(from->data);
	to->data_json = NULL; /* only the writer holds it, and only while writing */
}

static void copy_clocks(struct cd_clocks *to, const struct cd_clocks *from)
{
	to->n = from->n;
	to->v = from->n ? xreallocarray(NULL, from->n, sizeof *to->v) : NULL;
	if (from->n)
		memcpy(to->v, from->v, from->n * sizeof *to->v);
}

static void drop_work(struct st_work *w)
{
	if (w->has_c)
		cd_complaint_free(&w->c);
	if (w->has_ev)
		cd_events_free(&w->ev);
	if (w->has_k)
		cd_clocks_free(&w->k);
	if (w->dirty_k)
		cd_clocks_free(&w->saved_k);
	sl_free(&w->fired);
	memset(w, 0, sizeof *w);
}

/* Everything, written back or not: the transaction ended. */
void st_cache_drop(struct sq_store *st)
{
	drop_work(&st->work);
	free(st->memo.phone);
	st_memo_forget_users(st);
	memset(&st->memo, 0, sizeof st->memo);
}

/* Ready to keep something of complaint id: only inside a transaction, and
 * one complaint at a time. Moving on writes back what was kept back of the
 * last one; if that fails, the load it belongs to is broken. */
static int keep(struct sq_store *st, int64_t id)
{
	if (st->depth <= 0)
		return 0;
	if (st->work.id != id) {
		st_flush_work(st, &st->bulk_err);
		drop_work(&st->work);
		st->work.id = id;
	}
	return 1;
}

static int have(const struct sq_store *st, int64_t id, int part)
{
	return st->depth > 0 && st->work.id == id && part;
}

void st_memo_forget_users(struct sq_store *st)
{
	struct st_memo *m = &st->memo;
	for (size_t i = 0; i < m->nusers; i++)
		cd_user_free(&m->users[i]);
	free(m->users);
	m->users = NULL;
	m->nusers = 0;
	m->has_users = 0;
}

int st_cache_get_complaint(struct sq_store *st, int64_t id, struct cd_complaint *c)
{
	if (!have(st, id, st->work.has_c))
		return 0;
	copy_complaint(c, &st->work.c);
	return 1;
}

void st_cache_put_complaint(struct sq_store *st, const struct cd_complaint *c)
{
	if (!keep(st, c->id))
		return;
	if (st->work.has_c)
		cd_complaint_free(&st->work.c);
	copy_complaint(&st->work.c, c);
	st->work.has_c = 1;
}

const struct cd_complaint *st_cache_peek_complaint(const struct sq_store *st, int64_t id)
{
	return have(st, id, st->work.has_c) ? &st->work.c : NULL;
}

int st_cache_get_events(struct sq_store *st, int64_t id, struct cd_events *out)
{
	if (!have(st, id, st->work.has_ev))
		return 0;
	out->n = st->work.ev.n;
	out->v = out->n ? xreallocarray(NULL, out->n, sizeof *out->v) : NULL;
	for (size_t i = 0; i < out->n; i++)
		copy_event(&out->v[i], &st->work.ev.v[i]);
	return 1;
}

void st_cache_put_events(struct sq_store *st, int64_t id, const struct cd_events *l)
{
	if (!keep(st, id))
		return;
	if (st->work.has_ev)
		cd_events_free(&st->work.ev);
	st->work.ev.n = 0;
	st->work.ev.v = NULL;
	st->work.has_ev = 1;
	for (size_t i = 0; i < l->n; i++)
		st_cache_add_event(st, &l->v[i]);
}

/* A new event of the kept complaint joins its kept log. */
void st_cache_add_event(struct sq_store *st, const struct cd_event *e)
{
	struct cd_events *l = &st->work.ev;
	if (!have(st, e->complaint_id, st->work.has_ev))
		return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	copy_event(&l->v[l->n++], e);
}

int st_cache_get_clocks(struct sq_store *st, int64_t id, struct cd_clocks *out)
{
	if (!have(st, id, st->work.has_k))
		return 0;
	copy_clocks(out, &st->work.k);
	return 1;
}

void st_cache_put_clocks(struct sq_store *st, int64_t id, const struct cd_clocks *l)
{
	if (!keep(st, id))
		return;
	if (st->work.has_k)
		cd_clocks_free(&st->work.k);
	copy_clocks(&st->work.k, l);
	st->work.has_k = 1;
}

int st_cache_get_fired(struct sq_store *st, int64_t id, struct strlist *out)
{
	if (!have(st, id, st->work.has_fired))
		return 0;
	for (size_t i = 0; i < st->work.fired.n; i++)
		sl_push(out, st->work.fired.v[i]);
	return 1;
}

void st_cache_put_fired(struct sq_store *st, int64_t id, const struct strlist *l)
{
	if (!keep(st, id))
		return;
	sl_free(&st->work.fired);
	for (size_t i = 0; i < l->n; i++)
		sl_push(&st->work.fired, l->v[i]);
	st->work.has_fired = 1;
}

void st_cache_add_fired(struct sq_store *st, int64_t id, const char *rule)
{
	if (have(st, id, st->work.has_fired))
		sl_push(&st->work.fired, rule);
}
