/* Hash chain and personal-value commitments: SHA-256 from OpenSSL's
 * libcrypto, which uses the processor's SHA instructions where it has them
 * (libsodium's is portable C, a seventh of an import's time); libsodium
 * gives the salts' random bytes. */
#include "cdesk/chain.h"
#include "cdesk/util.h"

#include <jansson.h>
#define OPENSSL_SUPPRESS_DEPRECATED /* the SHA256_ functions: see sha256() */
#include <openssl/sha.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const personal_keys[] = {"customer", "phone", "plate", NULL};
/* The same keys as they start a member of a JSON object. */
static const char *const personal_members[] = {"\"customer\":", "\"phone\":", "\"plate\":", NULL};

static void ready(void)
{
	if (sodium_init() < 0)
		cd_fatal("libsodium cannot start");
}

static void hex(const unsigned char *b, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, b, n);
}

/* SHA-256 of n bytes, through libcrypto's SHA-256 functions, which
 * OpenSSL 3 marks as superseded by EVP. EVP would start OpenSSL's
 * providers: 1.5 to 2 MiB more resident memory in every command, an
 * eighth of the 16 MiB target, and slower on short messages. */
static void sha256(const void *m, size_t n, unsigned char out[32])
{
	SHA256_CTX c;
	if (!SHA256_Init(&c) || !SHA256_Update(&c, m, n) || !SHA256_Final(out, &c))
		cd_fatal("SHA-256 failed");
}

/* "LENGTH:" in decimal. */
static void add_length(struct strbuf *sb, size_t l)
{
	char digits[24];
	size_t k = sizeof digits;
	digits[--k] = ':';
	do
		digits[--k] = (char)('0' + l % 10);
	while ((l /= 10) > 0);
	sb_add(sb, digits + k, sizeof digits - k);
}

/* The message is built whole and hashed in one call: fed to the hash in
 * pieces of a few bytes, it cost twice as much (the digest is the same). */
void cd_chain_hash(const char *prev, const char *const *fields, size_t n, char out[CD_HASH_LEN])
{
	unsigned char d[32];
	/* One buffer for every message (cdesk has one thread): an import
	 * hashes millions, and each grew its own from nothing. */
	static struct strbuf sb;
	sb.len = 0;
	sb_puts(&sb, "cdesk-chain-1");
	if (prev)
		sb_puts(&sb, prev);
	for (size_t i = 0; i < n; i++) {
		if (!fields[i]) {
			sb_add(&sb, "-,", 2);
			continue;
		}
		size_t l = strlen(fields[i]);
		add_length(&sb, l);
		sb_add(&sb, fields[i], l);
		sb_putc(&sb, ',');
	}
	sha256(sb.s, sb.len, d);
	if (sb.cap > 65536)
		sb_free(&sb); /* a long note: not kept */
	hex(d, sizeof d, out);
}

int cd_data_personal(const char *data)
{
	for (size_t i = 0; data && personal_members[i]; i++)
		if (strstr(data, personal_members[i]))
			return 1;
	return 0;
}

void cd_salt(char out[CD_SALT_LEN])
{
	unsigned char b[16];
	ready();
	randombytes_buf(b, sizeof b);
	hex(b, sizeof b, out);
}

void cd_commitment(const char *salt, const char *key, const char *value, char out[CD_HASH_LEN])
{
	unsigned char d[32];
	static struct strbuf m; /* one buffer for all, as for the chain */
	m.len = 0;
	sb_puts(&m, salt ? salt : "");
	sb_putc(&m, '\n');
	sb_puts(&m, key);
	sb_putc(&m, '\n');
	sb_puts(&m, value);
	sha256(m.s, m.len, d);
	if (m.cap > 65536)
		sb_free(&m);
	hex(d, sizeof d, out);
}

static json_t *commitment(const char *salt, const char *key, const char *value)
{
	char out[CD_HASH_LEN];
	cd_commitment(salt, key, value, out);
	return json_pack("{s:s}", "purged", out);
}

