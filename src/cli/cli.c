/* Command table, option parsing, opening the desk, shared output. */
#define _GNU_SOURCE
#include "cli.h"
#include "cdesk/i18n.h"
#include "cdesk/sla.h"
#include "cdesk/text.h"

#include <errno.h>
#include <float.h>
#include <getopt.h>
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
	{"report", cmd_report, "[rebuild [--check]]", N_("the monthly complaint analysis as text, Markdown, HTML, CSV or JSON")},
	{"sweep", cmd_sweep, "", N_("record every escalation now due (for cron)")},
	{"notify", cmd_notify, "", N_("send the messages now due: warnings, escalations, digests, reports (for cron)")},
	{"messages", cmd_messages, "", N_("the messages sent to you (and, with --sites, about your sites) and their state")},
	{"config", cmd_config, "check [FILE] | show | apply [FILE]",
	 N_("validate, print, or make the database follow a configuration")},
	{"export", cmd_export, "", N_("export complaints as CSV or JSON")},
	{"import", cmd_import, "FILE.csv", N_("import complaints from CSV (all or nothing)")},
	{"user", cmd_user, "add|list|set|passwd|disable|enable|unlock NAME", N_("manage the people who use the desk")},
	{"whoami", cmd_whoami, "", N_("who is signed in, with which role, sites and permissions")},
	{"audit", cmd_audit, "verify | list", N_("verify the hash chains or list the audit trail")},
	{"purge", cmd_purge, "--closed-before DATE", N_("remove personal data of complaints closed before DATE")},
	{"db", cmd_db, "copy --to DB", N_("copy the whole desk into a new database (another file, or PostgreSQL)")},
	{"demo", cmd_demo, "", N_("fill the database with realistic demo complaints")},
	{"completion", cmd_completion, "bash|zsh", N_("print the shell completion script for bash or zsh")},
	{NULL, NULL, NULL, NULL},
};

