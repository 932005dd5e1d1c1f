/* Where the configuration comes from: --config, $CDESK_CONFIG, the
 * user's file, the system's, or the one built in; read whole and parsed by
 * cd_config_parse. A file anyone may write is not trusted. */
#include "cdesk/desk.h"
#include "cdesk/i18n.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CDESK_SYSCONFDIR
#define CDESK_SYSCONFDIR "/etc" /* the Makefile passes its SYSCONFDIR */
#endif

static char *read_file(const char *path, size_t *len, struct cd_err *err)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb;
	char buf[8192];
	size_t n;
	if (!f) {
		cd_fail(err, CD_ECONFIG, _("%s: cannot read the configuration: %s"), path, strerror(errno));
		return NULL;
	}
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		sb_add(&sb, buf, n);
		if (sb.len > (size_t)4 * 1024 * 1024) {
			fclose(f);
			sb_free(&sb);
			cd_fail(err, CD_ECONFIG, _("%s: the configuration is larger than 4 MiB"), path);
			return NULL;
		}
	}
	fclose(f);
	*len = sb.len;
	return sb_steal(&sb);
}

struct cd_config *desk_config_load_file(const char *path, struct cd_err *err)
{
	size_t len = 0;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		cd_fail(err, CD_ECONFIG, _("%s: is a directory, not a configuration file"), path);
		return NULL;
	}
	/* Roles, limits and sign-in live here: anyone who could write it
	 * could give themselves any authority. */
	if (stat(path, &st) == 0 && (st.st_mode & S_IWOTH)) {
		cd_fail(err, CD_ECONFIG, _("%s: anyone may write this file (mode %04o), so cdesk will not trust it; "
					   "run chmod o-w %s"), path, (unsigned)(st.st_mode & 07777), path);
		return NULL;
	}
	char *text = read_file(path, &len, err);
	if (!text)
		return NULL;
	struct cd_config *c = cd_config_parse(text, len, path, err);
	free(text);
	return c;
}

struct cd_config *desk_config_load(const char *explicit_path, struct cd_err *err)
{
	if (!str_empty(explicit_path))
		return desk_config_load_file(explicit_path, err);
	const char *env = getenv("CDESK_CONFIG");
	if (env && *env)
		return desk_config_load_file(env, err);
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *user = NULL;
	if (!str_empty(xdg))
		user = xasprintf("%s/cdesk/config.yaml", xdg);
	else if (!str_empty(home))
		user = xasprintf("%s/.config/cdesk/config.yaml", home);
	const char *candidates[] = {user, CDESK_SYSCONFDIR "/cdesk/config.yaml"};
	for (size_t i = 0; i < 2; i++) {
		if (candidates[i] && access(candidates[i], F_OK) == 0) {
			struct cd_config *c = desk_config_load_file(candidates[i], err);
			free(user);
			return c;
		}
	}
	free(user);
	return cd_config_parse(cd_default_config, strlen(cd_default_config), "<built-in>", err);
}

