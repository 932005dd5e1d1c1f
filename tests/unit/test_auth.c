/* Privacy masks, the sign-in delays, the chain hash and role permissions. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "cdesk/auth.h"

#include <sodium.h>
#include "cdesk/chain.h"
#include "cdesk/jflat.h"
#include <jansson.h>
#include "cdesk/mask.h"

static void mask_is(void (*mask)(const char *, struct strbuf *), const char *in, const char *want)
{
	struct strbuf sb;
	sb_init(&sb);
	mask(in, &sb);
	assert_string_equal(sb.s ? sb.s : "", want);
	sb_free(&sb);
}

static void masks(void **state)
{
	(void)state;
	mask_is(cd_mask_phone, "13812345678", "138****5678");
	mask_is(cd_mask_phone, "+86 138-1234-5678", "+86 1**-****-5678");
	mask_is(cd_mask_phone, "12345", "***45");
	mask_is(cd_mask_name, "张三", "张*");
	mask_is(cd_mask_name, "欧阳娜娜", "欧***");
	mask_is(cd_mask_name, "Li Lei", "L* L**");
	mask_is(cd_mask_name, "", "");
}

/* The decoy costs what a real PIN's hash costs, and nothing matches it. */
static void decoy_hash(void **state)
{
	(void)state;
	assert_true(sodium_init() >= 0);
	assert_int_equal(crypto_pwhash_str_needs_rehash(auth_decoy_hash, AUTH_PIN_OPS, AUTH_PIN_MEM), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(auth_decoy_hash, "", 0), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(auth_decoy_hash, "0000", 4), 0);
}

static void retry_delays(void **state)
{
	(void)state;
	struct cd_auth a = {.mode = AUTH_PIN, .idle_lock = 300, .max_failures = 5, .retry_delay = 1, .lockout = 900};
	assert_int_equal(auth_retry_delay(&a, 0), 0);
	assert_int_equal(auth_retry_delay(&a, 1), 0);
	assert_int_equal(auth_retry_delay(&a, 2), 1);
	assert_int_equal(auth_retry_delay(&a, 3), 2);
	assert_int_equal(auth_retry_delay(&a, 4), 4);
	assert_int_equal(auth_retry_delay(&a, 5), 900);
	assert_int_equal(auth_retry_delay(&a, 9), 900);
	/* auth.retry_delay sets the first wait; 0s turns the waits off. */
	a.retry_delay = 60;
	assert_int_equal(auth_retry_delay(&a, 2), 60);
	assert_int_equal(auth_retry_delay(&a, 4), 240);
	a.retry_delay = 0;
	assert_int_equal(auth_retry_delay(&a, 4), 0);
	assert_int_equal(auth_retry_delay(&a, 5), 900);
	a.max_failures = 20;
	a.retry_delay = 3000;
	assert_int_equal(auth_retry_delay(&a, 3), 3600); /* at most an hour */
}

static void chain(void **state)
{
	(void)state;
	char a[CD_HASH_LEN], b[CD_HASH_LEN], c[CD_HASH_LEN];
	const char *f1[] = {"event", "1", NULL, "x"};
	const char *f2[] = {"event", "1", "", "x"};
	cd_chain_hash(NULL, f1, 4, a);
	cd_chain_hash(NULL, f2, 4, b);
	assert_int_equal(strlen(a), 64);
	/* NULL and empty differ, and so does a different previous link. */
	assert_string_not_equal(a, b);
	cd_chain_hash(a, f1, 4, c);
	assert_string_not_equal(a, c);
	/* "ab","c" and "a","bc" must not collide. */
	const char *g1[] = {"ab", "c"}, *g2[] = {"a", "bc"};
	cd_chain_hash(NULL, g1, 2, a);
	cd_chain_hash(NULL, g2, 2, b);
	assert_string_not_equal(a, b);
	/* The format is fixed: databases written before must still verify. */
	const char *h[] = {"event", "1", "2", NULL, "中文 and a field long enough to cross a block of the hash "
			   "..............................................", "x"};
	cd_chain_hash("abc", h, 6, a);
	assert_string_equal(a, "3a246582cd723407a71c8cfd5538346130f49f9da3fcf913db0644af10373890");
}

