/* user, whoami, audit and purge: the people and the trail. */
#define _GNU_SOURCE
#include "cli.h"
#include "cdesk/auth.h"
#include "cdesk/i18n.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

/* A new PIN: $CDESK_NEW_PIN, or typed twice on the terminal. */
static char *new_pin(const char *name)
{
	const char *env = getenv("CDESK_NEW_PIN");
	if (!str_empty(env))
		return xstrdup(env);
	char *prompt = xasprintf(_("New PIN for %s: "), name);
	char *a = cli_ask_secret(prompt);
	free(prompt);
	char *b = a ? cli_ask_secret(_("The same PIN again: ")) : NULL;
	if (a && b && strcmp(a, b) == 0) {
		free(b);
		return a;
	}
	cli_fail(CD_EUSAGE, "%s", a && b ? _("cdesk: the two PINs differ; nothing was changed\n")
					 : _("cdesk: no terminal to ask the PIN on; set $CDESK_NEW_PIN\n"));
	free(a);
	free(b);
	return NULL;
}

static void drop_pin(char *pin)
{
	if (pin) {
		sodium_memzero(pin, strlen(pin));
		free(pin);
	}
}

static int user_add(struct cli *cli, const char *name, const char *role, const char *display,
		    const char *sites, const char *login, int no_pin, const struct cd_user_change *contact)
{
	struct cd_err err;
	int r;
	if (!role)
		return cli_usage_error(cli_find("user"), _("user add needs --role ROLE"));
	if ((r = cli_open(cli)))
		return r;
	char *pin = NULL;
	if (!no_pin && !(pin = new_pin(name)))
		return CD_EUSAGE;
	if (!pin && cli->cfg->auth.mode == AUTH_PIN) {
		return cli_fail(CD_EUSAGE, _("cdesk: the desk signs in by PIN: %s needs one\n"), name);
	}
	struct cd_user u = {0};
	u.name = (char *)name;
	u.role = (char *)role;
	u.display = (char *)display;
	u.sites = (char *)sites;
	u.unix_user = (char *)login;
	u.email = (char *)contact->email;
	u.webhook = (char *)contact->webhook;
	u.lang = (char *)contact->lang;
	r = desk_user_add(cli->desk, &u, pin, &err);
	drop_pin(pin);
	if (r)
		return cli_error(&err);
	printf(_("Added %s (%s).\n"), name, cli_label(&cli->cfg->roles, role));
	return 0;
}

/* The rows gathered into arr (JSON) or t, once the read that gathered them
 * (r) has succeeded: a refusal prints no half table. */
static int print_rows(int r, json_t *arr, struct cli_table *t, const struct cd_err *err)
{
	if (r) {
		json_decref(arr);
		sl_free(&t->cells);
		return cli_error(err);
	}
	if (arr)
		cli_print_json(arr);
	else
		table_print(t, stdout);
	return 0;
}

static int user_row(void *ctx, const struct cd_user *u)
{
	void **a = ctx;
	struct cli *cli = a[0];
	struct cli_table *t = a[1];
	json_t *arr = a[2];
	int locked = u->retry_at != CD_TIME_NONE && u->retry_at > cd_now();
	const char *state = u->disabled ? _("disabled") : locked ? _("locked") : _("active");
	if (arr) {
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:s,s:s,s:s?,s:b,s:b,s:i}", "name", u->name,
						     "display", u->display, "role", u->role, "sites", u->sites,
						     "login", u->unix_user, "disabled", u->disabled, "locked", locked,
						     "failures", u->failures));
		return 0;
	}
	table_add(t, u->name, u->display, cli_label(&cli->cfg->roles, u->role), u->sites,
		  u->unix_user ? u->unix_user : "", state);
	return 0;
}

static int user_list(struct cli *cli)
{
	struct cd_err err;
	int r;
	if ((r = cli_open(cli)))
		return r;
	struct cli_table t;
	json_t *arr = cli->json ? json_array() : NULL;
	table_init(&t, 6, _("Name"), _("Display name"), _("Role"), _("Sites"), _("Login"), _("State"));
	void *ctx[3] = {cli, &t, arr};
	return print_rows(desk_users(cli->desk, user_row, ctx, &err), arr, &t, &err);
}

