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
/* A transaction that will add many complaints (an import, demo data). */
int store_begin_bulk(struct cd_store *st, struct cd_err *err);
/* Let SQLite keep up to mib MiB of the database in memory (2 by default). */
int store_page_cache(struct cd_store *st, int mib, struct cd_err *err);
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
	const char *sites;          /* only these sites, joined by commas (NULL: any) */
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
/* The ids of the rules that have fired on complaint id (added to out). */
int store_rules_fired(struct cd_store *st, int64_t id, struct strlist *out, struct cd_err *err);
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
	const char *need, *behaviour;
	int64_t customer;      /* the customer key (same phone, same key), 0 without a phone */
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
 * carried out). Each carries its complaint's columns when with_complaint
 * is set or site is given; otherwise only the complaint's id, the other
 * complaint columns NULL. */
int store_report_events(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
			int with_complaint, store_fact_cb cb, void *ctx, struct cd_err *err);
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

/* Accounts (people and trust). */
struct cd_user {
	char *name;          /* signs in with it; recorded as the actor */
	char *display;
	char *role;          /* a role id from the config */
	char *sites;         /* "*" (every site) or site ids joined by commas */
	char *unix_user;     /* the system login that is this person (unix mode); NULL: name */
	char *pin_hash;      /* Argon2id, NULL when no PIN is set */
	int disabled;
	int failures;        /* wrong PINs in a row */
	cd_time retry_at;    /* no sign-in before this (delay or lock-out) */
	cd_time created_at, updated_at;
};
void cd_user_free(struct cd_user *u);
int store_user_count(struct cd_store *st, int64_t *n, struct cd_err *err);
/* CD_ENOTFOUND when there is no such user. */
int store_user_get(struct cd_store *st, const char *name, struct cd_user *u, struct cd_err *err);
/* The user a system login maps to: unix_user, else a user of that name. */
int store_user_by_login(struct cd_store *st, const char *login, struct cd_user *u, struct cd_err *err);
int store_user_insert(struct cd_store *st, const struct cd_user *u, struct cd_err *err);
int store_user_update(struct cd_store *st, const struct cd_user *u, struct cd_err *err);
typedef int (*store_user_cb)(void *ctx, const struct cd_user *u);
int store_users(struct cd_store *st, store_user_cb cb, void *ctx, struct cd_err *err);

/* The audit trail: sign-ins, denials, exports, views of personal data,
 * config and account changes. Append-only and hash-chained like events. */
struct cd_audit {
	int64_t id;
	cd_time at;
	const char *actor, *kind;
	int64_t complaint_id;    /* 0 when about no complaint */
	const char *data;        /* JSON object text or NULL */
	const char *hash;
};
/* Appends a (numbers and hashes it). */
int store_audit_add(struct cd_store *st, struct cd_audit *a, struct cd_err *err);
typedef int (*store_audit_cb)(void *ctx, const struct cd_audit *a);
/* Rows with at in [from, to), oldest first (CD_TIME_NONE: unbounded). */
int store_audit_list(struct cd_store *st, cd_time from, cd_time to, store_audit_cb cb, void *ctx,
		     struct cd_err *err);

/* Walking a chain (the event log or the audit trail) in id order: for each
 * row its stored hash and the hash its contents give after the previous
 * row's stored hash. */
enum store_chain { CHAIN_EVENTS, CHAIN_AUDIT };
struct store_link {
	int64_t id, complaint_id;
	cd_time at;
	const char *kind;
	const char *stored;      /* NULL when missing */
	char computed[65];
};
typedef int (*store_link_cb)(void *ctx, const struct store_link *l);
int store_chain_walk(struct cd_store *st, enum store_chain which, store_link_cb cb, void *ctx,
		     struct cd_err *err);

/* Purging: personal values (customer, phone, plate) of complaints closed
 * or withdrawn before `before` are removed from the complaint and sealed in
 * its events (the chain still verifies). *n gets how many complaints. */
int store_purge(struct cd_store *st, cd_time before, int64_t *n, struct cd_err *err);

/* Complaints with a remedy awaiting approval at sites (comma-joined, NULL:
 * any), oldest request first. */
int store_awaiting_ids(struct cd_store *st, const char *sites, store_id_cb cb, void *ctx,
		       struct cd_err *err);

#endif
