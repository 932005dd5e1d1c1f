/* What the desk's files share: the desk itself, its transactions and the
 * chains it writes. Private to src/desk/. */
#ifndef CDESK_DESK_INTERNAL_H
#define CDESK_DESK_INTERNAL_H

#include "cdesk/auth.h"
#include "cdesk/desk.h"
#include "store/store.h"

struct cd_desk {
	struct cd_config *cfg;   /* the configuration followed: the database's */
	struct cd_config *own_cfg; /* cfg when read from the database (else borrowed) */
	char *config_notice;     /* why the configuration file given is not followed */
	int config_unchecked;    /* a transaction the configuration does not matter to (its
				    adoption, audit rows only): its hash is not checked */
	struct cd_store *st;
	char *db;                /* what the desk was opened on (a path or a URI) */
	char *db_shown;          /* the same without a password (cd_where_shown) */
	char *actor;             /* who is acting: recorded on every event */
	struct cd_user user;     /* the signed-in person (name NULL in setup mode) */
	const struct cd_item *role; /* their role; NULL in setup mode (everything allowed) */
	int setup;               /* no accounts yet: everything allowed */
	int system;              /* the desk's own work (sweep, demo): not checked */
	int generating;          /* demo data, played at pinned past moments */
	uint64_t changes;        /* the store's change token when last asked */
	char *searched;          /* the last text searched for (audited once) */
	desk_wait_fn wait_fn;    /* told while a change waits for a bulk load */
	void *wait_ctx;
	void (*import_fn)(void *ctx, size_t rows, int reading); /* an import's progress */
	void *import_ctx;
	/* The newest event and audit row while a transaction holds the write
	 * lock: the next is numbered and chained after it without asking. */
	int depth;
	int has_event, has_audit;
	struct store_link event, audit;
	/* The kept facts of the complaint last written in it (kept_id 0: none). */
	int64_t kept_id;
	struct rp_kept kept;
	/* The day sums (sums.c): kept current while the key matches; what
	 * this transaction adds and takes away, not written yet; the
	 * complaint whose rows were last read before a change. */
	int sums_on, bulk;
	struct rp_sums sums;
	int64_t sums_id;
	int64_t sums_fresh, sums_fresh_last; /* a bulk load's first and last new complaint (0: none yet) */
	cd_time sums_at;         /* the newest instant the sums depend on */
	/* Audit rows of a read that found another desk writing: written with
	 * the next change this desk commits, or by desk_flush at the end. */
	struct later_audit {
		cd_time at;
		char *actor, *kind, *data;
		int64_t complaint_id;
	} *later;
	size_t nlater;
};

/* The configuration the database follows (config_db.c): adopted at the
 * first opening, then kept; d->cfg becomes the database's when the file
 * given differs (saying so in d->config_notice). */
int desk_follow_config(struct cd_desk *d, struct cd_err *err);
/* For store_open_ids (ctx: {desk, err}): one open complaint's clocks
 * computed again under d->cfg. */
int desk_refresh_clocks(void *ctx, int64_t id);

/* Transactions (tx.c): the store's, with what the desk remembers of the
 * chains dropped whenever a level ends without committing. A failed
 * commit leaves its level open for the caller to roll back. */
/* The day sums (sums.c). sums_start at the start of a transaction level,
 * sums_touch before anything of complaint id is written (fresh: it is new,
 * nothing of it was there), sums_write before a level commits, sums_forget
 * when one ends without. */
int sums_start(struct cd_desk *d, struct cd_err *err);
int sums_touch(struct cd_desk *d, int64_t id, int fresh, struct cd_err *err);
int sums_write(struct cd_desk *d, struct cd_err *err);
void sums_forget(struct cd_desk *d);
/* Whether the sums hold for a report as of now (a read: nothing written). */
int sums_usable(struct cd_desk *d, cd_time now, int *usable, struct cd_err *err);
/* Make them again from every event and clock (report rebuild), the old
 * ones set aside for store_sums_differ. */
int sums_rebuild(struct cd_desk *d, struct cd_err *err);

int tx_begin(struct cd_desk *d, struct cd_err *err);
/* tx_begin, or 1 at once when another desk holds the write lock. */
int tx_try_begin(struct cd_desk *d, struct cd_err *err);
/* Keep audit row a to be written with the next commit (or desk_flush). */
void tx_audit_later(struct cd_desk *d, const struct cd_audit *a);
/* Forget them (the desk closes). */
void tx_drop_later(struct cd_desk *d);
int tx_begin_bulk(struct cd_desk *d, enum store_bulk kind, struct cd_err *err);
int tx_commit(struct cd_desk *d, struct cd_err *err);
void tx_rollback(struct cd_desk *d);

