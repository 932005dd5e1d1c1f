/* The desk: what the CLI and the TUI call. Every action is one transaction:
 * it validates, appends events, updates the complaint row, recomputes the
 * clocks and records the escalations that now hold, or changes nothing. */
#ifndef CDESK_DESK_H
#define CDESK_DESK_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"
#include "cdesk/store.h"

struct cd_desk {
	struct cd_config *cfg;   /* borrowed */
	struct cd_store *st;
	char *actor;             /* who is acting: recorded on every event */
	struct cd_user user;     /* the signed-in person (name NULL in setup mode) */
	const struct cd_item *role; /* their role; NULL in setup mode (everything allowed) */
	int setup;               /* no accounts yet: everything allowed */
	int system;              /* the desk's own work (demo): not checked */
};

/* The default database: $XDG_DATA_HOME/cdesk/cdesk.db (or
 * ~/.local/share/cdesk/cdesk.db), creating the directory (mode 0700). */
char *desk_default_db(struct cd_err *err);
/* The acting user: $CDESK_USER, else the login name. */
char *desk_default_actor(void);

/* Open the store and bring stored clocks up to date with cfg. */
int desk_open(struct cd_desk *d, struct cd_config *cfg, const char *db, const char *actor,
	      struct cd_err *err);
void desk_close(struct cd_desk *d);

/* Check the fields of a complaint: required ones present (those needed at
 * intake, and with `recording` set those the record step needs: customer,
 * phone, category), ids known to the config, text clean UTF-8 within size
 * limits. */
int desk_validate(const struct cd_desk *d, const struct cd_complaint *c, int recording,
		  struct cd_err *err);

/* Record a new complaint. Only site, channel and description are needed
 * until the record step. Empty receiver and owner become the actor (the
 * first receiver owns it); received_at CD_TIME_NONE means now. walk_in 1
 * passes listen, apologize and record at once and counts the intake as the
 * customer contact; -1 takes that from the channel's in_person flag.
 * Fills c->id. */
int desk_new(struct cd_desk *d, struct cd_complaint *c, int walk_in, const char *note,
	     struct cd_err *err);

enum cd_action_kind {
	ACT_STEP, ACT_NOTE, ACT_CONTACT, ACT_FEEDBACK, ACT_PROMISE, ACT_PROMISE_KEPT,
	ACT_PAUSE, ACT_RESUME, ACT_ASSIGN, ACT_ESCALATE, ACT_REMEDY, ACT_SATISFACTION,
	ACT_ROOT_CAUSE, ACT_UPDATE, ACT_MEASURE_DONE,
	ACT_APPROVE, ACT_REFUSE, /* the remedy awaiting approval */
};

struct cd_action {
	enum cd_action_kind kind;
	int step;                /* ACT_STEP: enum cd_step */
	const char *note;
	int expect_state;        /* refuse unless the complaint is in this state; -1: any */
	cd_time due;             /* ACT_PROMISE; ACT_ROOT_CAUSE measure due (CD_TIME_NONE: none) */
	int64_t ref;             /* ACT_PROMISE_KEPT: the promise event (0: oldest open);
				    ACT_MEASURE_DONE: the root_cause event (0: oldest not done) */
	const char *who;         /* ACT_ASSIGN: new owner; ACT_ESCALATE: role */
	const char *how;         /* ACT_CONTACT: phone, visit, message …; ACT_PAUSE: reason;
				    ACT_REMEDY: remedy id; ACT_ROOT_CAUSE: side */
	/* ACT_REMEDY above the actor's limit is held as a request awaiting the
	   approval (ACT_APPROVE, ACT_REFUSE) of someone whose limit covers it. */
	int level;               /* ACT_ESCALATE (0: one above the current) */
	double amount;           /* ACT_REMEDY */
	int agreed;              /* ACT_REMEDY: the customer agreed */
	int scores[3];           /* ACT_SATISFACTION: outcome, procedure, treatment 1–5 */
	int satisfied;           /* ACT_SATISFACTION: 1 yes, 0 no */
	const char *measure, *measure_owner; /* ACT_ROOT_CAUSE */
	const struct cd_complaint *fields;   /* ACT_UPDATE: the non-NULL text fields change
						(receiver and owner cannot; assign hands over) */
};
void cd_action_init(struct cd_action *a, enum cd_action_kind kind);

int desk_act(struct cd_desk *d, int64_t id, const struct cd_action *a, struct cd_err *err);

/* Group several actions into one transaction: all are kept at
 * desk_commit, none after desk_rollback (each action alone is already
 * atomic; this is for a screen that saves several at once). */
int desk_begin(struct cd_desk *d, struct cd_err *err);
int desk_commit(struct cd_desk *d, struct cd_err *err);
void desk_rollback(struct cd_desk *d);

/* A complaint with its clocks (as stored), for showing. */
int desk_get(struct cd_desk *d, int64_t id, struct cd_complaint *c, struct cd_clocks *k,
	     struct cd_err *err);

/* The remedy awaiting approval on a complaint. */
struct cd_pending {
	int64_t request;         /* its event */
	char remedy[64];
	double amount;
	int agreed;
	char requester[128];
	const struct cd_item *approver; /* the most junior role whose limit covers it */
	double requester_limit;
};
/* Fills p for c->awaiting; returns 1 when something awaits, 0 when not. */
int desk_pending(struct cd_desk *d, const struct cd_complaint *c, struct cd_pending *p,
		 struct cd_err *err);

/* Rules that hold now but have not fired yet: they fire at the next action
 * on the complaint or the next sweep. ids[] gets at most max rule indexes. */
int desk_pending_rules(struct cd_desk *d, const struct cd_complaint *c,
		       const struct cd_clocks *k, size_t *ids, size_t max, size_t *n,
		       struct cd_err *err);

/* Record every escalation that now holds on every open complaint. Safe to
 * run as often as wanted: a rule fires once per complaint. */
int desk_sweep(struct cd_desk *d, int *checked, int *fired, struct cd_err *err);

#endif
