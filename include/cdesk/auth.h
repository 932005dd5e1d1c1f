/* People and trust, at the desk: who is acting (sign-in by PIN or by
 * system login), what their role lets them do, accounts, the audit trail
 * and its verification, purging personal data. Until the first account
 * exists the desk is in setup mode: the actor is the name given (--as,
 * $CDESK_USER or the login) and everything is allowed, so a new desk can be
 * tried and its first admin added. */
#ifndef CDESK_AUTH_H
#define CDESK_AUTH_H

#include "cdesk/chain.h"
#include "cdesk/desk.h"
#include "cdesk/perm.h"

/* Exit codes beyond util.h's. */
enum { CD_EPERM = 8, CD_EAUTH = 9 };

/* No account exists yet: everything is allowed. */
int desk_in_setup(const struct cd_desk *d);
/* The signed-in person and their role (NULL before a sign-in, in setup
 * mode and for the desk's own work). */
const struct cd_user *desk_user(const struct cd_desk *d);
const struct cd_item *desk_role(const struct cd_desk *d);
/* Is someone acting: setup mode, the desk's own work, or a person signed
 * in? (In PIN mode the desk starts with no one until a sign-in.) */
int desk_acting(const struct cd_desk *d);
/* The desk acting on its own (the sweep): recorded as "system", no
 * permission checked. */
void desk_act_as_system(struct cd_desk *d);
int desk_is_system(const struct cd_desk *d);

/* Setup mode: act as name (NULL: $CDESK_USER or the login name). Refused
 * once accounts exist. */
int desk_act_as(struct cd_desk *d, const char *name, struct cd_err *err);
/* PIN mode: sign name in. A wrong PIN counts towards the lock-out; an
 * attempt before the growing delay has passed is refused unchecked. Both
 * outcomes are audited. via: "cli" or "tui". */
int desk_signin_pin(struct cd_desk *d, const char *name, const char *pin, const char *via,
		    struct cd_err *err);
/* Unix mode: the person is the system login (as: a name they gave, which
 * must be theirs). */
int desk_signin_unix(struct cd_desk *d, const char *as, const char *via, struct cd_err *err);
/* The system login this process acts for: the invoking user under sudo,
 * else the real user. */
char *desk_system_login(void);
/* The signed-in person's display name and role label, for headers. */
const char *desk_who(const struct cd_desk *d);
const char *desk_role_label(const struct cd_desk *d);
/* Check whether the PIN of the signed-in user is pin (unlocking an idle
 * desk); counts failures like a sign-in. */
int desk_unlock(struct cd_desk *d, const char *pin, struct cd_err *err);

/* Before a wrong-PIN retry: seconds to wait (0: may try now). */
int64_t auth_retry_delay(const struct cd_auth *a, int failures);

/* How hard a PIN's Argon2id hash is to make: passes over memory. */
#define AUTH_PIN_OPS 5
#define AUTH_PIN_MEM (7u << 20)
/* A hash made that way of a text nobody kept, checked where there is no
 * PIN to check, so that every wrong answer takes as long. */
extern const char auth_decoy_hash[];

/* Permissions. c narrows by site and severity (NULL: none). Setup mode
 * and the desk's own work allow everything. On refusal err says who may
 * not do what and why, with code CD_EPERM. */
int desk_may(struct cd_desk *d, enum cd_perm p, const struct cd_complaint *c, struct cd_err *err);
/* Is site among sites ("*" or ids joined by commas; NULL: every site)? */
int cd_sites_include(const char *sites, const char *site);
/* May the actor work at site? */
int desk_at_site(const struct cd_desk *d, const char *site);
/* The sites the actor works at, joined by commas; NULL for every site. */
const char *desk_sites(const struct cd_desk *d);
/* The compensation the actor may give alone for remedy. */
cd_money desk_limit(const struct cd_desk *d, const char *remedy);
/* The most junior role whose limit covers amount of remedy, or NULL. */
const struct cd_item *desk_approver_role(const struct cd_desk *d, const char *remedy, cd_money amount);

/* Accounts (manage_users). PINs are hashed with Argon2id. */
int desk_user_add(struct cd_desk *d, const struct cd_user *u, const char *pin, struct cd_err *err);
/* Change: display/role/sites/unix_user when non-NULL; pin when non-NULL;
 * disabled 0/1 or -1 to keep; unlock clears the failures. */
struct cd_user_change {
	const char *display, *role, *sites, *unix_user, *pin;
	const char *email, *webhook, *lang; /* contact points; "" removes one */
	int disabled;
	int unlock;
};
int desk_user_change(struct cd_desk *d, const char *name, const struct cd_user_change *ch,
		     struct cd_err *err);
/* Every account, by name (manage_users); u lives until cb returns. */
typedef int (*desk_user_cb)(void *ctx, const struct cd_user *u);
int desk_users(struct cd_desk *d, desk_user_cb cb, void *ctx, struct cd_err *err);
/* PIN rules: 4 to 64 characters of clean text. */
int auth_check_pin(const char *pin, struct cd_err *err);

/* The monthly analysis: the report permission, for a site the actor
 * works at. A NULL *site (every site) becomes the actor's one site, and
 * is refused to someone who works at several but not all. */
int desk_report_site(struct cd_desk *d, const char **site, struct cd_err *err);
/* Remove the personal data of complaints closed or withdrawn before
 * `before` (purge permission); *n gets how many. Audited. */
int desk_purge(struct cd_desk *d, cd_time before, int64_t *n, struct cd_err *err);

/* The audit trail (audit permission): rows with at in [from, to)
 * (CD_TIME_NONE: unbounded), oldest first. */
typedef int (*desk_audit_cb)(void *ctx, const struct cd_audit *a);
int desk_audit_list(struct cd_desk *d, cd_time from, cd_time to, desk_audit_cb cb, void *ctx,
		    struct cd_err *err);

/* Verifying a hash chain (audit permission): the event log or the audit
 * trail, every link recomputed. */
enum desk_chain { CHAIN_EVENTS, CHAIN_AUDIT };
enum desk_break { BREAK_NONE, BREAK_DELETED, BREAK_EDITED };
struct desk_verify {
	int64_t rows;            /* rows checked */
	int64_t head_id;         /* the last row that holds (0: none) */
	char head[CD_HASH_LEN];  /* its hash */
	enum desk_break broken;
	/* Where it breaks: the rows missing are [missing_from, id) when
	 * deleted; the row id (at, kind, complaint_id) when edited. */
	int64_t id, missing_from, complaint_id;
	cd_time at;
	char kind[64];
};
int desk_verify(struct cd_desk *d, enum desk_chain which, struct desk_verify *v, struct cd_err *err);

/* Verifying the record beside the chain (audit permission): every stored
 * complaint against what its events say (cd_replay), and the protections
 * that keep the log append-only. */
struct desk_record_check {
	int64_t complaints;      /* complaints checked */
	int64_t disagree;        /* how many disagree with their events */
	int64_t first;           /* the first of them (0: none) */
	char why[1024];          /* what it disagrees about */
	struct strlist missing;  /* protections missing or changed, in words (sl_free it) */
};
int desk_verify_record(struct cd_desk *d, struct desk_record_check *r, struct cd_err *err);

#endif
