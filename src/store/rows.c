/* Reading rows into the desk's structs, for both stores (see rows.h). */
#include "rows.h"
#include "cdesk/util.h"

#include <stdio.h>
#include <string.h>

char *sr_dup(const struct srow *r, int i)
{
	const char *v = sr_text(r, i);
	return v ? xstrdup(v) : NULL;
}

cd_time sr_time(const struct srow *r, int i)
{
	return r->ops->null(r, i) ? CD_TIME_NONE : sr_i64(r, i);
}

void sr_read_complaint(const struct srow *r, int base, struct cd_complaint *c)
{
	cd_complaint_init(c);
	c->id = sr_i64(r, base);
	for (size_t i = 0; i < cd_nfields; i++)
		*cd_field_ptr(c, &cd_fields[i]) = sr_dup(r, base + 1 + (int)i);
	int k = base + 1 + (int)cd_nfields;
	c->received_at = sr_time(r, k++);
	c->updated_at = sr_time(r, k++);
	int si = cd_state_parse(sr_text(r, k++));
	c->state = si < 0 ? ST_RECEIVED : (enum cd_state)si;
	c->esc_level = sr_int(r, k++);
	c->esc_role = sr_dup(r, k++);
	c->reopen_count = sr_int(r, k++);
	c->paused_since = sr_time(r, k++);
	c->resolved_at = sr_time(r, k++);
	c->closed_at = sr_time(r, k++);
	c->awaiting = sr_i64(r, k);
}

void sr_read_clock(const struct srow *r, int base, struct cd_clock *k)
{
	memset(k, 0, sizeof *k);
	const char *kind = sr_text(r, base + 1);
	k->complaint_id = sr_i64(r, base);
	snprintf(k->kind, sizeof k->kind, "%s", kind ? kind : "");
	k->seq = sr_int(r, base + 2);
	k->ref = sr_i64(r, base + 3);
	k->started = sr_time(r, base + 4);
	k->due = sr_time(r, base + 5);
	k->met = sr_time(r, base + 6);
	k->stopped = sr_time(r, base + 7);
	k->paused_since = sr_time(r, base + 8);
}

void sr_read_event(const struct srow *r, struct cd_event *e)
{
	e->id = sr_i64(r, 0);
	e->complaint_id = sr_i64(r, 1);
	e->at = sr_i64(r, 2);
	e->actor = sr_dup(r, 3);
	e->kind = sr_dup(r, 4);
	e->from_state = cd_state_parse(sr_text(r, 5));
	e->to_state = cd_state_parse(sr_text(r, 6));
	e->note = sr_dup(r, 7);
	e->data = sr_dup(r, 8);
	e->data_json = NULL;
}

void sr_read_audit(const struct srow *r, struct cd_audit *a)
{
	a->id = sr_i64(r, 0);
	a->at = sr_i64(r, 1);
	a->actor = sr_text(r, 2);
	a->kind = sr_text(r, 3);
	a->complaint_id = sr_i64(r, 4);
	a->data = sr_text(r, 5);
	a->hash = sr_text(r, 6);
}

void sr_read_user(const struct srow *r, struct cd_user *u)
{
	u->name = sr_dup(r, 0);
	u->display = sr_dup(r, 1);
	u->role = sr_dup(r, 2);
	u->sites = sr_dup(r, 3);
	u->unix_user = sr_dup(r, 4);
	u->pin_hash = sr_dup(r, 5);
	u->disabled = sr_int(r, 6);
	u->failures = sr_int(r, 7);
	u->retry_at = sr_time(r, 8);
	u->created_at = sr_time(r, 9);
	u->updated_at = sr_time(r, 10);
	u->email = sr_dup(r, 11);
	u->webhook = sr_dup(r, 12);
	u->lang = sr_dup(r, 13);
}

void sr_read_message(const struct srow *r, struct cd_message *m)
{
	m->id = sr_i64(r, 0);
	m->complaint_id = sr_i64(r, 1);
	m->kind = sr_dup(r, 2);
	m->cause = sr_dup(r, 3);
	m->recipient = sr_dup(r, 4);
	m->channel = sr_dup(r, 5);
	m->address = sr_dup(r, 6);
	m->lang = sr_dup(r, 7);
	m->subject = sr_dup(r, 8);
	m->body = sr_dup(r, 9);
	m->created_at = sr_time(r, 10);
	m->due_at = sr_time(r, 11);
	m->state = sr_dup(r, 12);
	m->attempts = sr_int(r, 13);
	m->next_at = sr_time(r, 14);
	m->last_error = sr_dup(r, 15);
	m->sent_at = sr_time(r, 16);
	m->attachment = r->ops->cols(r) > MSG_NCOLS ? sr_dup(r, MSG_NCOLS) : NULL;
}

static int state_of(const struct srow *r, int i)
{
	const char *v = sr_text(r, i);
	return v ? cd_state_parse(v) : -1;
}

void sr_read_fact(const struct srow *r, struct rp_fact *f)
{
	memset(f, 0, sizeof *f);
	f->id = sr_i64(r, 0);
	f->site = sr_text(r, 1);
	f->owner = sr_text(r, 2);
	f->channel = sr_text(r, 3);
	f->category = sr_text(r, 4);
	f->severity = sr_text(r, 5);
	f->need = sr_text(r, 6);
	f->behaviour = sr_text(r, 7);
	f->customer = sr_i64(r, 8); /* NULL reads as 0 */
	f->received = sr_i64(r, 9);
	f->state = state_of(r, 10);
	f->reopen_count = sr_int(r, 11);
	f->to_state = -1;
	f->at = f->measure_due = f->measure_done = f->resumed = CD_TIME_NONE;
}

