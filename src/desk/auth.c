/* Sign-in, permissions, accounts, the audit trail and who sees what. */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/notify.h"
#include "cdesk/i18n.h"
#include "cdesk/mask.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Argon2id cost (AUTH_PIN_OPS, AUTH_PIN_MEM): OWASP's 7 MiB, 5 passes
 * choice, which keeps the desk's peak memory small. A PIN is short, so the
 * real defence is the lock-out; the hash only slows down someone who has
 * copied the file. */

int desk_has_accounts(struct cd_desk *d, int *yes, struct cd_err *err)
{
	int64_t n;
	if (store_user_count(d->st, &n, err))
		return -1;
	*yes = n > 0;
	return 0;
}

void desk_set_actor(struct cd_desk *d, const char *name)
{
	free(d->actor);
	d->actor = xstrdup(name);
}

int desk_in_setup(const struct cd_desk *d) { return d->setup; }
const struct cd_user *desk_user(const struct cd_desk *d) { return d->user.name ? &d->user : NULL; }
const struct cd_item *desk_role(const struct cd_desk *d) { return d->role; }
int desk_is_system(const struct cd_desk *d) { return d->system; }
int desk_acting(const struct cd_desk *d) { return d->setup || d->role || d->system; }

int desk_writes_now(const struct cd_desk *d, struct cd_err *err)
{
	if (d->generating)
		return 0;
	/* Once there are accounts a pinned time could backdate what someone
	 * did or freeze a complaint in the future: it may only read. */
	if (cd_now_is_pinned() && !d->setup && !d->cfg->auth.pinned_clock)
		return cd_fail(err, CD_EUSAGE, _("this desk has accounts: a pinned time (--now or CDESK_NOW) may "
						 "read, but not change the record; nothing was saved"));
	cd_time now = cd_now(), real = cd_real_now();
	/* A minute for clocks a little apart (desks on other machines). */
	if (now <= real + 60)
		return 0;
	char t1[32], t2[32];
	return cd_fail(err, CD_EINPUT, _("the time now (%s) is later than this machine's clock (%s): nothing "
						 "is written in the future; nothing was saved"),
			       cd_format_time(now, d->cfg->timezone, t1), cd_format_time(real, d->cfg->timezone, t2));
}

void desk_act_as_system(struct cd_desk *d)
{
	desk_set_actor(d, "system");
	d->system = 1;
}

int desk_act_as(struct cd_desk *d, const char *name, struct cd_err *err)
{
	int any;
	if (desk_has_accounts(d, &any, err))
		return -1;
	if (any)
		return cd_fail(err, CD_EAUTH, _("this desk has accounts: sign in (see 'cdesk user')"));
	char *who = name ? xstrdup(name) : desk_default_actor();
	if (!*who || !text_is_clean(who, 0) || strlen(who) > 100) {
		cd_fail(err, CD_EINPUT, _("the user name '%s' is not valid text"), who);
		free(who);
		return -1;
	}
	desk_set_actor(d, who);
	free(who);
	return 0;
}

int desk_audit(struct cd_desk *d, const char *kind, int64_t complaint_id, void *json_data,
	       struct cd_err *err)
{
	json_t *data = json_data;
	char *text = data ? tx_json_text(data) : NULL;
	json_decref(data);
	struct cd_audit a = {0};
	a.at = cd_real_now();
	a.actor = d->actor ? d->actor : "?";
	a.kind = kind;
	a.complaint_id = complaint_id;
	a.data = text;
	/* A read never waits for, nor fails because of, its audit row: when
	 * another desk is writing (a long import), the row is kept and
	 * written with this desk's next change or at its end. */
	int r = d->depth > 0 ? tx_begin(d, err) : tx_try_begin(d, err);
	if (r == 1) {
		tx_audit_later(d, &a);
		r = 0;
	} else if (!r) {
		r = tx_add_audit(d, &a, err) || tx_commit(d, err) ? -1 : 0;
		if (r)
			tx_rollback(d);
	}
	free(text);
	return r;
}

