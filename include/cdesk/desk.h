/* The desk: the application the faces (the CLI and the full-screen desk)
 * call, and the only caller of the store. Every action is one
 * transaction: it checks permissions, validates, appends events, updates
 * the complaint row, recomputes the clocks and records the escalations that
 * now hold, or changes nothing. Every read applies the actor's site scope
 * and privacy masks inside, and audits what must be audited, so no face
 * can forget to. People, permissions and the audit trail: auth.h; import
 * and demo data: import.h. */
#ifndef CDESK_DESK_H
#define CDESK_DESK_H

#include "cdesk/chain.h"
#include "cdesk/complaint.h"
#include "cdesk/config.h"
#include "cdesk/notify.h"
#include "cdesk/money.h"
#include "cdesk/open.h"
#include "cdesk/people.h"
#include "cdesk/query.h"
#include "cdesk/report.h"

/* Opaque: the faces see it only through the functions here. */
struct cd_desk;

/* The default database: $XDG_DATA_HOME/cdesk/cdesk.db (or
 * ~/.local/share/cdesk/cdesk.db), creating the directory (mode 0700). */
char *desk_default_db(struct cd_err *err);
/* Is there a database at where (opening it would not make a new one)? */
int desk_db_exists(const char *where);
/* The acting user: $CDESK_USER, else the login name. */
char *desk_default_actor(void);

/* Find and load the configuration: explicit path, $CDESK_CONFIG,
 * $XDG_CONFIG_HOME/cdesk/config.yaml, /etc/cdesk/config.yaml, built-in. */
struct cd_config *desk_config_load(const char *explicit_path, struct cd_err *err);
/* Load the configuration in one file. */
struct cd_config *desk_config_load_file(const char *path, struct cd_err *err);

/* Open the database (db: a file path) with cfg (borrowed, outliving the
 * desk): a new database adopts it, one that keeps another configuration
 * is followed instead (desk_config, desk_config_notice). Start as actor
 * (NULL: desk_default_actor) until someone signs in (auth.h). */
int desk_open(struct cd_desk **out, struct cd_config *cfg, const char *db, const char *actor,
	      struct cd_err *err);
/* Write what the desk still keeps of the audit trail (a read that found
 * another desk writing keeps its rows until then), waiting for the lock
 * as a change would. desk_close does it too, but cannot say it failed. */
int desk_flush(struct cd_desk *d, struct cd_err *err);
void desk_close(struct cd_desk *d);

/* The configuration the desk follows: the database's. The first opening
 * of a database adopts the one desk_open was given; after that the
 * database keeps it, so every desk on it computes the same deadlines and
 * checks the same roles, whatever file each person has. */
const struct cd_config *desk_config(const struct cd_desk *d);
/* Why the configuration desk_open was given is not the one followed (it
 * differs from the database's), for the faces to say; NULL when it is. */
const char *desk_config_notice(const struct cd_desk *d);
/* Make cfg (borrowed, outliving the desk) the configuration the database
 * follows, recording who did it (config_changed in the audit trail) and
 * computing the deadlines of the open complaints again, *recomputed of
 * them, in one transaction. Needs manage_users. Returns 1 when the
 * database already follows it (nothing changed). */
int desk_config_apply(struct cd_desk *d, struct cd_config *cfg, size_t *recomputed, struct cd_err *err);
/* Refuses (CD_ESTATE, saying so) when another configuration has been
 * applied to the database since this desk opened it: every change is
 * refused then, until the desk is opened again. */
int desk_config_check(struct cd_desk *d, struct cd_err *err);
/* Did desk_open make a new, empty database (there was none)? The faces
 * say so: a database expected and not found is never replaced in silence. */
int desk_created(const struct cd_desk *d);
/* What desk_created means, in a sentence for the desk ("There was no
 * database at …"), or with cli a line for the command line ("cdesk: there
 * was…\n"): on a server the database was there, and only the desk's
 * tables were made. Freed by the caller. */
char *desk_created_words(const struct cd_desk *d, int cli);
/* Who is acting: recorded on every event. */
const char *desk_actor(const struct cd_desk *d);
/* The database the desk was opened on, as given but for a password in
 * it (cd_where_shown). */
const char *desk_where(const struct cd_desk *d);

/* What desk_copy moved: rows of each table, and the heads of the two
 * hash chains, the same on both sides. */
struct desk_copied {
	size_t ntables;
	struct {
		const char *table;
		int64_t rows;
	} tables[16];
	int64_t last_event, last_audit;
	char event_hash[CD_HASH_LEN], audit_hash[CD_HASH_LEN];
};
/* Copy this desk's whole database into the empty one at `to` (a file or
 * a postgresql:// URI, made if there is none): every complaint, event,
 * clock, account, setting, audit row and message as it is, ids and hashes
 * kept, so audit verify finds the same chain heads on the copy. All or
 * nothing on both sides: nothing is written here while it runs (it holds
 * the write lock), and db_copied is recorded in the audit trail of both
 * before the rows go. Needs manage_users at every site. */
