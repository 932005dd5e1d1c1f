/* Searching complaints by any part of their text on PostgreSQL.
 *
 * The text is looked for with LIKE '%text%' on PG_SEARCH_TEXT (ASCII
 * letters folded, wildcards escaped), which the pg_trgm GIN index
 * complaints_search answers from the trigrams of the text. LIKE is the
 * exact test itself, and the index's matches are checked against it, so
 * the result is the same when trigrams do not help: a text shorter than
 * three characters, or characters the database's LC_CTYPE does not count
 * as letters or digits (pg_trgm makes no trigrams of them), where the
 * index is read whole or not used. A person who may not see personal
 * data finds only what is not personal, or a whole phone or plate. */
#include "pg.h"
#include "cdesk/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ASCII letters to lower case, as SQLite's lower() does and
 * PG_SEARCH_TEXT is folded. */
static char *folded(const char *text)
{
	char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* '%text%' with LIKE's wildcards and its escape character escaped. */
static char *pattern(const char *text)
{
	struct strbuf sb;
	sb_init(&sb);
	sb_putc(&sb, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			sb_putc(&sb, '\\');
		sb_putc(&sb, *p);
	}
	sb_putc(&sb, '%');
	return sb_steal(&sb);
}

#define FOLD(x) "translate(" x ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
#define UPPER(x) "translate(" x ", 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"

void pg_search_term(struct strbuf *sql, struct pg_params *p, const char *text, int text_public)
{
	char *low = folded(text);
	if (!text_public) {
		pp_take(p, pattern(low));
		sb_printf(sql, " AND " PG_SEARCH_TEXT " LIKE $%d", p->n);
		free(low);
		return;
	}
	pp_take(p, low);
	pp_text(p, text);
	sb_printf(sql, " AND (strpos(" FOLD("coalesce(c.reference, '') || ' ' || c.description") ", $%d) > 0"
		  " OR c.phone = $%d OR " UPPER("c.plate") " = " UPPER("$%d::text") ")", p->n - 1, p->n, p->n);
}