/* The signed-in person becomes the actor. */
static int take_user(struct cd_desk *d, struct cd_user *u, struct cd_err *err)
{
	const struct cd_item *role = cd_list_find(&d->cfg->roles, u->role);
	if (!role) {
		cd_fail(err, CD_EAUTH, _("%s has the role '%s', which the configuration does not define"),
			u->name, u->role);
		cd_user_free(u);
		return -1;
	}
	cd_user_free(&d->user);
	d->user = *u;
	d->role = role;
	desk_set_actor(d, u->name);
	return 0;
}

int64_t auth_retry_delay(const struct cd_auth *a, int failures)
{
	if (failures >= a->max_failures)
		return a->lockout;
	if (failures < 2)
		return 0;
	int64_t s = a->retry_delay;
	for (int i = 2; i < failures && s < 3600; i++)
		s *= 2;
	return s < 3600 ? s : 3600; /* doubling, up to an hour */
}

static int refuse_waiting(struct cd_desk *d, const struct cd_user *u, cd_time now, struct cd_err *err)
{
	if (u->failures >= d->cfg->auth.max_failures) {
		char t[32];
		return cd_fail(err, CD_EAUTH,
			       _("%s is locked until %s after %d wrong PINs; an admin can unlock it sooner"),
			       u->name, cd_format_time(u->retry_at, d->cfg->timezone, t), u->failures);
	}
	return cd_fail(err, CD_EAUTH, _("wrong PIN for %s too often: try again in %lld s"), u->name,
		       (long long)(u->retry_at - now));
}

/* How save_user writes the account along with its audit entry. */
enum user_write { USER_KEEP, USER_UPDATE, USER_INSERT };

/* Write the account (or not) and its audit entry in one transaction; takes
 * data. */
static int save_user(struct cd_desk *d, const struct cd_user *u, enum user_write how, const char *actor,
		     const char *kind, json_t *data, struct cd_err *err)
{
	struct cd_audit a = {0};
	char *text = tx_json_text(data);
	json_decref(data);
	a.at = cd_real_now();
	a.actor = actor;
	a.kind = kind;
	a.data = text;
	int r = tx_begin(d, err);
	if (!r && ((how == USER_INSERT && store_user_insert(d->st, u, err)) ||
		   (how == USER_UPDATE && store_user_update(d->st, u, err)) || tx_add_audit(d, &a, err) ||
		   tx_commit(d, err))) {
		tx_rollback(d);
		r = -1;
	}
	free(text);
	return r;
}

/* Record a sign-in attempt's outcome on the account and in the trail. */
static int note_attempt(struct cd_desk *d, struct cd_user *u, int ok, const char *via, struct cd_err *err)
{
	cd_time now = cd_real_now();
	/* A clean sign-in leaves the account as it was. */
	int changed = !ok || u->failures || u->retry_at != CD_TIME_NONE;
	u->failures = ok ? 0 : u->failures + 1;
	int64_t wait = ok ? 0 : auth_retry_delay(&d->cfg->auth, u->failures);
	u->retry_at = wait ? now + wait : CD_TIME_NONE;
	if (changed)
		u->updated_at = now;
	json_t *data = json_pack("{s:s,s:s}", "via", via, "mode",
				 d->cfg->auth.mode == AUTH_UNIX ? "unix" : "pin");
	if (!ok)
		json_object_set_new(data, "failures", json_integer(u->failures));
	return save_user(d, u, changed ? USER_UPDATE : USER_KEEP, u->name, ok ? "signin" : "signin_failed",
			 data, err);
}

/* A failed sign-in for a name with no account is audited too, and
 * answered like a wrong PIN so names cannot be probed. */
static void audit_as(struct cd_desk *d, const char *name, const char *kind, json_t *data)
{
	char *keep = d->actor;
	d->actor = (char *)name;
	desk_audit(d, kind, 0, data, NULL);
	d->actor = keep;
}

