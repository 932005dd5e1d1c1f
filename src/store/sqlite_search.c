/* Searching complaints by any part of their text.
 *
 * complaints.search (a virtual column) joins the searchable fields with a
 * space before each and two after the last; complaints_fts indexes it by
 * trigrams and is kept current by triggers. A text of three characters or
 * more asks for the trigrams that cover it. A shorter one has none, so it
 * becomes the trigrams that begin with it, read from the index's own
 * vocabulary: thanks to the padding, every place such a text appears
 * begins one. When that is too many to ask for (one common character),
 * the search reads the rows instead, which then stops at the first
 * screenful. Either way the rows found are checked for the text itself. */
#include "sqlite.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TERMS 200

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void quote_phrase(struct strbuf *sb, const char *s, size_t len)
{
	sb_putc(sb, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			sb_putc(sb, '"');
		sb_putc(sb, s[i]);
	}
	sb_putc(sb, '"');
}

static const char SQL_VOCAB[] =
	"CREATE VIRTUAL TABLE IF NOT EXISTS temp.complaints_terms USING fts5vocab(main, complaints_fts, row)";
/* U+10FFFF sorts after every character that can follow the prefix. */
static const char SQL_TERMS[] =
	"SELECT term FROM temp.complaints_terms WHERE term >= ?1 AND term < ?1 || char(1114111) LIMIT ?2";

/* The trigrams that begin with a short text, as an OR of phrases; NULL when
 * there are more than MAX_TERMS. */
static int prefix_terms(struct sq_store *st, const char *text, char **match, struct cd_err *err)
{
	char *folded = xstrdup(text);
	for (char *p = folded; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (st_exec(st, SQL_VOCAB, err)) {
		free(folded);
		return -1;
	}
	sqlite3_stmt *s = st_prep(st, SQL_TERMS, err);
	if (!s) {
		free(folded);
		return -1;
	}
	st_bind_text(s, 1, folded);
	sqlite3_bind_int(s, 2, MAX_TERMS + 1);
	struct strbuf sb;
	int n = 0, rc;
	sb_init(&sb);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (n++)
			sb_puts(&sb, " OR ");
		quote_phrase(&sb, t, strlen(t));
	}
	st_done(st, s);
	free(folded);
	if (rc != SQLITE_DONE) {
		sb_free(&sb);
		return st_db_fail(st, err, N_("searching"));
	}
	if (n > MAX_TERMS) {
		sb_free(&sb);
		*match = NULL;
		return 0;
	}
	/* No trigram begins with it: nothing holds it, and a phrase too short
	 * to have a trigram finds nothing. */
	if (n == 0)
		quote_phrase(&sb, text, strlen(text));
	*match = sb_steal(&sb);
	return 0;
}

/* Where character k of s begins. */
static size_t char_at(const char *s, size_t k)
{
	size_t i = 0;
	for (; s[i] && k > 0; k--)
		for (i++; ((unsigned char)s[i] & 0xC0) == 0x80; i++)
			;
	return i;
}

/* A text of three characters or more as the trigrams that cover it without
 * overlapping, and its last one: "13691017647" is "136" AND "910" AND "176"
 * AND "647". The rows found are checked for the text itself, so this finds
 * what the phrase of all its trigrams found, and reads a third of the
 * lists: a digit trigram is in thousands of phone numbers. */
static char *cover_terms(const char *text)
{
	struct strbuf sb;
	size_t n = utf8_chars(text);
	sb_init(&sb);
	for (size_t k = 0; k < n; k += 3) {
		size_t from = char_at(text, k + 3 <= n ? k : n - 3);
		if (k)
			sb_puts(&sb, " AND ");
		quote_phrase(&sb, text + from, char_at(text + from, 3));
	}
	return sb_steal(&sb);
}

static const char SQL_DENSE[] =
	"SELECT count(*) >= ?2 FROM (SELECT 1 FROM complaints_fts WHERE complaints_fts MATCH ?1 LIMIT ?2)";

static int64_t count_upto(struct sq_store *st, const char *match, int64_t cap)
{
	sqlite3_stmt *s = st_prep(st, SQL_DENSE, NULL);
	int64_t v = 0;
	if (!s)
		return 0;
	st_bind_text(s, 1, match);
	sqlite3_bind_int64(s, 2, cap);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	st_done(st, s);
	return v;
}

/* Whether the first `wanted` rows in order are found sooner by reading the
 * rows in that order than through the index. Through the index every match
 * is fetched, out of order, then sorted: about 30 us each at 100,000
 * complaints. Reading in order costs about 1.2 us a row until `wanted`
 * match, about wanted x rows / matches rows. The two are even at
 * sqrt(wanted x rows / 25) matches. */
int st_search_dense(struct sq_store *st, const char *match, int64_t wanted)
{
	double rows = (double)st_last_complaint(st);
	int64_t even = (int64_t)sqrt((double)wanted * rows / 25.0) + 1;
	return count_upto(st, match, even) != 0;
}

int st_search_match(struct sq_store *st, const char *text, char **match, struct cd_err *err)
{
	*match = NULL;
	if (!text || !*text)
		return 0;
	if (utf8_chars(text) < 3)
		return prefix_terms(st, text, match, err);
	*match = cover_terms(text);
	return 0;
}