/* After the fact: the event's id, kind, time and state entered. */
static void read_event_head(const struct srow *r, struct rp_fact *f)
{
	f->event = sr_i64(r, NFACT);
	f->kind = sr_text(r, NFACT + 1);
	f->at = sr_i64(r, NFACT + 2);
	f->to_state = state_of(r, NFACT + 3);
}

/* ... and a root cause's side. */
void sr_fact_received(const struct srow *r, struct rp_fact *f)
{
	read_event_head(r, f);
	f->side = sr_text(r, NFACT + 4);
}

/* ... and the report values of the event's data. */
void sr_fact_event(const struct srow *r, struct rp_fact *f)
{
	int i = NFACT + 4;
	read_event_head(r, f);
	f->rule = sr_text(r, i++);
	f->level = sr_int(r, i++);
	f->remedy = sr_text(r, i++);
	f->amount = cd_money_of_yuan(r->ops->dbl(r, i++));
	f->agreed = sr_int(r, i++);
	for (int k = 0; k < 3; k++)
		f->scores[k] = sr_int(r, i++);
	f->satisfied = sr_int(r, i++);
	f->side = sr_text(r, i++);
	f->measure = sr_text(r, i++);
	f->measure_owner = sr_text(r, i++);
	f->measure_due = sr_time(r, i++);
	f->measure_done = sr_time(r, i++);
	f->reason = sr_text(r, i++);
	f->resumed = sr_time(r, i);
}

/* A clock instance after the fact. */
void sr_fact_clock(const struct srow *r, struct rp_fact *f)
{
	sr_read_clock(r, NFACT, &f->clock);
}

/* The state at the instant (for a reopened complaint) and whether a
 * deadline had passed unmet. */
void sr_fact_open(const struct srow *r, struct rp_fact *f)
{
	int state = state_of(r, NFACT);
	if (f->reopen_count > 0 && state < 0)
		state = ST_RECEIVED;
	f->to_state = f->reopen_count > 0 ? state : -1;
	f->past_due = sr_int(r, NFACT + 1);
}

void sr_read_kept(const struct srow *r, int base, struct rp_kept *k)
{
	k->first_contact = sr_time(r, base);
	k->first_resolved = sr_time(r, base + 1);
	k->last_touch = sr_i64(r, base + 2);
	k->last_at = sr_i64(r, base + 3);
	k->silence = sr_i64(r, base + 4);
	k->contacts = sr_int(r, base + 5);
	k->feedbacks = sr_int(r, base + 6);
	k->promises = sr_int(r, base + 7);
	k->answered = sr_int(r, base + 8);
	k->side = (char *)sr_text(r, base + 9);
}

void sr_read_kept_row(const struct srow *r, struct store_kept_row *w, struct rp_kept *k)
{
	w->id = sr_i64(r, 0);
	w->received = sr_i64(r, 1);
	w->kind = sr_text(r, 2);
	w->at = sr_i64(r, 3);
	w->to_state = state_of(r, 4);
	w->side = sr_text(r, 5);
	w->stored = sr_int(r, 6) ? k : NULL;
	if (w->stored)
		sr_read_kept(r, 7, k);
}

static int same_clock(const struct cd_clock *a, const struct cd_clock *b)
{
	return strcmp(a->kind, b->kind) == 0 && a->seq == b->seq && a->ref == b->ref &&
	       a->started == b->started && a->due == b->due && a->met == b->met &&
	       a->stopped == b->stopped && a->paused_since == b->paused_since;
}

static const struct cd_clock *find_clock(const struct cd_clocks *l, const struct cd_clock *k)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].kind, k->kind) == 0 && l->v[i].seq == k->seq)
			return &l->v[i];
	return NULL;
}

int sr_clock_changes(const struct cd_clocks *old, const struct cd_clocks *l, int64_t id, sr_clock_fn drop,
		     sr_clock_fn put, void *ctx)
{
	int r = 0;
	for (size_t i = 0; i < old->n && !r; i++)
		if (!find_clock(l, &old->v[i]))
			r = drop(ctx, id, &old->v[i], 0);
	for (size_t i = 0; i < l->n && !r; i++) {
		const struct cd_clock *was = find_clock(old, &l->v[i]);
		if (!was || !same_clock(was, &l->v[i]))
			r = put(ctx, id, &l->v[i], !was);
	}
	return r;
}

cd_time sr_next_due(const struct cd_clocks *l)
{
	cd_time t = CD_TIME_NONE;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].met == CD_TIME_NONE && l->v[i].stopped == CD_TIME_NONE &&
		    (t == CD_TIME_NONE || l->v[i].due < t))
			t = l->v[i].due;
	return t;
}

char *sr_table_sql(const struct store_table *t, int insert, char mark)
{
	if (!insert)
		return xasprintf("SELECT %s FROM %s ORDER BY %s", t->columns, t->name, t->key);
	struct strbuf sb;
	sb_init(&sb);
	sb_printf(&sb, "INSERT INTO %s(%s) VALUES(", t->name, t->columns);
	for (int i = 1; i <= t->ncols; i++)
		sb_printf(&sb, "%s%c%d", i > 1 ? ", " : "", mark, i);
	sb_putc(&sb, ')');
	return sb_steal(&sb);
}

int sr_table_known(const char *name)
{
	for (const struct store_table *t = store_tables; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return 1;
	return 0;
}
