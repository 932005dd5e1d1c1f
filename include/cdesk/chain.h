/* The hash chain that makes the event log and the audit trail tamper-
 * evident. Each row's hash is SHA-256 over the previous row's hash and the
 * row's fields, so editing, deleting or reordering a row breaks every link
 * after it. Personal values (customer, phone, plate) enter the hash only as
 * a salted commitment, so purging them later leaves the chain intact; the
 * exact byte layout is in docs/data-model.md. */
#ifndef CDESK_CHAIN_H
#define CDESK_CHAIN_H

#include <stddef.h>
#include "cdesk/complaint.h"
#include "cdesk/people.h"

#define CD_HASH_LEN 65 /* 64 hex digits and NUL */
#define CD_SALT_LEN 33

/* hash = SHA-256("cdesk-chain-1" ‖ prev ‖ each field as "LEN:BYTES," or
 * "-," for NULL), in hex. prev NULL for the first row. */
void cd_chain_hash(const char *prev, const char *const *fields, size_t n, char out[CD_HASH_LEN]);

/* Does this data JSON hold a personal value (so needs a salt)? */
int cd_data_personal(const char *data);
/* A fresh random salt in hex. */
void cd_salt(char out[CD_SALT_LEN]);
/* The sealed form of event data: every personal string value (also inside
 * [old, new] pairs) replaced by {"purged": SHA-256(salt ‖ key ‖ value)};
 * already purged values stay. This is what the chain hashes, and what
 * purging stores. Returns a new string (NULL for NULL data). */
char *cd_seal_data(const char *data, const char *salt);
/* The same, given also the jansson object data was written from (or NULL):
 * its values are sealed without parsing data again. obj is not changed. */
char *cd_seal_parsed(const char *data, void *obj, const char *salt);
/* The link of event e after prev ("" for the first event): its id,
 * complaint, time, actor, kind, states, note and sealed data (sealed from
 * e->data_json when it is set) with salt (NULL: no personal values). */
void cd_event_hash(const char *prev, const struct cd_event *e, const char *salt, char out[CD_HASH_LEN]);
/* The same, given the sealed data (NULL: none) instead of a salt. */
void cd_event_hash_sealed(const char *prev, const struct cd_event *e, const char *sealed, char out[CD_HASH_LEN]);
/* The commitment to a personal value: SHA-256(salt ‖ "\n" ‖ key ‖ "\n" ‖
 * value) in hex, what its sealed form {"purged": …} holds. */
void cd_commitment(const char *salt, const char *key, const char *value, char out[CD_HASH_LEN]);
/* The link of audit row a after prev ("" for the first row). */
void cd_audit_hash(const char *prev, const struct cd_audit *a, char out[CD_HASH_LEN]);
/* Is a JSON value a purged one? For showing "(removed)". */
int cd_is_purged_json(const char *data, const char *key);

#endif