int desk_copy(struct cd_desk *d, const char *to, struct desk_copied *out, struct cd_err *err);

/* While a change waits for another desk's bulk load (an import, demo
 * data) to let go of the database, fn is called now and then with a
 * message saying so; the change goes ahead once the load is done, or
 * fails as busy if the load stops making progress. NULL: say nothing. */
typedef void (*desk_wait_fn)(void *ctx, const char *message);
void desk_on_wait(struct cd_desk *d, desk_wait_fn fn, void *ctx);

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
	cd_money amount;         /* ACT_REMEDY */
	int agreed;              /* ACT_REMEDY: the customer agreed */
	int scores[3];           /* ACT_SATISFACTION: outcome, procedure, treatment 1–5 */
	int satisfied;           /* ACT_SATISFACTION: 1 yes, 0 no */
	const char *measure, *measure_owner; /* ACT_ROOT_CAUSE */
	const struct cd_complaint *fields;   /* ACT_UPDATE: the non-NULL text fields change
						(receiver and owner cannot; assign hands over) */
	int anyway;              /* ACT_STEP resolve, close, withdraw: even with things still open
				    (desk_open_items); a remedy awaiting approval still refuses */
};
void cd_action_init(struct cd_action *a, enum cd_action_kind kind);

int desk_act(struct cd_desk *d, int64_t id, const struct cd_action *a, struct cd_err *err);

/* What would still be open on complaint id once step is taken (open.h):
 * desk_act refuses the step (CD_ESTATE, naming them) unless the action
 * says anyway, so a face asks first. out is empty for other steps. */
int desk_open_items(struct cd_desk *d, int64_t id, enum cd_step step, struct cd_open_items *out,
		    struct cd_err *err);

/* Group several actions into one transaction: all are kept at
 * desk_commit, none after desk_rollback (each action alone is already
 * atomic; this is for a screen that saves several at once). */
int desk_begin(struct cd_desk *d, struct cd_err *err);
int desk_commit(struct cd_desk *d, struct cd_err *err);
void desk_rollback(struct cd_desk *d);

/* Reading ------------------------------------------------------------------ */

/* How much of a complaint's personal data a read shows: a list shows it
 * masked to all but setup mode; a complaint opened on its own shows it
 * whole to those who may see it (personal_data, or their own complaint). */
enum desk_view { DESK_LISTED, DESK_OPENED };

/* A complaint, and its clocks when k is not NULL. Refused (CD_EPERM,
 * audited) when it is at a site the actor does not work at. */
int desk_get(struct cd_desk *d, int64_t id, enum desk_view view, struct cd_complaint *c,
	     struct cd_clocks *k, struct cd_err *err);
/* A complaint opened to be read whole: fields, clocks and timeline, as
 * desk_get with DESK_OPENED. With audit set, showing the personal data in
 * full is written to the audit trail (via: "cli" or "tui"). */
int desk_show(struct cd_desk *d, int64_t id, const char *via, int audit, struct cd_complaint *c,
	      struct cd_clocks *k, struct cd_events *ev, struct cd_err *err);

/* A complaint of a list, masked, with its clocks when they were asked for
 * (else k is NULL). c may be taken over (left cd_complaint_init'ed). A
 * non-zero return stops the list. */
typedef int (*desk_complaint_cb)(void *ctx, struct cd_complaint *c, const struct cd_clocks *k);
/* The complaints matching f at the sites the actor works at. */
int desk_list(struct cd_desk *d, const struct cd_filter *f, int with_clocks, desk_complaint_cb cb, void *ctx,
	      struct cd_err *err);
/* How many complaints match f at the actor's sites. */
int desk_count(struct cd_desk *d, const struct cd_filter *f, int64_t *n, struct cd_err *err);
/* Open deadlines due before `before` (CD_TIME_NONE: any) at the actor's
 * sites, soonest first, each with its complaint masked as in a list; f
 * (or NULL) narrows by site and owner, and limits. */
typedef int (*desk_clock_cb)(void *ctx, const struct cd_clock *k, const struct cd_complaint *c);
int desk_due(struct cd_desk *d, cd_time before, const struct cd_filter *f, desk_clock_cb cb, void *ctx,
	     struct cd_err *err);
/* The complaints with a remedy awaiting approval at the actor's sites,
 * oldest request first: *ids is malloc'ed. */