static int unknown_name(struct cd_desk *d, const char *name, const char *via, struct cd_err *err)
{
	audit_as(d, name, "signin_failed", json_pack("{s:s,s:s}", "via", via, "reason", "unknown"));
	return cd_fail(err, CD_EAUTH, _("wrong name or PIN"));
}

/* A name without an account, or an account without a PIN, is checked
 * against this, so that the answer takes as long as for a wrong PIN and
 * names cannot be probed by timing either. */
const char auth_decoy_hash[] =
	"$argon2id$v=19$m=7168,t=5,p=1$0a3w9dhPHSbeYWQo2shIEg$Fb6SwIBRsbP9F4gejGYIMFbb52sjxTcLiAYQW7/UJu8";

/* Whether pin is u's (u NULL: no account). Slow by design (Argon2id):
 * never run it while holding the write lock, or every other desk waits. */
static int pin_matches(const struct cd_user *u, const char *pin)
{
	const char *hash = u && u->pin_hash ? u->pin_hash : auth_decoy_hash;
	if (!pin)
		pin = "";
	int ok = sodium_init() >= 0 && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
	return ok && hash != auth_decoy_hash;
}

static int waiting(const struct cd_user *u, cd_time now)
{
	return u->retry_at != CD_TIME_NONE && now < u->retry_at;
}

/* Count the attempt on u as it is now, inside the write transaction. ok is
 * whether the PIN matched, worked out before the lock was taken. */
static int check_pin(struct cd_desk *d, struct cd_user *u, int ok, const char *via, struct cd_err *err)
{
	cd_time now = cd_real_now();
	if (waiting(u, now)) {
		audit_as(d, u->name, "signin_failed", json_pack("{s:s,s:s}", "via", via, "reason", "waiting"));
		return refuse_waiting(d, u, now, err);
	}
	if (u->failures >= d->cfg->auth.max_failures)
		u->failures = 0; /* the lock-out has run its course */
	if (note_attempt(d, u, ok, via, err))
		return -1;
	if (ok)
		return 0;
	if (u->failures >= d->cfg->auth.max_failures)
		return refuse_waiting(d, u, now, err);
	return cd_fail(err, CD_EAUTH, _("wrong name or PIN"));
}

/* The account as the attempt found it before taking the lock, and whether
 * the PIN matched it (-1: not checked, the account was waiting or absent). */
struct first_look {
	struct cd_user u;
	int ok;
};

static void look_first(struct cd_desk *d, const char *name, const char *pin, struct first_look *f)
{
	memset(f, 0, sizeof *f);
	f->ok = -1;
	if (store_user_get(d->st, name, &f->u, NULL))
		pin_matches(NULL, pin); /* as long as a wrong PIN takes */
	else if (!waiting(&f->u, cd_real_now()))
		f->ok = pin_matches(&f->u, pin);
}

/* While another desk holds the write lock (a long import), the right PIN
 * of an account with nothing to reset signs in without waiting: there is
 * no count to keep, and the sign-in's audit row is kept for later. */
static int signs_in_unlocked(const struct first_look *f)
{
	return f->ok == 1 && !f->u.failures && f->u.retry_at == CD_TIME_NONE && !f->u.disabled;
}

static int same_pin(const struct cd_user *a, const struct cd_user *b)
{
	return a->pin_hash == b->pin_hash || (a->pin_hash && b->pin_hash && !strcmp(a->pin_hash, b->pin_hash));
}

/* One attempt inside the write transaction: the account is read again, and
 * the attempt counted on it as it is now, so attempts made at the same
 * moment from other desks are each counted, one after the other. Returns 1
 * when the PIN changed since the first look (check again). */
