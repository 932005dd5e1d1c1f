/* The command line: a table of commands, each with a declarative option
 * table from which its --help is generated. Thin: all logic is in the desk. */
#ifndef CDESK_CLI_H
#define CDESK_CLI_H

#include <stdio.h>
#include <jansson.h>
#include "cdesk/complaint.h"
#include "cdesk/config.h"
#include "cdesk/desk.h"

/* Global options and what they opened. */
struct cli {
	const char *db_path;      /* --db */
	const char *config_path;  /* --config */
	const char *actor;        /* --as */
	int json;                 /* --json */
	int tui;                  /* opening the desk: a PIN is asked on its own screen */
	int system;               /* the command is the desk's own work (sweep): no sign-in */
	int applying;             /* config apply: the file is to replace the database's */
	struct cd_config *loaded; /* the configuration file found (or built in), freed at the end */
	const struct cd_config *cfg; /* the one followed: loaded, then the database's once open */
	struct cd_desk *desk;     /* once cli_open has opened it */
};

/* What the global options ask for besides the fields of struct cli. */
struct cli_globals {
	const char *now;          /* --now */
	const char *lang;         /* --lang */
	int help;                 /* --help before the command */
	int version;              /* --version: print it and stop */
};
/* Take the global options out of argv (argv[argc] must exist), leaving the
 * command and its own arguments, NULL-terminated; parsing stops at
 * --version. Those after the command are read against its option table,
 * so that an option's value is never taken for a global option. Returns
 * the new argc, or -1 after printing an error. */
int cli_global_options(struct cli *cli, int argc, char **argv, struct cli_globals *g);

/* One option of a command: str takes its value, flag is set by a bare option. */
struct cli_opt {
	const char *name;         /* long name without "--" */
	const char *arg;          /* argument placeholder, NULL for a flag */
	const char *help;         /* translated at print time */
	const char **str;
	int *flag;
};

/* The global options (no str/flag: cli_global_options fills struct cli
 * and struct cli_globals), NULL-terminated. */
extern const struct cli_opt cli_global_opts[];

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *args;         /* positional arguments for usage */
	const char *summary;
};

/* All commands, NULL-terminated; defined in cli.c. */
extern const struct cli_command cli_commands[];
const struct cli_command *cli_find(const char *name);
/* Print the list of commands. */
void cli_usage(FILE *out);
/* A command's option table as the command declares it (str and flag
 * NULL), without running it: the command is called with --help while
 * cli_parse only records the table it is given. So every command must
 * call cli_parse before it does anything. Returns how many, at most max. */
size_t cli_command_options(const struct cli_command *cmd, struct cli_opt *out, size_t max);

/* Parse argv (argv[0] is the command name) against opts; positional
 * arguments are left in pos (pos[0..*npos)). Prints help and returns 1 on
 * --help; returns -1 after printing an error on bad usage; 0 otherwise. */
int cli_parse(const struct cli_command *cmd, const struct cli_opt *opts, int argc, char **argv,
	      char **pos, int maxpos, int *npos);

/* Open the config and the database (once). Prints the error and returns
 * the exit code on failure, 0 on success. */
int cli_open(struct cli *cli);
/* Where the database is: --db, else $CDESK_DB, else the configuration's
 * database, else the default file (NULL after filling err). */
char *cli_where(const struct cli *cli, struct cd_err *err);
/* A secret typed on the terminal without echo (NULL without one). */
char *cli_ask_secret(const char *prompt);
/* Messages on stderr, with the values they quote made safe to show (see
 * cd_printable). Under --json each is one line of JSON instead, so that a
 * script reads them as it reads the answer:
 *   {"error": {"kind": "input", "exit": 7, "message": "…"}}
 *   {"warning": {"message": "…"}}
 * A text message is given as "cdesk: …\n"; the JSON one drops both, and
 * keeps lines after the first as "hint". */
/* Report err; returns its exit code. */
int cli_error(const struct cd_err *err);
/* An error of exit code code (printf-style); returns code. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A warning: the command goes on. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error for cmd: prints it and returns CD_EUSAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parsing helpers: each prints a clear error and returns -1 on bad input. */
int cli_id(const char *s, int64_t *id);
int cli_time(struct cli *cli, const char *s, cd_time *t);
int cli_int(const char *what, const char *s, int lo, int hi, int *out);
/* An amount in yuan (cd_money_parse); one too large to give is passed on
 * for the desk to refuse. -1 (nothing printed) when s is not an amount. */
int cli_money(const char *s, cd_money *out);

/* Output helpers. */
json_t *cli_complaint_json(struct cli *cli, const struct cd_complaint *c, const struct cd_clocks *k);
json_t *cli_clock_json(struct cli *cli, const struct cd_complaint *c, const struct cd_clock *k);
json_t *cli_time_json(struct cli *cli, const struct cd_complaint *c, cd_time t);
void cli_print_json(json_t *j); /* prints and releases j */
struct cli_json {
	size_t items;
};
void cli_json_item(struct cli_json *w, json_t *o); /* prints and releases o */
void cli_json_end(struct cli_json *w);
/* The label of an id in a config list, for humans. */
const char *cli_label(const struct cd_list *l, const char *id);

/* A simple table: columns sized by display width. */
struct cli_table {
	int ncols;
	const char *head[12];
	struct strlist cells;     /* row-major */
};
void table_init(struct cli_table *t, int ncols, ...);
void table_add(struct cli_table *t, ...); /* ncols strings */
void table_print(struct cli_table *t, FILE *out);

/* Commands (one group per file). */
int cmd_new(struct cli *cli, int argc, char **argv);
int cmd_notify(struct cli *cli, int argc, char **argv);
/* A message of the outbox as JSON (cmd_notify.c). */
json_t *cli_message_json(struct cli *cli, const struct cd_message *m);
int cmd_approve(struct cli *cli, int argc, char **argv);
int cmd_refuse(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_whoami(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_purge(struct cli *cli, int argc, char **argv);
int cmd_db(struct cli *cli, int argc, char **argv);
int cmd_update(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_due(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_step(struct cli *cli, int argc, char **argv);
int cmd_contact(struct cli *cli, int argc, char **argv);
int cmd_feedback(struct cli *cli, int argc, char **argv);
int cmd_promise(struct cli *cli, int argc, char **argv);
int cmd_pause(struct cli *cli, int argc, char **argv);
int cmd_resume(struct cli *cli, int argc, char **argv);
int cmd_assign(struct cli *cli, int argc, char **argv);
int cmd_escalate(struct cli *cli, int argc, char **argv);
int cmd_reopen(struct cli *cli, int argc, char **argv);
int cmd_withdraw(struct cli *cli, int argc, char **argv);
int cmd_note(struct cli *cli, int argc, char **argv);
int cmd_remedy(struct cli *cli, int argc, char **argv);
int cmd_satisfaction(struct cli *cli, int argc, char **argv);
int cmd_cause(struct cli *cli, int argc, char **argv);
int cmd_measure(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_sweep(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_completion(struct cli *cli, int argc, char **argv);

#endif
