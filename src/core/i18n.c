/* Locale and catalogue set-up. The catalogue is looked up next to the
 * executable first (a build tree), then in the installed LOCALEDIR. */
#define _GNU_SOURCE
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* GNU gettext's counter of catalogue changes: bumping it makes gettext
 * look the messages up again after the language changes. */
extern int _nl_msg_cat_cntr;

static char lang_in_use[8] = "en";

const char *cd_lang(void) { return lang_in_use; }

static const char *env_lang(void)
{
	static const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (!str_empty(v))
			return v;
	}
	return "en";
}

static char *find_localedir(void)
{
	const char *env = getenv("CDESK_LOCALEDIR");
	if (!str_empty(env))
		return xstrdup(env);
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* ./cdesk finds build/locale; a binary in a build tree its own. */
			static const char *const rel[] = {"build/locale", "locale"};
			for (size_t i = 0; i < 2; i++) {
				char *dir = xasprintf("%s/%s", exe, rel[i]);
				char *mo = xasprintf("%s/zh_CN/LC_MESSAGES/cdesk.mo", dir);
				int ok = access(mo, R_OK) == 0;
				free(mo);
				if (ok)
					return dir;
				free(dir);
			}
		}
	}
	return xstrdup(LOCALEDIR);
}

void cd_i18n_init(const char *lang)
{
	static int bound;
	if (!lang)
		lang = env_lang();
	snprintf(lang_in_use, sizeof lang_in_use, "%s",
		 strncmp(lang, "zh", 2) == 0 ? "zh_CN" : "en");

	/* Text is UTF-8 whatever the user's locale is generated as. */
	if (!setlocale(LC_ALL, "") || strcmp(setlocale(LC_CTYPE, NULL), "C") == 0 ||
	    strcmp(setlocale(LC_CTYPE, NULL), "POSIX") == 0)
		setlocale(LC_ALL, "C.UTF-8");
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (!msgs || strcmp(msgs, "C") == 0 || strcmp(msgs, "POSIX") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	/* LANGUAGE wins over the locale in GNU gettext; it lets zh_CN text show
	 * on a machine that has no zh_CN locale generated. */
	setenv("LANGUAGE", lang_in_use, 1);
	if (!bound) {
		char *dir = find_localedir();
		bindtextdomain("cdesk", dir);
		bind_textdomain_codeset("cdesk", "UTF-8");
		textdomain("cdesk");
		free(dir);
		bound = 1;
	}
	/* Tell gettext the language changed. */
	++_nl_msg_cat_cntr;
}