/* The global options, in the order --help lists them (enum global). */
enum global { G_DB, G_CONFIG, G_NOW, G_LANG, G_AS, G_JSON, G_VERSION, G_HELP };
const struct cli_opt cli_global_opts[] = {
	[G_DB] = {"db", "DB", N_("the database: a file or postgresql://… (default $CDESK_DB, the configuration's database, $XDG_DATA_HOME/cdesk/cdesk.db)"), NULL, NULL},
	[G_CONFIG] = {"config", "FILE", N_("the configuration (default: see 'cdesk config show')"), NULL, NULL},
	[G_NOW] = {"now", "TIME", N_("act as if it were TIME (ISO 8601); also $CDESK_NOW"), NULL, NULL},
	[G_LANG] = {"lang", "LANG", N_("zh_CN or en (default: from the locale)"), NULL, NULL},
	[G_AS] = {"as", "USER", N_("who is acting (default $CDESK_USER or the login name)"), NULL, NULL},
	[G_JSON] = {"json", NULL, N_("machine-readable output"), NULL, NULL},
	[G_VERSION] = {"version", NULL, N_("print the version"), NULL, NULL},
	[G_HELP] = {"help", NULL, N_("this help; 'cdesk COMMAND --help' for a command"), NULL, NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* One line of an option list: "  --name ARG" in width columns, then its help. */
static void option_line(FILE *out, const struct cli_opt *o, int width)
{
	struct strbuf left, pad;
	sb_init(&left);
	sb_init(&pad);
	sb_printf(&left, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	text_fit(&pad, left.s, width, 1);
	fprintf(out, "  %s %s\n", pad.s, _(o->help));
	sb_free(&left);
	sb_free(&pad);
}

void cli_usage(FILE *out)
{
	fputs(_("Usage: cdesk [OPTIONS] [COMMAND [ARGS]]\n"
		"With no command, cdesk opens the desk.\n\n"), out);
	fprintf(out, "%s\n", _("Options:"));
	for (const struct cli_opt *o = cli_global_opts; o->name; o++)
		option_line(out, o, 16);
	fprintf(out, "\n%s\n", _("Commands:"));
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
	for (const struct cli_opt *o = opts; o->name; o++)
		option_line(out, o, 24);
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

/* Parsing ------------------------------------------------------------------
 * getopt_long, with tables built from the cli_opt tables, reads every
 * command line: the global options before the command, then the command's
 * words against its own options and the global ones together, so that an
 * option's value is never taken for an option (--description --json is a
 * description), then the command's own words once more when the command
 * parses them. Option k of a table comes back as OPT_BASE + k. */
#define OPT_BASE 256
#define MAX_OPTS 64

static int longopts(struct option *lo, const struct cli_opt *a, const struct cli_opt *b)
{
	int n = 0;
	const struct cli_opt *lists[2] = {a, b};
	for (int l = 0; l < 2; l++)
		for (const struct cli_opt *o = lists[l]; o && o->name && n < MAX_OPTS; o++, n++)
			lo[n] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, OPT_BASE + n};
	lo[n] = (struct option){NULL, 0, NULL, 0};
	return n;
}

/* What one step of getopt_long found. */
enum word { W_END, W_ARG, W_OPT, W_HELP, W_UNKNOWN, W_NOVAL, W_NEEDVAL };
struct walk {
	int argc;
	char **argv;
	const struct option *lo;
	int at;          /* the word it began at (W_END: where the options stopped) */
	int opt;         /* W_OPT, W_NOVAL, W_NEEDVAL: the option; W_UNKNOWN: a short one's letter, or 0 */
	const char *val; /* W_OPT: its value (NULL for a flag); W_ARG: the word */
	int dashdash;    /* W_END at "--": the index after it */
};

static void walk_start(struct walk *w, int argc, char **argv, const struct option *lo)
{
	*w = (struct walk){argc, argv, lo, 0, 0, NULL, 0};
	optind = 0; /* glibc: start afresh */
	opterr = 0;
}

/* Is argv[at] the option named in full? getopt_long would take any
 * unambiguous beginning of a name (--desc); cdesk takes whole names only. */
static int whole_name(const struct walk *w, int at, int opt)
{
	const char *word = w->argv[at], *name = w->lo[opt].name;
	size_t n = strlen(name);
	return strncmp(word, "--", 2) == 0 && strncmp(word + 2, name, n) == 0 && (!word[2 + n] || word[2 + n] == '=');
}

/* optstring: "-:h" reads every word in order (the command's), "+:h" stops
 * at the first that is not an option (the command itself). */
static enum word walk_next(struct walk *w, const char *optstring)
{
	int at = optind > 0 ? optind : 1;
	int c = getopt_long(w->argc, w->argv, optstring, w->lo, NULL);
	w->at = at;
	w->val = NULL;
	if (c == -1) {
		if (at < w->argc && strcmp(w->argv[at], "--") == 0)
			w->dashdash = at + 1;
		w->at = w->dashdash ? at : optind;
		return W_END;
	}
	if (c == 1) {
		w->val = optarg;
		return W_ARG;
	}
	if (c == 'h')
		return W_HELP;
	int opt = c >= OPT_BASE ? c - OPT_BASE : optopt >= OPT_BASE ? optopt - OPT_BASE : -1;
	if (opt >= 0 && !whole_name(w, at, opt)) {
		w->opt = 0;
		return W_UNKNOWN;
	}
	w->opt = opt >= 0 ? opt : optopt;
	if (c >= OPT_BASE) {
		w->val = optarg;
		return W_OPT;
	}
	if (c == ':')
		return W_NEEDVAL;
	return opt >= 0 ? W_NOVAL : W_UNKNOWN;
}

/* While cli_command_options runs a command, cli_parse only records its
 * table. */
static struct capture {
	struct cli_opt *out;
	size_t max, n;
} *capturing;

size_t cli_command_options(const struct cli_command *cmd, struct cli_opt *out, size_t max)
{
	struct capture c = {out, max, 0};
	struct cli scratch;
	char name[32], help[] = "--help";
	snprintf(name, sizeof name, "%s", cmd->name);
	char *argv[] = {name, help, NULL};
	memset(&scratch, 0, sizeof scratch);
	capturing = &c;
	cmd->run(&scratch, 2, argv);
	capturing = NULL;
	return c.n;
}

/* The word of an unknown option, as the user wrote it up to any "=". */
static int unknown_option(const struct cli_command *cmd, const struct walk *w)
{
	const char *word = w->argv[w->at];
	if (w->opt && strncmp(word, "--", 2) != 0)
		return cli_usage_error(cmd, _("unknown option '-%c'"), w->opt);
	const char *name = word + (strncmp(word, "--", 2) == 0 ? 2 : 0);
	return cli_usage_error(cmd, _("unknown option '--%.*s'"), (int)strcspn(name, "="), name);
}

int cli_parse(const struct cli_command *cmd, const struct cli_opt *opts, int argc, char **argv,
	      char **pos, int maxpos, int *npos)
{
	*npos = 0;
	if (capturing) {
		for (const struct cli_opt *o = opts; o && o->name && capturing->n < capturing->max; o++)
			capturing->out[capturing->n++] = (struct cli_opt){o->name, o->arg, o->help, NULL, NULL};
		return 1;
	}
	static const struct cli_opt help[] = {{"help", NULL, NULL, NULL, NULL}, {NULL, NULL, NULL, NULL, NULL}};
	struct option lo[MAX_OPTS + 1];
	struct walk w;
	int nhelp = longopts(lo, opts, help) - 1; /* --help comes after the command's own */
	walk_start(&w, argc, argv, lo);
	for (;;) {
		switch (walk_next(&w, "-:h")) {
		case W_END:
			for (int i = w.dashdash ? w.dashdash : argc; i < argc; i++) {
				if (*npos >= maxpos)
					return cli_usage_error(cmd, _("too many arguments")), -1;
				pos[(*npos)++] = argv[i];
			}
			return 0;
		case W_HELP:
			command_help(cmd, opts, stdout);
			return 1;
		case W_ARG:
			if (*npos >= maxpos)
				return cli_usage_error(cmd, _("unexpected argument '%s'"), w.val), -1;
			pos[(*npos)++] = argv[w.at];
			break;
		case W_OPT:
			if (w.opt == nhelp) {
				command_help(cmd, opts, stdout);
				return 1;
			}
			if (opts[w.opt].arg)
				*opts[w.opt].str = w.val;
			else
				*opts[w.opt].flag = 1;
			break;
		case W_NEEDVAL:
			return cli_usage_error(cmd, _("option '--%s' needs a value (%s)"), opts[w.opt].name,
					       opts[w.opt].arg), -1;
		case W_NOVAL:
			return cli_usage_error(cmd, _("option '--%s' takes no value"), lo[w.opt].name), -1;
		case W_UNKNOWN:
			return unknown_option(cmd, &w), -1;
		}
	}
}

/* A global option found: into cli or g. Returns -1 after an error. */
static int take_global(struct cli *cli, struct cli_globals *g, int k, const char *val)
{
	const char **targets[] = {[G_DB] = &cli->db_path, [G_CONFIG] = &cli->config_path, [G_NOW] = &g->now,
				  [G_LANG] = &g->lang, [G_AS] = &cli->actor};
	char name[16];
	snprintf(name, sizeof name, "--%s", cli_global_opts[k].name);
	switch (k) {
	case G_JSON:
		cli->json = 1;
		return 0;
	case G_VERSION:
		g->version = 1;
		return 0;
	case G_HELP:
		g->help = 1;
		return 0;
	default:
		/* An empty value (an unset variable, say) is no value: --db ""
		   would open a throw-away database, --config "" the default. */
		if (str_empty(val)) {
			cli_fail(CD_EUSAGE, _("cdesk: option '%s' needs a value\n"), name);
			return -1;
		}
		*targets[k] = val;
		return 0;
	}
}

/* A global option misused: a value it lacks or one it does not take. */
static int global_misuse(enum word k, int opt)
{
	char name[16];
	snprintf(name, sizeof name, "--%s", cli_global_opts[opt].name);
	if (k == W_NEEDVAL)
		cli_fail(CD_EUSAGE, _("cdesk: option '%s' needs a value\n"), name);
	else
		cli_fail(CD_EUSAGE, _("cdesk: option '%s' takes no value\n"), name);
	return -1;
}

/* The global options among a command's words (argv[0] is the command),
 * read against its options and the global ones: taken out of argv with
 * their values, the rest left in order for the command, whose own
 * mistakes it reports itself. Returns the new argc, or -1. */
static int command_globals(struct cli *cli, struct cli_globals *g, const struct cli_command *cmd, int argc,
			   char **argv)
{
	struct cli_opt own[MAX_OPTS + 1];
	struct option lo[MAX_OPTS + 1];
	struct walk w;
	size_t n = cli_command_options(cmd, own, MAX_OPTS / 2);
	own[n] = (struct cli_opt){NULL, NULL, NULL, NULL, NULL};
	longopts(lo, own, cli_global_opts);
	char *keep = xcalloc((size_t)argc + 1, 1);
	memset(keep, 1, (size_t)argc);
	int rc = 0;
	walk_start(&w, argc, argv, lo);
	for (enum word k; !g->version && (k = walk_next(&w, "-:h")) != W_END;) {
		if (k != W_OPT && k != W_NOVAL && k != W_NEEDVAL)
			continue;
		if (w.opt < (int)n || w.opt - (int)n == G_HELP) /* the command's, and its --help */
			continue;
		if (k != W_OPT || take_global(cli, g, w.opt - (int)n, w.val)) {
			rc = k != W_OPT ? global_misuse(k, w.opt - (int)n) : -1;
			break;
		}
		keep[w.at] = 0;
		if (optind == w.at + 2) /* the value was the next word */
			keep[w.at + 1] = 0;
	}
	int out = 0;
	for (int i = 0; i < argc; i++)
		if (keep[i])
			argv[out++] = argv[i];
	argv[out] = NULL;
	free(keep);
	return rc ? rc : out;
}

/* The global options before the command, then those among its words. */
int cli_global_options(struct cli *cli, int argc, char **argv, struct cli_globals *g)
{
	struct option lo[MAX_OPTS + 1];
	struct walk w;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		json_messages |= strcmp(argv[i], "--json") == 0; /* errors before it is read are JSON too */
	longopts(lo, cli_global_opts, NULL);
	walk_start(&w, argc, argv, lo);
	for (enum word k; (k = walk_next(&w, "+:h")) != W_END;) {
		if (k == W_HELP)
			k = W_OPT, w.opt = G_HELP;
		if (k == W_UNKNOWN) { /* -x too: not a command */
			cli_fail(CD_EUSAGE, _("cdesk: unknown option '%s'\nTry 'cdesk --help'.\n"), argv[w.at]);
			return -1;
		}
		if (k != W_OPT)
			return global_misuse(k, w.opt);
		if (take_global(cli, g, w.opt, w.val))
			return -1;
		if (g->version) {
			argv[1] = NULL;
			return 1;
		}
	}
	/* The command (or "--", which is none) becomes argv[1]. */
	int out = 1;
	for (int i = w.at; i < argc; i++)
		argv[out++] = argv[i];
	argv[out] = NULL;
	const struct cli_command *cmd = out > 1 ? cli_find(argv[1]) : NULL;
	int n = cmd ? command_globals(cli, g, cmd, out - 1, argv + 1) : out - 1;
	if (n < 0)
		return -1;
	json_messages = cli->json;
	return n + 1;
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

char *cli_where(const struct cli *cli, struct cd_err *err)
{
	const char *env = getenv("CDESK_DB");
	if (cli->db_path)
		return xstrdup(cli->db_path);
	if (!str_empty(env))
		return xstrdup(env);
	if (cli->loaded && cli->loaded->database)
		return xstrdup(cli->loaded->database);
	return desk_default_db(err);
}

int cli_open(struct cli *cli)
{
	static int told;
	struct cd_err err = {0};
	if (cli->desk)
		return 0;
	if (!cli->cfg && !(cli->cfg = cli->loaded = desk_config_load(cli->config_path, &err)))
		return cli_error(&err);
	char *path = cli_where(cli, &err);
	if (!path)
		return cli_error(&err);
	const char *where = path;
	int r = desk_open(&cli->desk, cli->loaded, where, cli->actor, &err);
	if (!r && desk_created(cli->desk) && !cli->tui) {
		char *said = desk_created_words(cli->desk, 1);
		cli_warn("%s", said);
		free(said);
	}
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
