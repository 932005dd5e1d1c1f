/* A flat JSON object of string and integer members, written without
 * jansson: the data of the events every complaint gets (received,
 * escalation, contact). Its text is byte for byte what jansson's
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS) writes of the same object
 * (pinned by a unit test), so the event log and its chain are the same
 * whichever wrote it; building and dumping a jansson object for each was a
 * tenth of an import's work. The strings are borrowed, and must be valid
 * UTF-8 (as jansson requires). */
#ifndef CDESK_JFLAT_H
#define CDESK_JFLAT_H

#include <stddef.h>

#define CD_JFLAT_MAX 24

struct cd_jflat {
	size_t n;
	struct {
		const char *key;
		const char *s; /* NULL: the integer i */
		long long i;
	} v[CD_JFLAT_MAX];
};

/* Add a member (keys are unique; a NULL string is left out, as jansson's
 * json_string(NULL) leaves the member out). */
void cd_jflat_str(struct cd_jflat *o, const char *key, const char *s);
void cd_jflat_int(struct cd_jflat *o, const char *key, long long i);
/* The object's text, members sorted by key (a new string). */
char *cd_jflat_text(const struct cd_jflat *o);
/* Its sealed text (see cd_seal_data): each personal string member replaced
 * by {"purged": its commitment with salt}. */
char *cd_jflat_sealed(const struct cd_jflat *o, const char *salt);

#endif
