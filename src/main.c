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
	struct cli_globals g = {0};
	struct cd_err err;

	memset(&cli, 0, sizeof cli);
	/* Past a file size limit (ulimit -f) a write fails and SQLite rolls
	   back, as on a full disk; the signal would kill the process first. */
	signal(SIGXFSZ, SIG_IGN);
	const char *env_lang = getenv("CDESK_LANG");
	if (str_empty(env_lang))
		env_lang = NULL;
	cd_i18n_init(env_lang);
	argc = cli_global_options(&cli, argc, argv, &g);
	if (argc < 0)
		return CD_EUSAGE;
	if (g.version) {
		printf("cdesk %s\n", CDESK_VERSION);
		return 0;
	}
	const char *now = g.now, *lang = g.lang;
	int cmd_at = 1;
	if (lang) {
		if (strcmp(lang, "zh_CN") != 0 && strcmp(lang, "en") != 0) {
			return cli_fail(CD_EUSAGE, _("cdesk: --lang takes zh_CN or en, not '%s'\n"), lang);
		}
		cd_i18n_init(lang);
	}
	if (g.help) {
		cli_usage(stdout);
		return 0;
	}
	const struct cli_command *cmd = NULL;
	if (cmd_at < argc && !(cmd = cli_find(argv[cmd_at]))) {
		return cli_fail(CD_EUSAGE, _("cdesk: unknown command '%s'\nTry 'cdesk --help'.\n"), argv[cmd_at]);
	}
	/* 'config' loads (and reports on) the configuration itself;
	   'completion' (run at build time too) needs none. */
	int rc;
	if (!cmd || (strcmp(cmd->name, "config") != 0 && strcmp(cmd->name, "completion") != 0)) {
		if (!(cli.cfg = cli.loaded = desk_config_load(cli.config_path, &err)))
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
			rc = tui_run(cli.desk, cli.cfg);
	}
	struct cd_err ferr;
	fflush(stdout); /* the answer first, whatever the audit trail waits for */
	if (desk_flush(cli.desk, &ferr)) {
		cli_fail(ferr.code, _("cdesk: the audit trail could not be written: %s\n"), ferr.msg);
		if (!rc)
			rc = ferr.code;
	}
	desk_close(cli.desk);
	cd_config_free(cli.loaded);
	return rc;
}
