/* Command table, option parsing, opening the desk, shared output. */
#define _GNU_SOURCE
#include "cli.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"
#include "cdesk/text.h"

#include <errno.h>
#include <float.h>
#include <sodium.h>
#include <termios.h>
#include "cdesk/auth.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct cli_command cli_commands[] = {
	{"new", cmd_new, "", N_("record a new complaint; prints its id")},
	{"update", cmd_update, "ID", N_("change fields of a complaint (each change is kept in its timeline)")},
	{"list", cmd_list, "", N_("list complaints (open ones by default)")},
	{"show", cmd_show, "ID", N_("show a complaint: fields, clocks and timeline")},
	{"due", cmd_due, "", N_("every open clock, soonest deadline first")},
	{"step", cmd_step, "ID listen|apologize|record|start|resolve|follow-up|close", N_("take the next handling step")},
	{"contact", cmd_contact, "ID", N_("log a contact with the customer (phone, visit, message)")},
	{"feedback", cmd_feedback, "ID", N_("log progress feedback given to the customer")},
	{"promise", cmd_promise, "ID", N_("record a promise to the customer with its deadline, or mark one kept")},
	{"pause", cmd_pause, "ID", N_("pause the clocks: waiting on the customer or a third party")},
	{"resume", cmd_resume, "ID", N_("resume paused clocks")},
	{"assign", cmd_assign, "ID USER", N_("hand the complaint to a named handler")},
	{"escalate", cmd_escalate, "ID ROLE", N_("refer the complaint up to a role")},
	{"reopen", cmd_reopen, "ID", N_("reopen a resolved, closed or withdrawn complaint")},
	{"withdraw", cmd_withdraw, "ID", N_("record that the customer withdrew the complaint")},
	{"note", cmd_note, "ID TEXT", N_("add an internal note")},
	{"remedy", cmd_remedy, "ID REMEDY", N_("record a remedy offered or given (remedy ids: cdesk config show)")},
	{"satisfaction", cmd_satisfaction, "ID", N_("record the follow-up answers on the three fairness axes")},
	{"cause", cmd_cause, "ID staff|company|external|customer", N_("record the root cause (--note) and a preventive measure")},
	{"measure", cmd_measure, "ID", N_("record that a preventive measure was carried out")},
	{"approve", cmd_approve, "ID", N_("approve the remedy awaiting approval (within your limit)")},
	{"refuse", cmd_refuse, "ID --note WHY", N_("refuse the remedy awaiting approval")},
	{"report", cmd_report, "", N_("the monthly complaint analysis as text, Markdown, HTML, CSV or JSON")},
	{"sweep", cmd_sweep, "", N_("record every escalation now due (for cron)")},
	{"notify", cmd_notify, "", N_("send the messages now due: warnings and escalations (for cron)")},
	{"config", cmd_config, "check [FILE] | show | apply [FILE]",
	 N_("validate, print, or make the database follow a configuration")},
	{"export", cmd_export, "", N_("export complaints as CSV or JSON")},
	{"import", cmd_import, "FILE.csv", N_("import complaints from CSV (all or nothing)")},
	{"user", cmd_user, "add|list|set|passwd|disable|enable|unlock NAME", N_("manage the people who use the desk")},
	{"whoami", cmd_whoami, "", N_("who is signed in, with which role, sites and permissions")},
	{"audit", cmd_audit, "verify | list", N_("verify the hash chains or list the audit trail")},
	{"purge", cmd_purge, "--closed-before DATE", N_("remove personal data of complaints closed before DATE")},
	{"demo", cmd_demo, "", N_("fill the database with realistic demo complaints")},
	{NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cli_usage(FILE *out)
{
	fprintf(out, _("Usage: cdesk [OPTIONS] [COMMAND [ARGS]]\n"
		       "With no command, cdesk opens the desk.\n\n"
		       "Options:\n"
		       "  --db PATH        the database (default $XDG_DATA_HOME/cdesk/cdesk.db)\n"
		       "  --config FILE    the configuration (default: see 'cdesk config show')\n"
		       "  --now TIME       act as if it were TIME (ISO 8601); also $CDESK_NOW\n"
		       "  --lang LANG      zh_CN or en (default: from the locale)\n"
		       "  --as USER        who is acting (default $CDESK_USER or the login name)\n"
		       "  --json           machine-readable output\n"
		       "  --version        print the version\n"
		       "  --help           this help; 'cdesk COMMAND --help' for a command\n\n"
		       "Commands:\n"));
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		struct strbuf sb;
		sb_init(&sb);
		text_fit(&sb, c->name, 13, 1);
		fprintf(out, "  %s %s\n", sb.s, _(c->summary));
		sb_free(&sb);
	}
}