static int user_change(struct cli *cli, const char *verb, const char *name, struct cd_user_change *ch)
{
	struct cd_err err;
	int r;
	if ((r = cli_open(cli)))
		return r;
	char *pin = NULL;
	if (strcmp(verb, "passwd") == 0 && !(pin = new_pin(name)))
		return CD_EUSAGE;
	ch->pin = pin;
	r = desk_user_change(cli->desk, name, ch, &err);
	drop_pin(pin);
	if (r)
		return cli_error(&err);
	printf(_("Changed %s.\n"), name);
	return 0;
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	const char *role = NULL, *display = NULL, *sites = NULL, *login = NULL;
	struct cd_user_change ch = {0};
	int no_pin = 0;
	const struct cli_opt opts[] = {
		{"role", "ROLE", N_("the role (add, set)"), &role, NULL},
		{"display", "TEXT", N_("the name shown on screen (add, set)"), &display, NULL},
		{"sites", "SITES", N_("site ids joined by commas, or * for all (add, set; default *)"), &sites, NULL},
		{"login", "LOGIN", N_("the system login that is this person (unix sign-in; default the name)"), &login, NULL},
		{"no-pin", NULL, N_("add without a PIN (unix sign-in)"), NULL, &no_pin},
		{"email", "ADDRESS", N_("where messages reach this person by e-mail (add, set; \"\" removes it)"), &ch.email, NULL},
		{"webhook", "URL", N_("a webhook that reaches this person (add, set; \"\" removes it)"), &ch.webhook, NULL},
		{"language", "LANG", N_("the language of messages to this person: zh_CN or en (add, set)"), &ch.lang, NULL},
		{0},
	};
	char *pos[2];
	const struct cli_command *cmd = cli_find("user");
	int npos, r = cli_parse(cmd, opts, argc, argv, pos, 2, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	const char *verb = npos > 0 ? pos[0] : "";
	if (strcmp(verb, "list") == 0 && npos == 1)
		return user_list(cli);
	if (npos != 2)
		return cli_usage_error(cmd, _("expected: %s"), cmd->args);
	if (strcmp(verb, "add") == 0)
		return user_add(cli, pos[1], role, display, sites, login, no_pin, &ch);
	ch.disabled = -1;
	if (strcmp(verb, "set") != 0)
		ch.email = ch.webhook = ch.lang = NULL;
	if (strcmp(verb, "set") == 0) {
		ch.role = role;
		ch.display = display;
		ch.sites = sites;
		ch.unix_user = login;
	} else if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0)
		ch.disabled = strcmp(verb, "disable") == 0;
	else if (strcmp(verb, "unlock") == 0)
		ch.unlock = 1;
	else if (strcmp(verb, "passwd") != 0)
		return cli_usage_error(cmd, _("unknown user command '%s' (add, list, set, passwd, disable, enable, unlock)"), verb);
	return user_change(cli, verb, pos[1], &ch);
}