static int attempt_locked(struct cd_desk *d, const char *name, const char *pin, const char *via,
			  const struct first_look *f, struct cd_user *u, struct cd_err *err)
{
	struct cd_err e;
	int r = store_user_get(d->st, name, u, &e);
	if (r && e.code == CD_ENOTFOUND)
		return unknown_name(d, name, via, err);
	if (r)
		return cd_fail(err, e.code, "%s", e.msg);
	int ok = f->ok;
	if (ok >= 0 && !same_pin(u, &f->u))
		return 1;
	if (ok < 0 && !waiting(u, cd_real_now()))
		ok = pin_matches(u, pin); /* rare: unlocked since the first look */
	if ((r = check_pin(d, u, ok, via, err)) == 0 && u->disabled)
		r = cd_fail(err, CD_EAUTH, _("the account %s is disabled"), name);
	return r;
}

/* One attempt at name's PIN. The PIN is checked first, without the lock;
 * what the attempt does to the account is then written in one write
 * transaction. A refusal (CD_EAUTH) is kept, as the count is; only a
 * failure of the database itself undoes the attempt. */
static int attempt(struct cd_desk *d, const char *name, const char *pin, const char *via, struct cd_user *u,
		   struct cd_err *err)
{
	for (int tries = 0;; tries++) {
		struct first_look f;
		look_first(d, name, pin, &f);
		int busy = tx_try_begin(d, err);
		if (busy < 0) {
			cd_user_free(&f.u);
			return -1;
		}
		if (busy && signs_in_unlocked(&f)) {
			audit_as(d, name, "signin", json_pack("{s:s,s:s}", "via", via, "mode", "pin"));
			*u = f.u;
			return 0;
		}
		if (busy && tx_begin(d, err)) {
			cd_user_free(&f.u);
			return -1;
		}
		int r = attempt_locked(d, name, pin, via, &f, u, err);
		cd_user_free(&f.u);
		if (r == 1 && tries < 3) {
			tx_rollback(d);
			cd_user_free(u);
			continue;
		}
		if (r == 1)
			r = cd_fail(err, CD_EAUTH, _("the PIN of %s is being changed: try again"), name);
		if ((r && err && err->code != CD_EAUTH) || tx_commit(d, r ? NULL : err)) {
			tx_rollback(d);
			r = -1;
		}
		if (r && u->name)
			cd_user_free(u);
		return r;
	}
}

int desk_signin_pin(struct cd_desk *d, const char *name, const char *pin, const char *via,
		    struct cd_err *err)
{
	struct cd_user u = {0};
	if (str_empty(name) || !text_is_clean(name, 0))
		return cd_fail(err, CD_EAUTH, _("sign in with your name and PIN"));
	if (attempt(d, name, pin, via, &u, err))
		return -1;
	return take_user(d, &u, err);
}

int desk_unlock(struct cd_desk *d, const char *pin, struct cd_err *err)
{
	struct cd_user u = {0};
	if (!d->user.name)
		return 0;
	char *name = xstrdup(d->user.name);
	int r = attempt(d, name, pin, "unlock", &u, err);
	free(name);
	return r ? -1 : take_user(d, &u, err);
}

int desk_signin_unix(struct cd_desk *d, const char *as, const char *via, struct cd_err *err)
{
	char *login = desk_system_login();
	struct cd_user u;
	struct cd_err e;
	int r = store_user_by_login(d->st, login, &u, &e);
	if (r) {
		if (e.code == CD_ENOTFOUND) {
			unknown_name(d, login, via, NULL);
			cd_fail(err, CD_EAUTH, _("the system login '%s' has no cdesk account"), login);
		} else
			cd_fail(err, e.code, "%s", e.msg);
		free(login);
		return -1;
	}
	if (as && strcmp(as, u.name) != 0) {
		cd_fail(err, CD_EAUTH, _("you are signed in as %s by your system login '%s'; you cannot act as %s"),
			u.name, login, as);
		r = -1;
	} else if (u.disabled) {
		cd_fail(err, CD_EAUTH, _("the account %s is disabled"), u.name);
		r = -1;
	}
	free(login);
	if (r || note_attempt(d, &u, 1, via, err)) {
		cd_user_free(&u);
		return -1;
	}
	return take_user(d, &u, err);
}

