/* People and trust: who is acting (sign-in by PIN or by system login),
 * what their role lets them do, the audit trail and customer privacy.
 * Until the first account exists the desk is in setup mode: the actor is
 * the name given (--as, $CDESK_USER or the login) and everything is
 * allowed, so a new desk can be tried and its first admin added. */
#ifndef CDESK_AUTH_H
#define CDESK_AUTH_H

#include "cdesk/desk.h"
#include "cdesk/perm.h"

/* Exit codes beyond util.h's. */
enum { CD_EPERM = 8, CD_EAUTH = 9 };

/* Is any account defined (setup mode is over)? */
int desk_has_accounts(struct cd_desk *d, int *yes, struct cd_err *err);

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

/* Permissions. c narrows by site and severity (NULL: none). Setup mode
 * and the desk's own work allow everything. On refusal err says who may
 * not do what and why, with code CD_EPERM. */
int desk_may(struct cd_desk *d, enum cd_perm p, const struct cd_complaint *c, struct cd_err *err);
/* desk_may, and a refusal is written to the audit trail. */
int desk_require(struct cd_desk *d, enum cd_perm p, const struct cd_complaint *c, struct cd_err *err);
/* Is site among sites ("*" or ids joined by commas; NULL: every site)? */
int cd_sites_include(const char *sites, const char *site);
/* May the actor work at site? */
int desk_at_site(const struct cd_desk *d, const char *site);
/* The sites the actor works at, joined by commas; NULL for every site. */
const char *desk_sites(const struct cd_desk *d);
/* Does the actor see c's personal data in full (personal_data, or the
 * complaint is theirs)? */
int desk_sees_personal(const struct cd_desk *d, const struct cd_complaint *c);
/* The compensation the actor may give alone for remedy. */
double desk_limit(const struct cd_desk *d, const char *remedy);
/* The most junior role whose limit covers amount of remedy, or NULL. */
const struct cd_item *desk_approver_role(const struct cd_desk *d, const char *remedy, double amount);

/* The audit trail: kind with a JSON data object (taken over, may be NULL),
 * in its own transaction unless one is open. */
int desk_audit(struct cd_desk *d, const char *kind, int64_t complaint_id, void *json_data,
	       struct cd_err *err);

/* Accounts (manage_users). PINs are hashed with Argon2id. */
int desk_user_add(struct cd_desk *d, const struct cd_user *u, const char *pin, struct cd_err *err);
/* Change: display/role/sites/unix_user when non-NULL; pin when non-NULL;
 * disabled 0/1 or -1 to keep; unlock clears the failures. */
struct cd_user_change {
	const char *display, *role, *sites, *unix_user, *pin;
	int disabled;
	int unlock;
};
int desk_user_change(struct cd_desk *d, const char *name, const struct cd_user_change *ch,
		     struct cd_err *err);
/* PIN rules: 4 to 64 characters of clean text. */
int auth_check_pin(const char *pin, struct cd_err *err);

/* Privacy masks: 138****5678, 张*, 沪A***45. out holds the result. */
void cd_mask_phone(const char *phone, struct strbuf *out);
void cd_mask_name(const char *name, struct strbuf *out);
/* A copy of c with personal fields masked unless the actor sees them. */
void desk_mask(const struct cd_desk *d, struct cd_complaint *c, int full);

/* The monthly analysis: the report permission, for a site the actor
 * works at. A NULL *site (every site) becomes the actor's one site, and
 * is refused to someone who works at several but not all. */
int desk_report_site(struct cd_desk *d, const char **site, struct cd_err *err);
/* Remove the personal data of complaints closed or withdrawn before
 * `before` (purge permission); *n gets how many. Audited. */
int desk_purge(struct cd_desk *d, cd_time before, int64_t *n, struct cd_err *err);
/* The events for showing: personal values masked unless the actor sees
 * them (full: on the detail view), purged ones shown as "(removed)". */
void desk_mask_events(const struct cd_desk *d, const struct cd_complaint *c, struct cd_events *ev,
		      int full);
/* May the actor look at c (a site they work at)? A refusal is audited. */
int desk_view(struct cd_desk *d, const struct cd_complaint *c, struct cd_err *err);
/* Record that the actor was shown c's personal data in full (nothing in
 * setup mode or when it was masked). via: "cli" or "tui". */
int desk_audit_view(struct cd_desk *d, const struct cd_complaint *c, const char *via);

#endif