int cmd_whoami(struct cli *cli, int argc, char **argv)
{
	char *pos[1];
	int npos, r = cli_parse(cli_find("whoami"), NULL, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;
	struct cd_desk *d = cli->desk;
	const struct cd_item *role = desk_role(d);
	int setup = desk_in_setup(d);
	struct strbuf can;
	sb_init(&can);
	for (int p = 0; p < CD_NPERMS; p++)
		if (setup || (role && (role->can & (1u << p))))
			sb_printf(&can, "%s%s", can.len ? ", " : "", cd_perm_id(p));
	const char *sites = desk_sites(d);
	if (cli->json)
		cli_print_json(json_pack("{s:s,s:s,s:s?,s:s,s:s,s:b}", "name", desk_actor(d), "display", desk_who(d),
					 "role", role ? role->id : NULL, "sites", sites ? sites : "*",
					 "can", can.s ? can.s : "", "setup", setup));
	else {
		struct strbuf who;
		sb_init(&who);
		sb_add_shown(&who, desk_who(d), 0);
		printf("%s (%s)\n", who.s, desk_role_label(d));
		sb_free(&who);
		printf(_("Sites: %s\n"), sites ? sites : _("all"));
		printf(_("May: %s\n"), can.s ? can.s : "");
		if (setup)
			printf("%s\n", _("No accounts exist yet: everyone may do everything. Add the first with "
					 "'cdesk user add NAME --role admin'."));
	}
	sb_free(&can);
	return 0;
}

/* audit verify ------------------------------------------------------------ */

/* Where the chain breaks, in words. */
static void why_broken(struct cli *cli, const struct desk_verify *v, struct strbuf *why)
{
	char t[32];
	if (v->broken == BREAK_DELETED && v->id == v->missing_from + 1)
		sb_printf(why, _("#%lld is missing: deleted"), (long long)v->missing_from);
	else if (v->broken == BREAK_DELETED)
		sb_printf(why, _("#%lld to #%lld are missing: deleted"), (long long)v->missing_from,
			  (long long)v->id - 1);
	else
		sb_printf(why, _("#%lld (%s, %s%s%lld) does not match its hash: edited, moved, or something before it was deleted"),
			  (long long)v->id, cd_format_time(v->at, cli->cfg->timezone, t), v->kind,
			  v->complaint_id ? _(", complaint #") : "", (long long)v->complaint_id);
}

static int verify_chain(struct cli *cli, enum desk_chain which, const char *what, json_t *out)
{
	struct desk_verify v;
	struct cd_err err;
	struct strbuf why;
	if (desk_verify(cli->desk, which, &v, &err))
		return cli_error(&err);
	sb_init(&why);
	if (v.broken)
		why_broken(cli, &v, &why);
	if (out)
		json_object_set_new(out, which == CHAIN_EVENTS ? "events" : "audit",
				    json_pack("{s:b,s:I,s:s?,s:I,s:s}", "intact", !v.broken, "checked",
					      (json_int_t)v.rows, "problem", why.s, "head_id", (json_int_t)v.head_id,
					      "head_hash", v.head));
	else if (v.broken)
		printf(_("%s: BROKEN at %s\n"), what, why.s);
	else
		printf(ngettext("%s: %lld entry, every link holds. Head #%lld %s\n",
				"%s: %lld entries, every link holds. Head #%lld %s\n", (unsigned long)v.rows),
		       what, (long long)v.rows, (long long)v.head_id, v.head);
	sb_free(&why);
	return v.broken ? CD_EFAIL : 0;
}

/* The complaints against their events, and the protections. */
static int verify_record(struct cli *cli, json_t *out)
{
	struct desk_record_check r;
	struct cd_err err;
	if (desk_verify_record(cli->desk, &r, &err))
		return cli_error(&err);
	if (out) {
		json_t *missing = json_array();
		for (size_t i = 0; i < r.missing.n; i++)
			json_array_append_new(missing, json_string(r.missing.v[i]));
		json_object_set_new(out, "complaints",
				    json_pack("{s:b,s:I,s:I,s:I?,s:s?}", "intact", r.disagree == 0, "checked",
					      (json_int_t)r.complaints, "disagree", (json_int_t)r.disagree, "first",
					      r.first ? json_integer(r.first) : NULL, "problem", r.disagree ? r.why : NULL));
		json_object_set_new(out, "protections", json_pack("{s:b,s:o}", "intact", r.missing.n == 0,
								  "missing", missing));
	} else {
		if (r.disagree)
			printf(ngettext("Complaints: BROKEN: %lld disagrees with its events, the first #%lld: %s\n",
					"Complaints: BROKEN: %lld disagree with their events, the first #%lld: %s\n",
					(unsigned long)r.disagree),
			       (long long)r.disagree, (long long)r.first, r.why);
		else
			printf(ngettext("Complaints: %lld, as its events say.\n", "Complaints: %lld, each as its events say.\n",
					(unsigned long)r.complaints),
			       (long long)r.complaints);
		for (size_t i = 0; i < r.missing.n; i++)
			printf(_("Protections: MISSING: %s\n"), r.missing.v[i]);
		if (!r.missing.n)
			printf("%s\n", _("Protections: the event log and the audit trail are append-only."));
	}
	int broken = r.disagree || r.missing.n;
	sl_free(&r.missing);
	return broken ? CD_EFAIL : 0;
}

static int audit_row(void *ctx, const struct cd_audit *a)
{
	void **c = ctx;
	struct cli *cli = c[0];
	struct cli_table *t = c[1];
	json_t *arr = c[2];
	char when[32], id[24];
	cd_format_time(a->at, cli->cfg->timezone, when);
	snprintf(id, sizeof id, "%lld", (long long)a->complaint_id);
	if (arr) {
		json_t *d = a->data ? json_loads(a->data, 0, NULL) : NULL;
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s,s:o?,s:o}", "id", (json_int_t)a->id, "at",
						     when, "actor", a->actor, "kind", a->kind, "complaint",
						     a->complaint_id ? json_integer(a->complaint_id) : NULL,
						     "data", d ? d : json_null()));
		return 0;
	}
	table_add(t, when, a->actor, a->kind, a->complaint_id ? id : "", a->data ? a->data : "");
	return 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	const struct cli_opt opts[] = {
		{"from", "TIME", N_("list: entries at or after"), &from, NULL},
		{"to", "TIME", N_("list: entries before"), &to, NULL},
		{0},
	};
	char *pos[1];
	const struct cli_command *cmd = cli_find("audit");
	int npos, r = cli_parse(cmd, opts, argc, argv, pos, 1, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	int verify = npos == 1 && strcmp(pos[0], "verify") == 0;
	if (npos != 1 || (!verify && strcmp(pos[0], "list") != 0))
		return cli_usage_error(cmd, _("expected: %s"), cmd->args);
	cd_time lo = CD_TIME_NONE, hi = CD_TIME_NONE;
	if ((from && cli_time(cli, from, &lo)) || (to && cli_time(cli, to, &hi)))
		return CD_EUSAGE;
	struct cd_err err;
	if ((r = cli_open(cli)))
		return r;
	if (verify) {
		json_t *out = cli->json ? json_object() : NULL;
		int a = verify_chain(cli, CHAIN_EVENTS, _("Event log"), out);
		if (a && a != CD_EFAIL) { /* refused or unreadable: no second try */
			json_decref(out);
			return a;
		}
		int b = verify_chain(cli, CHAIN_AUDIT, _("Audit trail"), out);
		int c = b && b != CD_EFAIL ? b : verify_record(cli, out);
		if (out)
			cli_print_json(out);
		return a ? a : b ? b : c;
	}
	struct cli_table t;
	json_t *arr = cli->json ? json_array() : NULL;
	table_init(&t, 5, _("When"), _("Who"), _("What"), _("Complaint"), _("Details"));
	void *ctx[3] = {cli, &t, arr};
	return print_rows(desk_audit_list(cli->desk, lo, hi, audit_row, ctx, &err), arr, &t, &err);
}

