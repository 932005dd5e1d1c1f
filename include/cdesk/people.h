/* The records of people and trust: an account, and a row of the audit
 * trail. The rules about them (sign-in, permissions) are the desk's. */
#ifndef CDESK_PEOPLE_H
#define CDESK_PEOPLE_H

#include <stdint.h>
#include "cdesk/timeutil.h"

struct cd_user {
	char *name;          /* signs in with it; recorded as the actor */
	char *display;
	char *role;          /* a role id from the config */
	char *sites;         /* "*" (every site) or site ids joined by commas */
	char *unix_user;     /* the system login that is this person (unix mode); NULL: name */
	char *pin_hash;      /* Argon2id, NULL when no PIN is set */
	int disabled;
	int failures;        /* wrong PINs in a row */
	cd_time retry_at;    /* no sign-in before this (delay or lock-out) */
	cd_time created_at, updated_at;
	char *email;         /* contact points for messages (NULL: none) */
	char *webhook;
	char *lang;          /* the language of messages to them: zh_CN, en or NULL */
};
/* Frees the strings and clears u. */
void cd_user_free(struct cd_user *u);

/* A row of the audit trail: sign-ins, denials, exports, views of personal
 * data, config and account changes. Append-only and hash-chained like the
 * event log. The strings are borrowed. */
struct cd_audit {
	int64_t id;
	cd_time at;
	const char *actor, *kind;
	int64_t complaint_id;    /* 0 when about no complaint */
	const char *data;        /* JSON object text or NULL */
	const char *hash;
};

#endif