static void command_help(const struct cli_command *cmd, const struct cli_opt *opts, FILE *out)
{
	struct strbuf use;
	sb_init(&use);
	sb_printf(&use, "cdesk %s", cmd->name);
	if (*cmd->args)
		sb_printf(&use, " %s", cmd->args);
	if (opts && opts->name)
		sb_printf(&use, " %s", _("[OPTIONS]"));
	fprintf(out, _("Usage: %s\n%s\n"), use.s, _(cmd->summary));
	sb_free(&use);
	if (!opts || !opts->name)
		return;
	fprintf(out, "\n%s\n", _("Options:"));
	for (const struct cli_opt *o = opts; o->name; o++) {
		struct strbuf left, pad;
		sb_init(&left);
		sb_init(&pad);
		sb_printf(&left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		text_fit(&pad, left.s, 24, 1);
		fprintf(out, "  %s %s\n", pad.s, _(o->help));
		sb_free(&left);
		sb_free(&pad);
	}
}

static int json_messages; /* --json: messages as JSON lines */

static const char *error_kind(int code)
{
	static const char *const kinds[] = {
		[CD_EFAIL] = "failed",      [CD_EUSAGE] = "usage", [CD_ECONFIG] = "config",
		[CD_ENOTFOUND] = "not_found", [CD_EDB] = "database", [CD_ESTATE] = "state",
		[CD_EINPUT] = "input",      [CD_EPERM] = "permission", [CD_EAUTH] = "auth",
	};
	return code > 0 && code < (int)(sizeof kinds / sizeof *kinds) ? kinds[code] : "failed";
}

/* One message: text as it is, or (--json) its JSON line. code: the exit
 * code of an error, 0 for a warning; cmd: the command a usage error is
 * about, or NULL. */
static void say(int code, const char *cmd, const char *text)
{
	if (!json_messages) {
		fputs(text, stderr);
		return;
	}
	const char *msg = text + (strncmp(text, "cdesk: ", 7) == 0 ? 7 : 0);
	size_t n = strcspn(msg, "\n"), end = strlen(msg);
	while (end > n && msg[end - 1] == '\n')
		end--;
	json_t *m = json_object();
	if (code) {
		json_object_set_new(m, "kind", json_string(error_kind(code)));
		json_object_set_new(m, "exit", json_integer(code));
	}
	if (cmd)
		json_object_set_new(m, "command", json_string(cmd));
	json_object_set_new(m, "message", json_stringn(msg, n));
	if (end > n + 1) /* the lines after the first: what to do about it */
		json_object_set_new(m, "hint", json_stringn(msg + n + 1, end - n - 1));
	json_t *o = json_pack("{s:o}", code ? "error" : "warning", m);
	char *line = json_dumps(o, JSON_COMPACT);
	fprintf(stderr, "%s\n", line ? line : "{\"error\": {}}");
	free(line);
	json_decref(o);
}

/* A message that may quote what was typed, made safe to show. */
__attribute__((format(printf, 3, 0)))
static void shown_text(char *shown, size_t size, const char *fmt, va_list ap)
{
	char raw[1024];
	int n = vsnprintf(raw, sizeof raw, fmt, ap);
	cd_printable(shown, size, raw, 1, n >= (int)sizeof raw);
}

__attribute__((format(printf, 2, 0)))
static void vsay(int code, const char *fmt, va_list ap)
{
	char shown[1024];
	shown_text(shown, sizeof shown, fmt, ap);
	say(code, NULL, shown);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(0, fmt, ap);
	va_end(ap);
}

int cli_fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay(code, fmt, ap);
	va_end(ap);
	return code;
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	char shown[1024];
	va_list ap;
	va_start(ap, fmt);
	shown_text(shown, sizeof shown, fmt, ap);
	va_end(ap);
	if (json_messages) {
		say(CD_EUSAGE, cmd->name, shown);
		return CD_EUSAGE;
	}
	fprintf(stderr, "cdesk %s: %s\n", cmd->name, shown);
	fprintf(stderr, _("Try 'cdesk %s --help'.\n"), cmd->name);
	return CD_EUSAGE;
}

