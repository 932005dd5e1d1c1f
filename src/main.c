/* cdesk: parse the global options, then run a command or open the desk. */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "cdesk/i18n.h"
#include "tui/tui.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#ifndef CDESK_VERSION
#define CDESK_VERSION "dev"
#endif

/* Global options may stand anywhere before "--"; they are taken out of
 * argv, which is left holding the command and its own arguments. Returns
 * the new argc, or -1 after an error. */
static int want_help;

static int global_options(struct cli *cli, int argc, char **argv, const char **now, const char **lang)
{
	int out = 1, rest = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **target = NULL;
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
			printf("cdesk %s\n", CDESK_VERSION);
			exit(0);
		}
		if (out == 1 && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			want_help = 1; /* printed once --lang is known */
			continue;
		}
		if (strcmp(a, "--db") == 0)
			target = &cli->db_path;
		else if (strcmp(a, "--config") == 0)
			target = &cli->config_path;
		else if (strcmp(a, "--now") == 0)
			target = now;
		else if (strcmp(a, "--lang") == 0)
			target = lang;
		else if (strcmp(a, "--as") == 0)
			target = &cli->actor;
		else if (out == 1 && strncmp(a, "--", 2) == 0) {
			cli_warn(_("cdesk: unknown option '%s'\nTry 'cdesk --help'.\n"), a);
			return -1;
		}
		if (!target) {
			argv[out++] = argv[i];
			continue;
		}
		/* An empty value (an unset variable, say) is no value: --db ""
		   would open a throw-away database, --config "" the default. */
		if (i + 1 >= argc || !*argv[i + 1]) {
			cli_warn(_("cdesk: option '%s' needs a value\n"), a);
			return -1;
		}
		*target = argv[++i];
	}
	argv[out] = NULL;
	return out;
}

static int pin_now(struct cli *cli, const char *now)
{
	cd_time t;
	if (str_empty(now))
		now = getenv("CDESK_NOW");
	if (!now || !*now)
		return 0;
	if (*now == '@') {
		struct cd_err err;
		if (cd_now_follow(now + 1, cli->cfg ? cli->cfg->timezone : "Asia/Shanghai", &err))
			return cli_error(&err), -1;
		return 0;
	}
	if (cli_time(cli, now, &t))
		return -1;
	cd_now_pin(t);
	return 0;
}

int main(int argc, char **argv)
{
	struct cli cli;
	const char *now = NULL, *lang = NULL;
	struct cd_err err;

	memset(&cli, 0, sizeof cli);
	/* Past a file size limit (ulimit -f) a write fails and SQLite rolls
	   back, as on a full disk; the signal would kill the process first. */
	signal(SIGXFSZ, SIG_IGN);
	const char *env_lang = getenv("CDESK_LANG");
	if (str_empty(env_lang))
		env_lang = NULL;
	cd_i18n_init(env_lang);
	argc = global_options(&cli, argc, argv, &now, &lang);
	if (argc < 0)
		return CD_EUSAGE;
	int cmd_at = 1;
	if (lang) {
		if (strcmp(lang, "zh_CN") != 0 && strcmp(lang, "en") != 0) {
			cli_warn(_("cdesk: --lang takes zh_CN or en, not '%s'\n"), lang);
			return CD_EUSAGE;
		}
		cd_i18n_init(lang);
	}
	if (want_help) {
		cli_usage(stdout);
		return 0;
	}
	const struct cli_command *cmd = NULL;
	if (cmd_at < argc && !(cmd = cli_find(argv[cmd_at]))) {
		cli_warn(_("cdesk: unknown command '%s'\nTry 'cdesk --help'.\n"), argv[cmd_at]);
		return CD_EUSAGE;
	}
	/* 'config' loads (and reports on) the configuration itself. */
	int rc;
	if (!cmd || strcmp(cmd->name, "config") != 0) {
		if (!(cli.cfg = cd_config_load(cli.config_path, &err)))
			return cli_error(&err);
		if (!lang && !env_lang && cli.cfg->language)
			cd_i18n_init(cli.cfg->language);
	}
	if (pin_now(&cli, now))
		rc = CD_EUSAGE;
	else if (cmd)
		rc = cmd->run(&cli, argc - cmd_at, argv + cmd_at);
	else {
		cli.tui = 1;
		if (!(rc = cli_open(&cli)))
			rc = tui_run(&cli.desk, cli.cfg);
	}
	if (cli.desk_open)
		desk_close(&cli.desk);
	cd_config_free(cli.cfg);
	return rc;
}