const char *desk_who(const struct cd_desk *d)
{
	return d->user.display ? d->user.display : d->actor;
}

const char *desk_role_label(const struct cd_desk *d)
{
	return d->role ? cd_label_text(&d->role->name, d->role->id) : d->setup ? _("setup mode") : "";
}

/* Permissions ----------------------------------------------------------- */

int cd_sites_include(const char *sites, const char *site)
{
	if (!sites || strcmp(sites, "*") == 0)
		return 1;
	size_t n = site ? strlen(site) : 0;
	for (const char *p = sites; site && *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && strncmp(p, site, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static int unchecked(const struct cd_desk *d)
{
	return d->system || d->setup;
}

const char *desk_sites(const struct cd_desk *d)
{
	if (unchecked(d) || (d->user.sites && strcmp(d->user.sites, "*") == 0))
		return NULL;
	return d->user.sites ? d->user.sites : "";
}

int desk_at_site(const struct cd_desk *d, const char *site)
{
	const char *sites = desk_sites(d);
	return cd_sites_include(sites, site);
}

int desk_may(struct cd_desk *d, enum cd_perm p, const struct cd_complaint *c, struct cd_err *err)
{
	if (unchecked(d))
		return 0;
	if (!d->role)
		return cd_fail(err, CD_EAUTH, _("sign in first"));
	const char *role = cd_label_text(&d->role->name, d->role->id);
	if (!(d->role->can & (1u << p)))
		return cd_fail(err, CD_EPERM, _("%s (%s) may not %s"), d->actor, role, cd_perm_label(p));
	if (!c)
		return 0;
	if (!desk_at_site(d, c->site))
		return cd_fail(err, CD_EPERM, _("%s works at %s, not at %s"), d->actor, d->user.sites, c->site);
	const struct strlist *only = &d->role->only[p];
	int ok = only->n == 0;
	for (size_t i = 0; i < only->n && !ok; i++)
		ok = strcmp(only->v[i], c->severity) == 0;
	if (!ok) {
		const struct cd_item *sev = cd_list_find(&d->cfg->severities, c->severity);
		return cd_fail(err, CD_EPERM, _("%s (%s) may not %s of severity %s"), d->actor, role,
			       cd_perm_label(p), sev ? cd_label_text(&sev->name, sev->id) : c->severity);
	}
	return 0;
}

int desk_require(struct cd_desk *d, enum cd_perm p, const struct cd_complaint *c, struct cd_err *err)
{
	if (!desk_may(d, p, c, err))
		return 0;
	desk_audit(d, "denied", c ? c->id : 0,
		   json_pack("{s:s,s:s}", "permission", cd_perm_id(p), "reason", err->msg), NULL);
	return -1;
}

int desk_sees_personal(const struct cd_desk *d, const struct cd_complaint *c)
{
	if (unchecked(d))
		return 1;
	if (!d->role)
		return 0;
	if (c && ((c->owner && strcmp(c->owner, d->actor) == 0) ||
		  (c->receiver && strcmp(c->receiver, d->actor) == 0)))
		return 1;
	return (d->role->can & (1u << PERM_PERSONAL_DATA)) && (!c || desk_at_site(d, c->site));
}

cd_money desk_limit(const struct cd_desk *d, const char *remedy)
{
	return unchecked(d) ? CD_MONEY_UNLIMITED : d->role ? cd_role_limit(d->role, remedy) : 0;
}

const struct cd_item *desk_approver_role(const struct cd_desk *d, const char *remedy, cd_money amount)
{
	const struct cd_item *best = NULL;
	for (size_t i = 0; i < d->cfg->roles.n; i++) {
		const struct cd_item *r = &d->cfg->roles.v[i];
		if (cd_role_limit(r, remedy) >= amount && (!best || r->level < best->level))
			best = r;
	}
	return best;
}

/* Accounts ---------------------------------------------------------------- */

int auth_check_pin(const char *pin, struct cd_err *err)
{
	size_t n = pin ? strlen(pin) : 0;
	if (n < 4 || n > 64)
		return cd_fail(err, CD_EINPUT, _("a PIN must be 4 to 64 characters"));
	if (!text_is_clean(pin, 0)) /* not echoed: it is a secret */
		return cd_fail(err, CD_EINPUT, _("a PIN must be text, without control characters"));
	return 0;
}

static int hash_pin(const char *pin, char **out, struct cd_err *err)
{
	char h[crypto_pwhash_STRBYTES];
	if (auth_check_pin(pin, err))
		return -1;
	if (sodium_init() < 0 || crypto_pwhash_str(h, pin, strlen(pin), AUTH_PIN_OPS, AUTH_PIN_MEM) != 0)
		return cd_fail(err, CD_EFAIL, _("cannot hash the PIN (out of memory?)"));
	free(*out);
	*out = xstrdup(h);
	return 0;
}

static int check_sites(struct cd_desk *d, const char *sites, struct cd_err *err)
{
	if (strcmp(sites, "*") == 0)
		return 0;
	struct strbuf one;
	sb_init(&one);
	int r = 0;
	for (const char *p = sites; !r;) {
		const char *e = strchr(p, ',');
		one.len = 0;
		sb_add(&one, p, e ? (size_t)(e - p) : strlen(p));
		if (!cd_list_find(&d->cfg->sites, one.s))
			r = cd_fail(err, CD_EINPUT, _("unknown site '%s' (give site ids separated by commas, or *)"), one.s);
		if (!e)
			break;
		p = e + 1;
	}
	sb_free(&one);
	return r;
}

static int check_user(struct cd_desk *d, const struct cd_user *u, struct cd_err *err)
{
	if (!str_empty(u->name) && !text_is_clean(u->name, 0))
		return cd_fail(err, CD_EINPUT, _("the user name '%s' is not valid text"), u->name);
	if (str_empty(u->name) || strlen(u->name) > 100 || strchr(u->name, ','))
		return cd_fail(err, CD_EINPUT, _("a user name must be 1 to 100 characters without commas"));
	if (!cd_list_find(&d->cfg->roles, u->role))
		return cd_fail(err, CD_EINPUT, _("unknown role '%s'"), u->role ? u->role : "");
	if (u->display && (!text_is_clean(u->display, 0) || strlen(u->display) > 100))
		return cd_fail(err, CD_EINPUT, _("the display name is not valid text"));
	if (u->unix_user && (!text_is_clean(u->unix_user, 0) || !*u->unix_user))
		return cd_fail(err, CD_EINPUT, _("the system login is not valid text"));
	if (u->email && (!text_is_clean(u->email, 0) || !strchr(u->email, '@') || strpbrk(u->email, " <>,") ||
			 strlen(u->email) > 254))
		return cd_fail(err, CD_EINPUT, _("--email: '%s' is not an e-mail address"), u->email);
	if (u->webhook && (!text_is_clean(u->webhook, 0) || strpbrk(u->webhook, " \t") || strlen(u->webhook) > 2000 ||
			   (strncmp(u->webhook, "https://", 8) != 0 && strncmp(u->webhook, "http://", 7) != 0)))
		return cd_fail(err, CD_EINPUT, _("--webhook: '%s' is not an http:// or https:// URL"), u->webhook);
	if (u->lang && strcmp(u->lang, "zh_CN") != 0 && strcmp(u->lang, "en") != 0)
		return cd_fail(err, CD_EINPUT, _("--language: expected zh_CN or en, found '%s'"), u->lang);
	return check_sites(d, u->sites ? u->sites : "*", err);
}

/* Who may manage accounts: in setup mode anyone, but the first account
 * must be one that can manage the others, or the desk locks itself out. */
static int may_manage(struct cd_desk *d, const struct cd_user *first, struct cd_err *err)
{
	int any;
	if (desk_has_accounts(d, &any, err))
		return -1;
	if (any)
		return desk_require(d, PERM_MANAGE_USERS, NULL, err);
	const struct cd_item *r = first ? cd_list_find(&d->cfg->roles, first->role) : NULL;
	if (first && r && !(r->can & (1u << PERM_MANAGE_USERS)))
		return cd_fail(err, CD_EPERM, _("the first account must have a role that can manage users (such as admin)"));
	return 0;
}

static json_t *user_json(const struct cd_user *u)
{
	json_t *o = json_pack("{s:s,s:s?,s:s,s:s,s:s?,s:b}", "name", u->name, "display", u->display, "role",
			      u->role, "sites", u->sites ? u->sites : "*", "unix_user", u->unix_user,
			      "disabled", u->disabled);
	if (u->email)
		json_object_set_new(o, "email", json_string(u->email));
	if (u->webhook) { /* its key stays out of the trail */
		char *shown = notify_address_shown(u->webhook);
		json_object_set_new(o, "webhook", json_string(shown));
		free(shown);
	}
	if (u->lang)
		json_object_set_new(o, "lang", json_string(u->lang));
	return o;
}


int desk_user_add(struct cd_desk *d, const struct cd_user *in, const char *pin, struct cd_err *err)
{
	struct cd_user u = *in;
	char all[] = "*";
	u.email = str_empty(u.email) ? NULL : u.email;
	u.webhook = str_empty(u.webhook) ? NULL : u.webhook;
	u.lang = str_empty(u.lang) ? NULL : u.lang;
	if (check_user(d, &u, err) || may_manage(d, &u, err))
		return -1;
	u.pin_hash = NULL;
	if (pin && hash_pin(pin, &u.pin_hash, err))
		return -1;
	if (!u.sites)
		u.sites = all;
	if (!u.display)
		u.display = u.name;
	u.created_at = u.updated_at = cd_real_now();
	u.retry_at = CD_TIME_NONE;
	u.failures = 0;
	int r = save_user(d, &u, USER_INSERT, d->actor, "user_add", user_json(&u), err);
	free(u.pin_hash);
	return r;
}

/* Is u an active account that can manage users? */
static int manages(const struct cd_desk *d, const struct cd_user *u)
{
	const struct cd_item *r = cd_list_find(&d->cfg->roles, u->role);
	return !u->disabled && r && (r->can & (1u << PERM_MANAGE_USERS));
}

struct managers {
	const struct cd_desk *d;
	const char *except;
	int n;
};

static int count_manager(void *ctx, const struct cd_user *u)
{
	struct managers *m = ctx;
	m->n += strcmp(u->name, m->except) != 0 && manages(m->d, u);
	return 0;
}

/* Someone must be left who can manage the accounts. */
static int keep_a_manager(struct cd_desk *d, const char *name, struct cd_err *err)
{
	struct managers m = {d, name, 0};
	if (store_users(d->st, count_manager, &m, err))
		return -1;
	if (!m.n)
		return cd_fail(err, CD_EPERM, _("%s is the last account that can manage users; add another first"), name);
	return 0;
}

int desk_users(struct cd_desk *d, desk_user_cb cb, void *ctx, struct cd_err *err)
{
	if (desk_require(d, PERM_MANAGE_USERS, NULL, err))
		return -1;
	return store_users(d->st, cb, ctx, err);
}

static void replace(char **field, const char *v)
{
	if (!v)
		return;
	free(*field);
	*field = *v ? xstrdup(v) : NULL;
}

int desk_user_change(struct cd_desk *d, const char *name, const struct cd_user_change *ch,
		     struct cd_err *err)
{
	struct cd_user u;
	int self_pin = ch->pin && !ch->display && !ch->role && !ch->sites && !ch->unix_user && !ch->email &&
		       !ch->webhook && !ch->lang &&
		       ch->disabled < 0 && !ch->unlock && d->user.name && strcmp(d->user.name, name) == 0;
	/* Everyone may change their own PIN; the rest is for admins. */
	if (!self_pin && may_manage(d, NULL, err))
		return -1;
	if (store_user_get(d->st, name, &u, err))
		return -1;
	if ((ch->sites && !*ch->sites) || (ch->display && !*ch->display) || (ch->role && !*ch->role)) {
		cd_user_free(&u);
		return cd_fail(err, CD_EINPUT, _("--sites, --display and --role cannot be empty"));
	}
	int was_manager = manages(d, &u);
	replace(&u.display, ch->display);
	replace(&u.role, ch->role);
	replace(&u.sites, ch->sites);
	replace(&u.unix_user, ch->unix_user);
	replace(&u.email, ch->email);
	replace(&u.webhook, ch->webhook);
	replace(&u.lang, ch->lang);
	if (ch->disabled >= 0)
		u.disabled = ch->disabled;
	if (ch->unlock) {
		u.failures = 0;
		u.retry_at = CD_TIME_NONE;
	}
	int r = check_user(d, &u, err) || (ch->pin && hash_pin(ch->pin, &u.pin_hash, err)) ? -1 : 0;
	if (!r && was_manager && !manages(d, &u))
		r = keep_a_manager(d, u.name, err);
	u.updated_at = cd_real_now();
	if (!r) {
		json_t *data = user_json(&u);
		json_object_set_new(data, "pin_changed", json_boolean(ch->pin != NULL));
		json_object_set_new(data, "unlocked", json_boolean(ch->unlock));
		r = save_user(d, &u, USER_UPDATE, d->actor, "user_change", data, err);
	}
	cd_user_free(&u);
	return r;
}

/* Privacy ----------------------------------------------------------------- */

void desk_mask(const struct cd_desk *d, struct cd_complaint *c, enum desk_view view)
{
	if (unchecked(d) || (view == DESK_OPENED && desk_sees_personal(d, c)))
		return;
	cd_mask_complaint(c);
}

void desk_mask_events(const struct cd_desk *d, const struct cd_complaint *c, struct cd_events *ev,
		      enum desk_view view)
{
	int masked = !unchecked(d) && !(view == DESK_OPENED && desk_sees_personal(d, c));
	for (size_t i = 0; i < ev->n; i++) {
		if (!cd_data_personal(ev->v[i].data))
			continue;
		char *s = cd_mask_data(ev->v[i].data, masked);
		free(ev->v[i].data);
		ev->v[i].data = s;
	}
}

int desk_view(struct cd_desk *d, const struct cd_complaint *c, struct cd_err *err)
{
	if (unchecked(d))
		return 0;
	if (!d->role)
		return cd_fail(err, CD_EAUTH, _("sign in first"));
	if (desk_at_site(d, c->site))
		return 0;
	cd_fail(err, CD_EPERM, _("%s works at %s, not at %s"), d->actor, d->user.sites, c->site);
	desk_audit(d, "denied", c->id, json_pack("{s:s}", "reason", err->msg), NULL);
	return -1;
}

int desk_audit_view(struct cd_desk *d, const struct cd_complaint *c, const char *via)
{
	if (unchecked(d) || !desk_sees_personal(d, c) ||
	    (str_empty(c->customer) && str_empty(c->phone) && str_empty(c->plate)))
		return 0;
	return desk_audit(d, "view_personal", c->id, json_pack("{s:s}", "via", via), NULL);
}

int desk_report_site(struct cd_desk *d, const char **site, struct cd_err *err)
{
	if (desk_require(d, PERM_REPORT, NULL, err))
		return -1;
	const char *sites = desk_sites(d);
	if (!sites || (*site && desk_at_site(d, *site)))
		return 0;
	if (!*site && *sites && !strchr(sites, ',')) {
		*site = sites;
		return 0;
	}
	if (*site)
		cd_fail(err, CD_EPERM, _("%s works at %s, not at %s"), d->actor, sites, *site);
	else
		cd_fail(err, CD_EPERM, _("%s works at %s: name one of them with --site"), d->actor, sites);
	desk_audit(d, "denied", 0, json_pack("{s:s,s:s}", "permission", "report", "reason", err->msg), NULL);
	return -1;
}