int cli_parse(const struct cli_command *cmd, const struct cli_opt *opts, int argc, char **argv,
	      char **pos, int maxpos, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			command_help(cmd, opts, stdout);
			return 1;
		}
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++) {
				if (*npos >= maxpos)
					return cli_usage_error(cmd, _("too many arguments")), -1;
				pos[(*npos)++] = argv[i];
			}
			break;
		}
		if (strncmp(a, "--", 2) != 0 || !a[2]) {
			if (*npos >= maxpos)
				return cli_usage_error(cmd, _("unexpected argument '%s'"), a), -1;
			pos[(*npos)++] = argv[i];
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const struct cli_opt *o = opts;
		while (o && o->name && !(strlen(o->name) == len && strncmp(o->name, name, len) == 0))
			o++;
		if (!o || !o->name)
			return cli_usage_error(cmd, _("unknown option '--%.*s'"), (int)len, name), -1;
		if (!o->arg) {
			if (eq)
				return cli_usage_error(cmd, _("option '--%s' takes no value"), o->name), -1;
			*o->flag = 1;
			continue;
		}
		const char *val = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!val)
			return cli_usage_error(cmd, _("option '--%s' needs a value (%s)"), o->name, o->arg), -1;
		*o->str = val;
	}
	return 0;
}

/* The global options that take a value, by name. */
static const char *const value_options[] = {"--db", "--config", "--now", "--lang", "--as"};
#define N_VALUE_OPTIONS (sizeof value_options / sizeof *value_options)

static int value_option(const char *a)
{
	for (size_t k = 0; k < N_VALUE_OPTIONS; k++)
		if (strcmp(a, value_options[k]) == 0)
			return (int)k;
	return -1;
}

/* Global options may stand anywhere before "--"; they are taken out of
 * argv, which is left holding the command and its own arguments. */
int cli_global_options(struct cli *cli, int argc, char **argv, struct cli_globals *g)
{
	const char **targets[N_VALUE_OPTIONS] = {&cli->db_path, &cli->config_path, &g->now, &g->lang,
						  &cli->actor};
	int out = 1, rest = 0;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		json_messages |= strcmp(argv[i], "--json") == 0; /* errors before it are JSON too */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (rest || strcmp(a, "--") == 0) {
			rest = 1;
			argv[out++] = argv[i];
			continue;
		}
		if (strcmp(a, "--json") == 0) {
			cli->json = 1;
			continue;
		}
		if (strcmp(a, "--version") == 0) {
			g->version = 1;
			break;
		}
		if (out == 1 && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			g->help = 1; /* printed once --lang is known */
			continue;
		}
		int k = value_option(a);
		if (k < 0 && out == 1 && a[0] == '-' && a[1]) { /* -x too: not a command */
			cli_fail(CD_EUSAGE, _("cdesk: unknown option '%s'\nTry 'cdesk --help'.\n"), a);
			return -1;
		}
		if (k < 0) {
			argv[out++] = argv[i];
			continue;
		}
		/* An empty value (an unset variable, say) is no value: --db ""
		   would open a throw-away database, --config "" the default. */
		if (i + 1 >= argc || !*argv[i + 1]) {
			cli_fail(CD_EUSAGE, _("cdesk: option '%s' needs a value\n"), a);
			return -1;
		}
		*targets[k] = argv[++i];
	}
	argv[out] = NULL;
	return out;
}

int cli_error(const struct cd_err *err)
{
	int code = err->code ? err->code : CD_EFAIL;
	if (json_messages) {
		say(code, NULL, err->msg);
		return code;
	}
	fprintf(stderr, "cdesk: %s\n", err->msg);
	return code;
}

/* A secret typed on the terminal without echo; NULL without a terminal. */
char *cli_ask_secret(const char *prompt)
{
	FILE *tty = fopen("/dev/tty", "r+");
	if (!tty)
		return NULL;
	struct termios old, quiet;
	int fd = fileno(tty), echo_off = tcgetattr(fd, &old) == 0;
	fputs(prompt, tty);
	fflush(tty);
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	char buf[256];
	char *r = fgets(buf, sizeof buf, tty) ? xstrdup(buf) : NULL;
	if (echo_off)
		tcsetattr(fd, TCSAFLUSH, &old);
	/* C wants a positioning call between reading and writing a stream. */
	fseek(tty, 0, SEEK_CUR);
	fputs("\n", tty);
	fclose(tty);
	if (r)
		r[strcspn(r, "\r\n")] = '\0';
	sodium_memzero(buf, sizeof buf);
	return r;
}

static int signin_pin(struct cli *cli, struct cd_err *err)
{
	const char *name = cli->actor ? cli->actor : getenv("CDESK_USER");
	const char *env_pin = getenv("CDESK_PIN");
	if (str_empty(name))
		return cd_fail(err, CD_EAUTH, _("sign in: give your name with --as NAME (or $CDESK_USER)"));
	if (!str_empty(env_pin))
		return desk_signin_pin(cli->desk, name, env_pin, "cli", err);
	char *prompt = xasprintf(_("PIN for %s: "), name);
	char *pin = cli_ask_secret(prompt);
	free(prompt);
	if (!pin)
		return cd_fail(err, CD_EAUTH, _("sign in: no terminal to ask the PIN on; set $CDESK_PIN"));
	int r = desk_signin_pin(cli->desk, name, pin, "cli", err);
	sodium_memzero(pin, strlen(pin));
	free(pin);
	return r;
}