/* Append one event to complaint c's log at `at`, numbered and chained
 * after the newest (tx.c). data (a jansson object, may be NULL) is taken
 * over; *id gets the event's number when id is not NULL. */
int tx_add_event(struct cd_desk *d, const struct cd_complaint *c, cd_time at, const char *kind, int from,
		 int to, const char *note, void *data, int64_t *id, struct cd_err *err);
/* The same with the data as a flat object (not taken over): no jansson
 * object built, dumped and copied to seal it (see jflat.h). */
struct cd_jflat;
int tx_add_event_flat(struct cd_desk *d, const struct cd_complaint *c, cd_time at, const char *kind,
		      int from, int to, const char *note, const struct cd_jflat *data, int64_t *id,
		      struct cd_err *err);
/* Append an audit row (numbered and chained) inside the open transaction. */
int tx_add_audit(struct cd_desk *d, struct cd_audit *a, struct cd_err *err);
/* JSON text the way the event log and the audit trail store it (o is a
 * jansson object, not taken over). */
char *tx_json_text(const void *o);

/* The audit trail: kind with a JSON data object (taken over, may be NULL),
 * in its own transaction unless one is open (auth.c). */
int desk_audit(struct cd_desk *d, const char *kind, int64_t complaint_id, void *json_data,
	       struct cd_err *err);
/* desk_may, and a refusal is written to the audit trail. */
int desk_require(struct cd_desk *d, enum cd_perm p, const struct cd_complaint *c, struct cd_err *err);
/* Is any account defined (setup mode is over)? */
int desk_has_accounts(struct cd_desk *d, int *yes, struct cd_err *err);
/* Does the actor see c's personal data in full (personal_data, or the
 * complaint is theirs)? */
int desk_sees_personal(const struct cd_desk *d, const struct cd_complaint *c);
/* c masked for the actor: as listed, or as opened (full when allowed). */
void desk_mask(const struct cd_desk *d, struct cd_complaint *c, enum desk_view view);
/* The events for showing: personal values masked unless the actor sees
 * them (when opened), purged ones shown as "(removed)". */
void desk_mask_events(const struct cd_desk *d, const struct cd_complaint *c, struct cd_events *ev,
		      enum desk_view view);
/* May the actor look at c (a site they work at)? A refusal is audited. */
int desk_view(struct cd_desk *d, const struct cd_complaint *c, struct cd_err *err);
/* Record that the actor was shown c's personal data in full (nothing in
 * setup mode or when it was masked). via: "cli" or "tui". */
int desk_audit_view(struct cd_desk *d, const struct cd_complaint *c, const char *via);
/* May the record be changed at cd_now()? Not at a pinned time once
 * accounts exist (unless the configuration allows it), never in the
 * future of the machine's clock (CD_EUSAGE, CD_EINPUT). */
int desk_writes_now(const struct cd_desk *d, struct cd_err *err);
/* Replace the acting name. */
void desk_set_actor(struct cd_desk *d, const char *name);

/* The messages of an escalation just recorded (event event_id; rule NULL
 * when by hand; k the clocks, or NULL), and the owner's warnings due at
 * now (recorded when rec, else counted in *due), into the outbox inside
 * the open transaction (notify.c). */
int notify_escalation(struct cd_desk *d, const struct cd_complaint *c, cd_time now, const char *rule,
		      int64_t event_id, const char *role, int level, const char *note, const struct cd_clocks *k,
		      struct cd_err *err);
int notify_warnings(struct cd_desk *d, const struct cd_complaint *c, const struct cd_clocks *k, cd_time now,
		    int rec, int *due, struct cd_err *err);
/* The scheduled messages due at now, each in a transaction of its own
 * after it is worked out: every person's daily digest, the monthly
 * report. *n counts those recorded (called by desk_sweep). */
int notify_scheduled(struct cd_desk *d, cd_time now, int *n, struct cd_err *err);
/* The analysis of q for the desk itself (no permission asked: the monthly
 * report's), rendered in lang: the message's subject and summary, and the
 * HTML document (report.c). */
int desk_report_message(struct cd_desk *d, const struct rp_query *q, const char *lang, char **subject,
			char **body, char **html, struct cd_err *err);

#endif
