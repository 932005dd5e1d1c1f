/* Translation: every user-visible string goes through _() (gettext). */
#ifndef CDESK_I18N_H
#define CDESK_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Set up the locale and the message catalogue. lang is "zh_CN", "en" or
 * NULL (take it from the environment). Works even when the system lacks a
 * generated locale for the language: text is UTF-8 either way. */
void cd_i18n_init(const char *lang);
/* The language in use: "zh_CN" or "en". */
const char *cd_lang(void);

#endif