/* Who is acting: setup mode takes the name given; then the sign-in mode
 * of the config decides. */
static int signin(struct cli *cli, struct cd_err *err)
{
	struct cd_desk *d = cli->desk;
	if (desk_in_setup(d))
		return desk_act_as(d, cli->actor, err);
	if (cli->system) {
		desk_act_as_system(d);
		return 0;
	}
	if (cli->cfg->auth.mode == AUTH_UNIX)
		return desk_signin_unix(d, cli->actor ? cli->actor : getenv("CDESK_USER"),
					cli->tui ? "tui" : "cli", err);
	/* The desk asks on its own screen unless the environment says. */
	if (cli->tui && (str_empty(getenv("CDESK_USER")) || str_empty(getenv("CDESK_PIN"))))
		return 0;
	return signin_pin(cli, err);
}

/* A command waiting for another desk's import says so once. */
static void waiting(void *ctx, const char *message)
{
	int *told = ctx;
	if (!*told)
		cli_warn("cdesk: %s\n", message);
	*told = 1;
}

int cli_open(struct cli *cli)
{
	static int told;
	struct cd_err err;
	char *path = NULL;
	if (cli->desk)
		return 0;
	if (!cli->cfg && !(cli->cfg = cli->loaded = desk_config_load(cli->config_path, &err)))
		return cli_error(&err);
	if (!cli->db_path && !(path = desk_default_db(&err)))
		return cli_error(&err);
	const char *where = cli->db_path ? cli->db_path : path;
	int r = desk_open(&cli->desk, cli->loaded, where, cli->actor, &err);
	if (!r && desk_created(cli->desk) && !cli->tui)
		cli_warn(_("cdesk: there was no database at %s: a new, empty one was made\n"), where);
	free(path);
	if (r)
		return cli_error(&err);
	cli->cfg = desk_config(cli->desk);
	if (!cli->tui)
		desk_on_wait(cli->desk, waiting, &told);
	if (desk_config_notice(cli->desk) && !cli->tui && !cli->applying)
		cli_warn("cdesk: %s\n", desk_config_notice(cli->desk));
	if (signin(cli, &err))
		return cli_error(&err);
	return 0;
}

int cli_id(const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	if (s && *s == '#')
		s++;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || errno || v <= 0) {
		cli_fail(CD_EUSAGE, _("cdesk: '%s' is not a complaint id (a positive number)\n"), s ? s : "");
		return -1;
	}
	*id = v;
	return 0;
}

int cli_time(struct cli *cli, const char *s, cd_time *t)
{
	struct cd_err err;
	if (cd_parse_time(s, cli->cfg ? cli->cfg->timezone : "Asia/Shanghai", t, &err)) {
		cli_fail(CD_EUSAGE, "cdesk: %s\n", err.msg); /* the callers exit with CD_EUSAGE */
		return -1;
	}
	return 0;
}