int desk_awaiting(struct cd_desk *d, int64_t **ids, size_t *n, struct cd_err *err);
/* Export the complaints matching f (export permission): whole to those
 * with personal_data, masked to others; audited with the row count once
 * cb has seen them all. *personal says which it was. */
int desk_export(struct cd_desk *d, const struct cd_filter *f, const char *format, desk_complaint_cb cb,
		void *ctx, int *personal, struct cd_err *err);
/* Has another desk changed the database since the last call (or since
 * the desk was opened)? */
int desk_changed(struct cd_desk *d, int *changed, struct cd_err *err);

/* The remedy awaiting approval on a complaint. */
struct cd_pending {
	int64_t request;         /* its event */
	char remedy[64];
	cd_money amount;
	int agreed;
	char requester[128];
	const struct cd_item *requester_role; /* NULL when not an account */
	const struct cd_item *approver; /* the most junior role whose limit covers it */
	cd_money requester_limit;
};
/* Fills p for c->awaiting; returns 1 when something awaits, 0 when not. */
int desk_pending(struct cd_desk *d, const struct cd_complaint *c, struct cd_pending *p,
		 struct cd_err *err);

/* Rules that hold now on complaint id but have not fired yet: they fire
 * at the next action on it or the next sweep. ids[] gets at most max rule
 * indexes. */
int desk_pending_rules(struct cd_desk *d, int64_t id, size_t *ids, size_t max, size_t *n, struct cd_err *err);

/* What a sweep did: the complaints it checked, the escalations it
 * recorded, and the scheduled messages (daily digests, the monthly
 * report) it put in the outbox. */
struct desk_swept {
	int checked, escalations, scheduled;
};
/* Record every escalation that now holds on every open complaint, and the
 * scheduled messages now due. Safe to run as often as wanted: a rule fires
 * once per complaint, a digest once a day, a report once a month. */
int desk_sweep(struct cd_desk *d, struct desk_swept *out, struct cd_err *err);

/* Messages ------------------------------------------------------------------ */

/* Each message about complaint id, oldest first (the actor must see the
 * complaint); m lives until cb returns. */
typedef int (*desk_message_cb)(void *ctx, const struct cd_message *m);
int desk_messages(struct cd_desk *d, int64_t id, desk_message_cb cb, void *ctx, struct cd_err *err);

/* The messages addressed to the signed-in person (digests and reports
 * too) and, with sites set, also those about complaints at the sites they
 * work at (the report permission: CD_EPERM without it); newest first, at
 * most limit (0: all). Their attachments are not read. */
int desk_my_messages(struct cd_desk *d, int sites, int limit, desk_message_cb cb, void *ctx, struct cd_err *err);
/* May the signed-in person see the messages about their sites? */
int desk_sees_site_messages(struct cd_desk *d);

/* A try at one message: m as it is after the try (state sent, pending
 * with next_at, or failed), error the reason when it failed (NULL when
 * sent or, in a dry run, not tried). */
typedef void (*desk_try_cb)(void *ctx, const struct cd_message *m, const char *error);
/* Deliver every message due at now (desk/deliver.c): each is marked
 * sending in a transaction of its own before it goes out, and sent,
 * pending again (retried with back-off) or failed after. A dry run only
 * tells what would go. *n counts the messages tried (or shown). */
int desk_notify(struct cd_desk *d, int dry_run, desk_try_cb cb, void *ctx, int *n, struct cd_err *err);

/* The monthly analysis --------------------------------------------------- */

/* The analysis of q (report permission, for a site the actor works at; see
 * desk_report_site), as of now. */
int desk_report(struct cd_desk *d, const struct rp_query *q, struct cd_report *r, struct cd_err *err);
/* Derive every complaint's kept facts for the analysis from the event
 * log again, in one transaction (the audit permission, at every site;
 * audited), and the day sums with them: *complaints is how many. With
 * check, nothing is written. *differ is how many complaints' kept facts
 * differ from the log's, *cells how many cells of the day sums do. */
int desk_report_rebuild(struct cd_desk *d, int check, int64_t *differ, int64_t *cells, int64_t *complaints,
			struct cd_err *err);
/* The complaints behind a figure or a table row (report_drill_run). */
int desk_drill(struct cd_desk *d, const struct rp_query *q, const struct rp_drill *dr, int64_t **ids,
	       size_t *n, struct cd_err *err);
/* Write r to path ("-": standard output) in format, whole or not at all
 * (through a temporary file renamed into place; a device or a pipe is
 * written as it is), and audit the export. An existing file is replaced
 * only with replace set; the desk's own database and the files beside it
 * never. */
int desk_report_save(struct cd_desk *d, const struct cd_report *r, const char *format, const char *path,
		     int replace, struct cd_err *err);

#endif