/* A personal value, or an [old, new] pair of them, sealed in place. */
static void seal_value(json_t *obj, const char *key, json_t *v, const char *salt)
{
	if (json_is_string(v)) {
		json_object_set_new(obj, key, commitment(salt, key, json_string_value(v)));
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (json_is_string(x))
			json_array_set_new(v, i, commitment(salt, key, json_string_value(x)));
}

/* Seal o's personal values in place; returns its text, or NULL. */
static char *seal_object(json_t *o, const char *salt)
{
	for (size_t i = 0; personal_keys[i]; i++) {
		json_t *v = json_object_get(o, personal_keys[i]);
		if (v)
			seal_value(o, personal_keys[i], v, salt);
	}
	return json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
}

static char *sealed_or(char *s, const char *data)
{
	char *r = xstrdup(s ? s : data);
	free(s);
	return r;
}

char *cd_seal_data(const char *data, const char *salt)
{
	if (!data)
		return NULL;
	if (!cd_data_personal(data))
		return xstrdup(data);
	json_t *o = json_loads(data, JSON_DECODE_ANY, NULL);
	char *s = json_is_object(o) ? seal_object(o, salt) : NULL;
	json_decref(o);
	return sealed_or(s, data);
}

char *cd_seal_parsed(const char *data, void *obj, const char *salt)
{
	json_t *o = obj;
	if (!data || !json_is_object(o) || !cd_data_personal(data))
		return cd_seal_data(data, salt);
	json_t *c = json_copy(o);
	for (size_t i = 0; personal_keys[i]; i++) {
		json_t *v = json_object_get(c, personal_keys[i]);
		if (json_is_array(v))
			json_object_set_new(c, personal_keys[i], json_copy(v));
	}
	char *s = seal_object(c, salt);
	json_decref(c);
	return sealed_or(s, data);
}

void cd_event_hash(const char *prev, const struct cd_event *e, const char *salt, char out[CD_HASH_LEN])
{
	char *sealed = cd_seal_parsed(e->data, e->data_json, salt);
	cd_event_hash_sealed(prev, e, sealed, out);
	free(sealed);
}

/* "%lld" without printf's machinery: three numbers for every event. */
static void decimal(long long v, char out[24])
{
	char digits[24];
	size_t k = sizeof digits;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	digits[--k] = '\0';
	do
		digits[--k] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		digits[--k] = '-';
	memcpy(out, digits + k, sizeof digits - k);
}

void cd_event_hash_sealed(const char *prev, const struct cd_event *e, const char *sealed, char out[CD_HASH_LEN])
{
	char id[24], cid[24], at[24];
	decimal((long long)e->id, id);
	decimal((long long)e->complaint_id, cid);
	decimal((long long)e->at, at);
	const char *f[] = {"event", id, cid, at, e->actor, e->kind,
			   e->from_state >= 0 ? cd_state_id(e->from_state) : NULL,
			   e->to_state >= 0 ? cd_state_id(e->to_state) : NULL, e->note, sealed};
	cd_chain_hash(*prev ? prev : NULL, f, sizeof f / sizeof *f, out);
}

void cd_audit_hash(const char *prev, const struct cd_audit *a, char out[CD_HASH_LEN])
{
	char id[24], at[24], cid[24];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	snprintf(at, sizeof at, "%lld", (long long)a->at);
	snprintf(cid, sizeof cid, "%lld", (long long)a->complaint_id);
	const char *f[] = {"audit", id, at, a->actor, a->kind, a->complaint_id ? cid : NULL, a->data};
	cd_chain_hash(*prev ? prev : NULL, f, sizeof f / sizeof *f, out);
}

int cd_is_purged_json(const char *data, const char *key)
{
	json_t *o = data ? json_loads(data, 0, NULL) : NULL;
	int r = json_is_object(json_object_get(o, key));
	json_decref(o);
	return r;
}