int cli_int(const char *what, const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi) {
		cli_fail(CD_EUSAGE, _("cdesk: %s must be a whole number from %d to %d, not '%s'\n"), what, lo, hi, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cli_money(const char *s, cd_money *out)
{
	char *end;
	if (!cd_money_parse(s, CD_MONEY_MAX_REMEDY, out, NULL))
		return 0;
	/* A number too large to be one (1e308): the desk says what the range is. */
	double v = strtod(s, &end);
	if (*s && !*end && v > 1e9 && v <= DBL_MAX) {
		*out = CD_MONEY_MAX_REMEDY + 1;
		return 0;
	}
	return -1;
}

const char *cli_label(const struct cd_list *l, const char *id)
{
	const struct cd_item *it = cd_list_find(l, id);
	return it ? cd_label_text(&it->name, it->id) : (id ? id : "");
}

json_t *cli_time_json(struct cli *cli, const struct cd_complaint *c, cd_time t)
{
	char buf[32];
	if (t == CD_TIME_NONE)
		return json_null();
	return json_string(cd_format_time(t, cd_site_tz(cli->cfg, c->site), buf));
}

json_t *cli_clock_json(struct cli *cli, const struct cd_complaint *c, const struct cd_clock *k)
{
	cd_time due, now = cd_now();
	enum cd_clock_status s = sla_status(cli->cfg, cd_site_tz(cli->cfg, c->site), k, now, &due);
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(k->kind));
	json_object_set_new(o, "seq", json_integer(k->seq));
	json_object_set_new(o, "label", json_string(sla_clock_label(cli->cfg, k)));
	json_object_set_new(o, "started", cli_time_json(cli, c, k->started));
	json_object_set_new(o, "due", cli_time_json(cli, c, due));
	json_object_set_new(o, "status", json_string(cd_clock_status_id(s)));
	json_object_set_new(o, "met_at", cli_time_json(cli, c, k->met));
	if (k->met != CD_TIME_NONE)
		json_object_set_new(o, "late", json_boolean(k->met > due));
	if (k->stopped != CD_TIME_NONE)
		json_object_set_new(o, "stopped_at", cli_time_json(cli, c, k->stopped));
	if (sla_is_open(k))
		json_object_set_new(o, "remaining_seconds", json_integer(due - now));
	if (k->ref)
		json_object_set_new(o, "promise_event", json_integer(k->ref));
	return o;
}

static void set_text(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

json_t *cli_complaint_json(struct cli *cli, const struct cd_complaint *c, const struct cd_clocks *k)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "state", json_string(cd_state_id(c->state)));
	for (size_t i = 0; i < cd_nfields; i++)
		set_text(o, cd_fields[i].name, *cd_field_ptr((struct cd_complaint *)c, &cd_fields[i]));
	json_object_set_new(o, "received", cli_time_json(cli, c, c->received_at));
	json_object_set_new(o, "updated", cli_time_json(cli, c, c->updated_at));
	json_object_set_new(o, "resolved", cli_time_json(cli, c, c->resolved_at));
	json_object_set_new(o, "closed", cli_time_json(cli, c, c->closed_at));
	json_object_set_new(o, "paused_since", cli_time_json(cli, c, c->paused_since));
	json_object_set_new(o, "escalation_level", json_integer(c->esc_level));
	set_text(o, "escalated_to", c->esc_role);
	json_object_set_new(o, "reopened", json_integer(c->reopen_count));
	if (k) {
		json_t *arr = json_array();
		for (size_t i = 0; i < k->n; i++)
			json_array_append_new(arr, cli_clock_json(cli, c, &k->v[i]));
		json_object_set_new(o, "clocks", arr);
	}
	return o;
}

void cli_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s) {
		puts(s);
		free(s);
	}
	json_decref(j);
}

/* A JSON array printed one element at a time, as cli_print_json would
 * print the whole array: a list of a million rows needs no more memory
 * than one. */
void cli_json_item(struct cli_json *w, json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	fputs(w->items++ ? ",\n" : "[\n", stdout);
	for (char *line = s, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		printf("  %.*s", nl ? (int)(nl - line + 1) : (int)strlen(line), line);
	}
	free(s);
}

void cli_json_end(struct cli_json *w)
{
	puts(w->items ? "\n]" : "[]");
}

void table_init(struct cli_table *t, int ncols, ...)
{
	va_list ap;
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	va_start(ap, ncols);
	for (int i = 0; i < ncols; i++)
		t->head[i] = va_arg(ap, const char *);
	va_end(ap);
}

void table_add(struct cli_table *t, ...)
{
	va_list ap;
	va_start(ap, t);
	for (int i = 0; i < t->ncols; i++) {
		const char *s = va_arg(ap, const char *);
		sl_push(&t->cells, s ? s : "");
	}
	va_end(ap);
}

void table_print(struct cli_table *t, FILE *out)
{
	int w[12] = {0};
	size_t rows = t->cells.n / (size_t)t->ncols;
	for (int c = 0; c < t->ncols; c++) {
		w[c] = text_width(t->head[c]);
		for (size_t r = 0; r < rows; r++) {
			int cw = text_width(t->cells.v[r * (size_t)t->ncols + (size_t)c]);
			if (cw > w[c])
				w[c] = cw > 40 ? 40 : cw;
		}
	}
	for (size_t r = 0; r <= rows; r++) {
		struct strbuf line;
		sb_init(&line);
		for (int c = 0; c < t->ncols; c++) {
			const char *s = r == 0 ? t->head[c] : t->cells.v[(r - 1) * (size_t)t->ncols + (size_t)c];
			text_fit(&line, s, w[c], c + 1 < t->ncols);
			if (c + 1 < t->ncols)
				sb_puts(&line, "  ");
		}
		fprintf(out, "%s\n", line.s ? line.s : "");
		sb_free(&line);
	}
	sl_free(&t->cells);
}
