/* Who and where by default: the acting user's name and the database's
 * place under the XDG data directory. */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/i18n.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_p(const char *dir, struct cd_err *err)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, 0700) && errno != EEXIST)
		goto fail;
	free(p);
	return 0;
fail:
	cd_fail(err, CD_EDB, _("cannot create the directory %s: %s"), p, strerror(errno));
	free(p);
	return -1;
}

char *desk_default_db(struct cd_err *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *dir;
	if (!str_empty(xdg))
		dir = xasprintf("%s/cdesk", xdg);
	else if (!str_empty(home))
		dir = xasprintf("%s/.local/share/cdesk", home);
	else {
		cd_fail(err, CD_EDB, _("neither XDG_DATA_HOME nor HOME is set; give the database with --db"));
		return NULL;
	}
	if (mkdir_p(dir, err)) {
		free(dir);
		return NULL;
	}
	char *path = xasprintf("%s/cdesk.db", dir);
	free(dir);
	return path;
}

int desk_db_exists(const char *where)
{
	return store_exists(where);
}

char *desk_default_actor(void)
{
	const char *u = getenv("CDESK_USER");
	if (!str_empty(u))
		return xstrdup(u);
	struct passwd *pw = getpwuid(getuid());
	if (pw && !str_empty(pw->pw_name))
		return xstrdup(pw->pw_name);
	u = getenv("USER");
	return xstrdup(!str_empty(u) ? u : "unknown");
}

char *desk_system_login(void)
{
	/* sudo -u cdesk: the person is who ran sudo. */
	const char *sudo = getenv("SUDO_USER");
	const char *uid = getenv("SUDO_UID");
	if (!str_empty(sudo) && uid && *uid) {
		/* A SUDO_UID that is not a whole uid is not sudo's: ignore it. */
		char *end;
		long n = strtol(uid, &end, 10);
		if (*end == '\0' && n >= 0 && (uid_t)n == n && (uid_t)n != getuid())
			return xstrdup(sudo);
	}
	struct passwd *pw = getpwuid(getuid());
	return xstrdup(pw && !str_empty(pw->pw_name) ? pw->pw_name : "?");
}