static void sealing(void **state)
{
	(void)state;
	const char *data = "{\"customer\":\"张三\",\"phone\":[\"138\",\"139\"],\"site\":\"s1\"}";
	assert_true(cd_data_personal(data));
	assert_false(cd_data_personal("{\"how\":\"phone\"}"));
	char *s1 = cd_seal_data(data, "salt");
	char *s2 = cd_seal_data(data, "other");
	/* The seal hides the values and depends on the salt … */
	assert_null(strstr(s1, "张三"));
	assert_null(strstr(s1, "138"));
	assert_non_null(strstr(s1, "\"site\":\"s1\""));
	assert_string_not_equal(s1, s2);
	/* … and sealing what is sealed changes nothing (purged events verify). */
	char *again = cd_seal_data(s1, NULL);
	assert_string_equal(s1, again);
	free(s1);
	free(s2);
	free(again);
}

/* The flat writer's text is jansson's, byte for byte, sealed or not: the
 * events it writes must be the ones jansson wrote before. */
static void flat_json_as_jansson(void **state)
{
	(void)state;
	static const char *const keys[] = {"site", "phone", "customer", "description", "level", "a", "plate",
					   "request", "b\"q", "rule"};
	static const char *const values[] = {"", "plain", "中文，全角。", "quote \" and \\ backslash",
					     "\n\t\r\b\f", "\x01\x1f\x7f end", "/slash/", "emoji \xf0\x9f\x98\x80",
					     "13800000000", "苏A12345"};
	unsigned seed = 7;
	for (int round = 0; round < 200; round++) {
		struct cd_jflat f = {0};
		json_t *o = json_object();
		size_t n = 1 + (seed = seed * 1103515245u + 12345u) % 10;
		for (size_t i = 0; i < n; i++) {
			const char *k = keys[(i + round) % 10];
			if (json_object_get(o, k))
				continue;
			seed = seed * 1103515245u + 12345u;
			if (strcmp(k, "level") == 0) {
				long long v = (long long)(seed % 2000) - 1000;
				cd_jflat_int(&f, k, v);
				json_object_set_new(o, k, json_integer(v));
			} else {
				const char *v = values[(seed >> 8) % 10];
				cd_jflat_str(&f, k, v);
				json_object_set_new(o, k, json_string(v));
			}
		}
		char *want = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		char *got = cd_jflat_text(&f);
		assert_string_equal(got, want);
		char *want_sealed = cd_seal_data(want, "0123456789abcdef0123456789abcdef");
		char *got_sealed = cd_jflat_sealed(&f, "0123456789abcdef0123456789abcdef");
		assert_string_equal(got_sealed, want_sealed);
		free(want);
		free(got);
		free(want_sealed);
		free(got_sealed);
		json_decref(o);
	}
}

static void role_permissions(void **state)
{
	(void)state;
	const struct cd_item *front = cd_list_find(&cfg->roles, "frontline");
	const struct cd_item *mgr = cd_list_find(&cfg->roles, "station_manager");
	assert_non_null(front);
	assert_true(front->can & (1u << PERM_CLOSE));
	assert_int_equal(front->only[PERM_CLOSE].n, 2);
	assert_false(front->can & (1u << PERM_PERSONAL_DATA));
	/* Limits are in fen: 50, 100 and 2000 yuan. */
	assert_true(cd_role_limit(front, "gift") == 5000);
	assert_true(cd_role_limit(front, "replacement") == 10000);
	assert_true(cd_role_limit(mgr, "refund") == 200000);
	assert_int_equal(cd_perm_index("manage_users"), PERM_MANAGE_USERS);
	assert_int_equal(cd_perm_index("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(masks),
		cmocka_unit_test(retry_delays),
		cmocka_unit_test(decoy_hash),
		cmocka_unit_test(chain),
		cmocka_unit_test(sealing),
		cmocka_unit_test(flat_json_as_jansson),
		cmocka_unit_test(role_permissions),
	};
	cfg_text = cd_default_config;
	return cmocka_run_group_tests_name("auth", tests, setup, teardown);
}
