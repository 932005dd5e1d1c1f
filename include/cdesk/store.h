/* The store: the only module that speaks SQL. SQLite in WAL mode, schema
 * migrations by version, prepared statements only. Multi-row changes are
 * wrapped by the caller in store_begin/commit (or rollback). */
#ifndef CDESK_STORE_H
#define CDESK_STORE_H

#include <stdint.h>
#include "cdesk/complaint.h"
#include "cdesk/util.h"

struct cd_store;

/* Open (creating with mode 0600 when missing) and migrate the database.
 * A database newer than this program is refused. */
int store_open(const char *path, struct cd_store **out, struct cd_err *err);
void store_close(struct cd_store *st);
/* The schema version this program writes. */
int store_schema_version(void);

/* BEGIN IMMEDIATE: the write lock is taken up front so two desks changing
 * the same complaint serialise instead of failing half-way. */
int store_begin(struct cd_store *st, struct cd_err *err);
int store_commit(struct cd_store *st, struct cd_err *err);
void store_rollback(struct cd_store *st);

/* Key-value settings kept with the data (config hash, …). *val is owned
 * by the caller; NULL when missing. */
int store_meta_get(struct cd_store *st, const char *key, char **val, struct cd_err *err);
int store_meta_set(struct cd_store *st, const char *key, const char *val, struct cd_err *err);

int store_insert_complaint(struct cd_store *st, struct cd_complaint *c, struct cd_err *err);
int store_update_complaint(struct cd_store *st, const struct cd_complaint *c, struct cd_err *err);
/* Fills c (call cd_complaint_free after). CD_ENOTFOUND when missing. */
int store_get_complaint(struct cd_store *st, int64_t id, struct cd_complaint *c, struct cd_err *err);

int store_insert_event(struct cd_store *st, struct cd_event *e, struct cd_err *err);
/* All events of a complaint, oldest first. */
int store_events(struct cd_store *st, int64_t id, struct cd_events *out, struct cd_err *err);

/* Replace every clock instance of complaint id. */
int store_replace_clocks(struct cd_store *st, int64_t id, const struct cd_clocks *l, struct cd_err *err);
int store_clocks(struct cd_store *st, int64_t id, struct cd_clocks *out, struct cd_err *err);

/* Filters for listing; unset members are NULL / 0 / CD_TIME_NONE. */
struct cd_filter {
	const char *state;          /* a state id, "open" or "all" (default open) */
	const char *site, *channel, *category, *owner, *phone;
	const char *text;           /* substring of customer, phone, plate, reference, description */
	cd_time from, to;           /* received in [from, to) */
	cd_time overdue_at;         /* only with an open clock due before this */
	int escalated;              /* only with an escalation level > 0 */
	int limit, offset;          /* limit 0 means no limit */
	int oldest_first;           /* default: newest first */
	int by_deadline;            /* soonest open deadline first (the queue) */
};
void cd_filter_init(struct cd_filter *f);

typedef int (*store_complaint_cb)(void *ctx, struct cd_complaint *c);
/* Calls cb for each matching complaint (newest first unless
 * f->oldest_first); cb returning non-zero
 * stops the walk. c is freed after cb returns. */
int store_list(struct cd_store *st, const struct cd_filter *f, store_complaint_cb cb,
	       void *ctx, struct cd_err *err);

/* How many complaints match f (limit and offset ignored). */
int store_count(struct cd_store *st, const struct cd_filter *f, int64_t *n, struct cd_err *err);

/* A number that changes whenever another connection commits a change:
 * cheap to poll, so a desk sees other terminals' work. */
int store_data_version(struct cd_store *st, int64_t *v, struct cd_err *err);

typedef int (*store_clock_cb)(void *ctx, const struct cd_clock *k, const struct cd_complaint *c);
/* Open clock instances (not met, not stopped) due before `before`, soonest
 * first, with their complaints; f narrows by site and owner. */
int store_open_clocks(struct cd_store *st, cd_time before, const struct cd_filter *f,
		      store_clock_cb cb, void *ctx, struct cd_err *err);

/* Escalation bookkeeping: one row per complaint and rule. */
int store_rule_fired(struct cd_store *st, int64_t id, const char *rule, int *fired, struct cd_err *err);
int store_mark_rule(struct cd_store *st, int64_t id, const char *rule, int64_t event_id, struct cd_err *err);

/* Complaints from phone received in [from, to]. */
int store_count_phone(struct cd_store *st, const char *phone, cd_time from, cd_time to,
		      int64_t *n, struct cd_err *err);

typedef int (*store_id_cb)(void *ctx, int64_t id);
/* Complaints a sweep must look at: an open clock due before due_before, or
 * still open and received before received_before. */
int store_sweep_candidates(struct cd_store *st, cd_time due_before, cd_time received_before,
			   store_id_cb cb, void *ctx, struct cd_err *err);
/* Every complaint that is not closed or withdrawn. */
int store_open_ids(struct cd_store *st, store_id_cb cb, void *ctx, struct cd_err *err);

/* Reporting (the monthly analysis). Rows are streamed to a callback; the
 * strings in a row live until the callback returns. lo/hi bound the
 * instant searched, [lo, hi); site NULL means every site. */
struct store_fact {
	int64_t id;            /* the complaint */
	const char *site, *owner, *channel, *category, *severity;
	const char *need, *behaviour, *phone;
	cd_time received;
	int state;             /* the complaint's state now */
	int reopen_count;
	/* the event (received, events) */
	int64_t event;
	const char *kind;
	cd_time at;
	int to_state;          /* -1 when not a step */
	const char *rule, *remedy, *side, *measure, *measure_owner;
	int level, agreed, satisfied, scores[3];
	double amount;
	cd_time measure_due, measure_done;
	/* the clock instance (clocks) */
	struct cd_clock clock;
	int past_due;          /* open at: a deadline had passed unmet */
};
typedef int (*store_fact_cb)(void *ctx, const struct store_fact *f);

/* Complaints received in [lo, hi), each with every event of its log: one
 * row per event, a complaint's rows together and oldest first. */
int store_report_received(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
			  store_fact_cb cb, void *ctx, struct cd_err *err);
/* Events in [lo, hi) that the analysis counts: steps, escalations,
 * remedies, satisfaction scores and root causes (with when its measure was
 * carried out). */
int store_report_events(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
			store_fact_cb cb, void *ctx, struct cd_err *err);
/* Clock instances whose deadline lies in [lo, hi). */
int store_report_clocks(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
			store_fact_cb cb, void *ctx, struct cd_err *err);
/* Complaints open at instant at: received before it and not closed or
 * withdrawn then. The row's to_state is the state at that instant for a
 * complaint ever reopened (-1 otherwise: it was open), past_due says a
 * deadline had passed unmet. */
int store_report_open_at(struct cd_store *st, cd_time at, const char *site, store_fact_cb cb,
			 void *ctx, struct cd_err *err);
/* Complaints received in [lo, hi). */
int store_count_received(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
			 int64_t *n, struct cd_err *err);

#endif
