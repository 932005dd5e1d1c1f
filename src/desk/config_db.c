/* The configuration belongs to the database. Its rules decide every
 * deadline, its roles who may do what, and the clocks of open complaints
 * are stored: two desks following two files would each recompute them when
 * they open, and deadlines would flip back and forth. So the database keeps
 * the text of the configuration it follows (meta config_text, config_hash,
 * config_applied): the first opening adopts the file given (or the
 * built-in one), after that only desk_config_apply changes it, recomputing
 * once. A desk opened with another file follows the database's, and says
 * so. */
#include "internal.h"
#include "cdesk/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define BUILT_IN "<built-in>"

static void hash_hex(const struct cd_config *c, char out[32])
{
	snprintf(out, 32, "%016llx", (unsigned long long)c->hash);
}

struct refresh {
	struct cd_desk *d;
	struct cd_err *err;
	size_t n;
};

static int refresh_one(void *ctx, int64_t id)
{
	struct refresh *r = ctx;
	void *args[2] = {r->d, r->err};
	r->n++;
	return desk_refresh_clocks(args, id);
}

/* Make cfg the one the database follows: its text and where it came from
 * kept, the open complaints' clocks computed again when its text is not
 * the one they were computed under (from), and a config_changed row by
 * actor. One transaction; on failure the desk follows what it did. */
static int follow(struct cd_desk *d, struct cd_config *cfg, const char *from, const char *how,
		  const char *actor, size_t *count, struct cd_err *err)
{
	char want[32];
	hash_hex(cfg, want);
	int changed = !from || strcmp(from, want) != 0;
	struct cd_config *was = d->cfg;
	cd_time now = cd_real_now();
	json_t *o = json_pack("{s:s,s:s,s:I}", "path", cfg->path, "by", actor, "at", (json_int_t)now);
	char *applied = tx_json_text(o);
	json_decref(o);
	o = json_pack("{s:s?,s:s,s:s,s:s}", "from", from, "path", cfg->path, "to", want, "how", how);
	char *data = tx_json_text(o);
	json_decref(o);
	struct cd_audit a = {0, now, actor, "config_changed", 0, data, NULL};
	struct refresh r = {d, err, 0};
	d->cfg = cfg;
	d->config_unchecked = 1;
	int rc = tx_begin(d, err);
	d->config_unchecked = 0;
	if (!rc) {
		rc = (changed && store_open_ids(d->st, refresh_one, &r, err)) ||
		     store_meta_set(d->st, "config_hash", want, err) ||
		     store_meta_set(d->st, "config_text", cfg->source, err) ||
		     store_meta_set(d->st, "config_applied", applied, err) ||
		     (changed && tx_add_audit(d, &a, err)) || tx_commit(d, err);
		if (rc)
			tx_rollback(d);
	}
	if (rc)
		d->cfg = was;
	if (count)
		*count = r.n;
	free(applied);
	free(data);
	return rc ? -1 : 0;
}

/* The file the database's configuration came from ("?" if unknown). */
static char *applied_path(const char *applied)
{
	json_t *o = applied ? json_loads(applied, 0, NULL) : NULL;
	const char *path = json_string_value(json_object_get(o, "path"));
	char *r = xstrdup(path ? path : "?");
	json_decref(o);
	return r;
}

/* "FILE, applied by NAME on DATE": where the database's configuration
 * came from. */
static char *applied_text(const struct cd_desk *d, const char *applied)
{
	json_t *o = applied ? json_loads(applied, 0, NULL) : NULL;
	const char *path = json_string_value(json_object_get(o, "path"));
	const char *by = json_string_value(json_object_get(o, "by"));
	json_t *at = json_object_get(o, "at");
	char when[32] = "?";
	if (json_is_integer(at))
		cd_format_short((cd_time)json_integer_value(at), d->cfg->timezone, when);
	char *r = xasprintf(_("%s, applied by %s on %s"), path ? path : "?", by ? by : "?", when);
	json_decref(o);
	return r;
}

/* The database has its own: follow it, and say why the file is not used. */
static void follow_kept(struct cd_desk *d, const char *text, const char *applied)
{
	struct cd_err perr = {0};
	char *path = applied_path(applied);
	char *name = xasprintf(_("%s (kept in the database)"), path);
	struct cd_config *kept = cd_config_parse(text, strlen(text), name, &perr);
	free(name);
	free(path);
	if (!kept) {
		d->config_notice = xasprintf(_("the configuration kept in %s does not load (%s); this desk reads by "
					       "%s and changes nothing until an administrator runs 'cdesk config "
					       "apply FILE'"),
					     d->db_shown, perr.msg, d->cfg->path);
		return;
	}
	if (strcmp(d->cfg->path, BUILT_IN) != 0) {
		char *from = applied_text(d, applied);
		d->config_notice = xasprintf(_("the database follows its own configuration (%s), not %s; "
					       "an administrator changes it with 'cdesk config apply'"),
					     from, d->cfg->path);
		free(from);
	}
	d->own_cfg = kept;
	d->cfg = kept;
}

int desk_follow_config(struct cd_desk *d, struct cd_err *err)
{
	char *hash = NULL, *text = NULL, *applied = NULL, want[32];
	int r = 0;
	hash_hex(d->cfg, want);
	if (store_meta_get(d->st, "config_hash", &hash, err) || store_meta_get(d->st, "config_text", &text, err) ||
	    store_meta_get(d->st, "config_applied", &applied, err))
		r = -1;
	else if (!text) {
		/* The first opening (or one by a cdesk from before the database
		 * kept its configuration): the one given is adopted. Before
		 * anyone signs in: the system login opened the desk. */
		char *login = desk_system_login();
		struct cd_err ignore = {0};
		/* A database that cannot be written (read-only, busy) is still
		 * read; it adopts one at an opening that can write. */
		follow(d, d->cfg, hash, "adopted", login, NULL, &ignore);
		free(login);
	} else if (!hash || strcmp(hash, want) != 0)
		follow_kept(d, text, applied);
	free(hash);
	free(text);
	free(applied);
	return r;
}

const char *desk_config_notice(const struct cd_desk *d)
{
	return d->config_notice;
}

int desk_config_apply(struct cd_desk *d, struct cd_config *cfg, size_t *recomputed, struct cd_err *err)
{
	char *hash = NULL, want[32];
	*recomputed = 0;
	if (desk_require(d, PERM_MANAGE_USERS, NULL, err) || desk_writes_now(d, err) ||
	    store_meta_get(d->st, "config_hash", &hash, err))
		return -1;
	hash_hex(cfg, want);
	int same = hash && strcmp(hash, want) == 0;
	int r = same ? 1 : follow(d, cfg, hash, "applied", d->actor, recomputed, err);
	if (same)
		d->cfg = cfg;
	if (r >= 0) {
		free(d->config_notice);
		d->config_notice = NULL;
	}
	free(hash);
	return r;
}

int desk_config_check(struct cd_desk *d, struct cd_err *err)
{
	char want[32], *have = NULL;
	hash_hex(d->cfg, want);
	if (store_meta_get(d->st, "config_hash", &have, err))
		return -1;
	int stale = have && strcmp(have, want) != 0;
	free(have);
	return stale ? cd_fail(err, CD_ESTATE, _("the configuration of this database was changed (cdesk config "
						 "apply) since this desk opened it; nothing was saved: open the "
						 "desk again"))
		     : 0;
}