int cmd_purge(struct cli *cli, int argc, char **argv)
{
	const char *before = NULL;
	const struct cli_opt opts[] = {
		{"closed-before", "DATE", N_("complaints closed or withdrawn before this"), &before, NULL},
		{0},
	};
	char *pos[1];
	const struct cli_command *cmd = cli_find("purge");
	int npos, r = cli_parse(cmd, opts, argc, argv, pos, 0, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (!before)
		return cli_usage_error(cmd, _("purge needs --closed-before DATE"));
	cd_time t;
	int64_t n;
	struct cd_err err;
	if (cli_time(cli, before, &t))
		return CD_EUSAGE;
	if ((r = cli_open(cli)))
		return r;
	if (desk_purge(cli->desk, t, &n, &err))
		return cli_error(&err);
	printf(ngettext("Removed the personal data of %lld complaint closed before %s.\n",
			"Removed the personal data of %lld complaints closed before %s.\n", (unsigned long)n),
	       (long long)n, before);
	return 0;
}

/* db copy ------------------------------------------------------------------ */

static void print_copied(struct cli *cli, const struct desk_copied *c, const char *to)
{
	if (cli->json) {
		json_t *rows = json_object();
		for (size_t i = 0; i < c->ntables; i++)
			json_object_set_new(rows, c->tables[i].table, json_integer(c->tables[i].rows));
		cli_print_json(json_pack("{s:s,s:s,s:o,s:{s:I,s:s},s:{s:I,s:s}}", "from", desk_where(cli->desk), "to",
					 to, "rows", rows, "events", "last", (json_int_t)c->last_event, "hash",
					 c->event_hash, "audit", "last", (json_int_t)c->last_audit, "hash",
					 c->audit_hash));
		return;
	}
	printf(_("Copied %s into %s:\n"), desk_where(cli->desk), to);
	for (size_t i = 0; i < c->ntables; i++)
		printf("  %-12s %lld\n", c->tables[i].table, (long long)c->tables[i].rows);
	printf(_("Both end at event #%lld (%.12s…) and audit row #%lld (%.12s…): run 'cdesk --db %s audit verify' there.\n"),
	       (long long)c->last_event, c->event_hash, (long long)c->last_audit, c->audit_hash, to);
}

int cmd_db(struct cli *cli, int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	const struct cli_opt opts[] = {
		{"from", "DB", N_("the database to copy (default: --db)"), &from, NULL},
		{"to", "DB", N_("the new, empty database to copy into (a file or postgresql://…)"), &to, NULL},
		{0},
	};
	char *pos[1];
	const struct cli_command *cmd = cli_find("db");
	int npos, r = cli_parse(cmd, opts, argc, argv, pos, 1, &npos);
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos != 1 || strcmp(pos[0], "copy") != 0)
		return cli_usage_error(cmd, _("expected 'copy --to DB'"));
	if (!to)
		return cli_usage_error(cmd, _("db copy needs --to DB"));
	if (from)
		cli->db_path = from;
	if (from && !desk_db_exists(from))
		return cli_fail(CD_EDB, _("cdesk: there is no database at %s to copy\n"), from);
	if ((r = cli_open(cli)))
		return r;
	struct desk_copied c;
	struct cd_err err;
	if (desk_copy(cli->desk, to, &c, &err))
		return cli_error(&err);
	char *shown = cd_where_shown(to);
	print_copied(cli, &c, shown);
	free(shown);
	return 0;
}
