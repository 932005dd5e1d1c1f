/* Config errors name file:line:column and what was expected there. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cdesk/config.h"

#define BASE \
	"sites: [{id: s1}]\n"                                   /* 1 */ \
	"channels: [{id: phone}, {id: media, major: true}]\n"   /* 2 */ \
	"categories: [{id: c1}]\n"                              /* 3 */ \
	"severities: [{id: normal}, {id: major}]\n"             /* 4 */ \
	"roles: [{id: manager}]\n"                              /* 5 */ \
	"remedies: [{id: refund}]\n"                            /* 6 */

/* BASE without its roles. */
#define BASE_ROLES \
	"sites: [{id: s1}]\n"                                   \
	"channels: [{id: phone}]\n"                             \
	"categories: [{id: c1}]\n"                              \
	"severities: [{id: normal}, {id: major}]\n"             \
	"remedies: [{id: refund}]\n"

static struct cd_config *parse(const char *text, struct cd_err *err)
{
	return cd_config_parse(text, strlen(text), "t.yaml", err);
}

static void valid_minimal(void **state)
{
	(void)state;
	struct cd_err err;
	struct cd_config *c = parse(BASE, &err);
	if (!c)
		fail_msg("%s", err.msg);
	assert_string_equal(c->timezone, "Asia/Shanghai");
	assert_int_equal(c->cal.workweek[1], 1);
	assert_int_equal(c->cal.workweek[0], 0);
	cd_config_free(c);
}

static void builtin_is_valid(void **state)
{
	(void)state;
	struct cd_err err;
	struct cd_config *c = cd_config_parse(cd_default_config, strlen(cd_default_config), "<built-in>", &err);
	if (!c)
		fail_msg("%s", err.msg);
	assert_non_null(cd_config_clock(c, "contact"));
	assert_int_equal(cd_config_clock(c, "contact")->within.amount, 7200);
	assert_int_equal(cd_config_clock(c, "feedback")->within.unit, DUR_WORKDAYS);
	assert_int_equal(cd_config_clock(c, "feedback")->within.amount, 3);
	assert_true(c->nrules >= 5);
	assert_true(c->nscripts >= 10);
	cd_config_free(c);
}

/* The dump loads again as the same configuration. */
static void dump_round_trip(void **state)
{
	(void)state;
	struct cd_err err;
	struct cd_config *a = cd_config_parse(cd_default_config, strlen(cd_default_config), "<built-in>", &err);
	assert_non_null(a);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(cd_config_dump(a, f), 0);
	fclose(f);
	struct cd_config *b = cd_config_parse(buf, len, "dump", &err);
	if (!b)
		fail_msg("%s\n%s", err.msg, buf);
	assert_int_equal(a->nclocks, b->nclocks);
	assert_int_equal(a->nrules, b->nrules);
	assert_int_equal(a->nscripts, b->nscripts);
	assert_int_equal(a->cal.nholidays, b->cal.nholidays);
	assert_int_equal(a->cal.day_end, b->cal.day_end);
	for (size_t i = 0; i < a->nclocks; i++) {
		assert_int_equal(a->clocks[i].within.unit, b->clocks[i].within.unit);
		assert_int_equal(a->clocks[i].within.amount, b->clocks[i].within.amount);
		assert_int_equal(a->clocks[i].warn_before.amount, b->clocks[i].warn_before.amount);
	}
	for (size_t i = 0; i < a->nrules; i++) {
		assert_string_equal(a->rules[i].id, b->rules[i].id);
		assert_int_equal(a->rules[i].after, b->rules[i].after);
	}
	free(buf);
	cd_config_free(a);
	cd_config_free(b);
}

/* Amounts are written with every digit they need. */
static void dump_amounts(void **state)
{
	(void)state;
	struct cd_err err;
	struct cd_config *a = parse(BASE_ROLES "roles: [{id: manager, limit: {default: 1234567, refund: 0.1}}]\n", &err);
	if (!a)
		fail_msg("%s", err.msg);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_int_equal(cd_config_dump(a, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "limit: {default: 1234567, refund: 0.1}"));
	free(buf);
	cd_config_free(a);
}

struct bad {
	const char *yaml;
	const char *where;   /* "t.yaml:L:C:" */
	const char *what;    /* a substring of the message */
};

static const struct bad bad_cases[] = {
	{BASE "colour: blue\n", "t.yaml:7:1:", "unknown key 'colour'"},
	{BASE "calendar: {workweek: [mon, funday]}\n", "t.yaml:7:28:", "weekday"},
	{BASE "calendar: {day_end: \"25:00\"}\n", "t.yaml:7:21:", "time of day"},
	{BASE "calendar: {holidays: [{from: 2026-10-07, to: 2026-10-01}]}\n", "t.yaml:7:23:", "ends before it starts"},
	{BASE "calendar: {holidays: [2026-02-30]}\n", "t.yaml:7:23:", "not a date"},
	{BASE "calendar: {workweek: []}\n", "t.yaml:7:11:", "no working day"},
	{BASE "clocks: {contact: {within: 2 hourz, starts: received, met_by: contact}}\n", "t.yaml:7:28:", "not a duration"},
	{BASE "clocks: {contact: {within: -2h, starts: received, met_by: contact}}\n", "t.yaml:7:28:", "not a duration"},
	{BASE "clocks: {contact: {within: 2h, starts: received}}\n", "t.yaml:7:19:", "no 'met_by'"},
	{BASE "clocks: {contact: {within: 2h, starts: recieved, met_by: contact}}\n", "t.yaml:7:40:", "'recieved' is not an event or state"},
	{BASE "clocks: {contact: {within: 2h, starts: received, met_by: contact, pausable: maybe}}\n", "t.yaml:7:77:", "true or false"},
	{BASE "escalation: [{id: r1, when: {clock: nosuch}, level: 1, notify: manager}]\n", "t.yaml:7:37:", "unknown clock 'nosuch'"},
	{BASE "escalation: [{id: r1, when: {channel: media}, level: 1, notify: boss}]\n", "t.yaml:7:65:", "unknown role 'boss'"},
	{BASE "escalation: [{id: r1, when: {channel: tv}, level: 1, notify: manager}]\n", "t.yaml:7:39:", "unknown channel 'tv'"},
	{BASE "escalation: [{id: r1, when: {channel: media}, level: ten, notify: manager}]\n", "t.yaml:7:54:", "whole number"},
	{BASE "escalation: [{id: r1, when: {channel: media}, notify: manager}]\n", "t.yaml:7:14:", "no 'level'"},
	{"sites: [{id: s1, timezone: Mars/Olympus}]\n", "t.yaml:1:28:", "unknown time zone"},
	{BASE "timezone: [Asia/Shanghai]\n", "t.yaml:7:11:", "expected a text value"},
	{BASE "language: fr\n", "t.yaml:7:11:", "zh_CN or en"},
	{BASE "scripts: {listen: [{zh_CN: 听}]}\n", "t.yaml:7:20:", "both zh_CN and en"},
	{BASE "scripts: {shout: []}\n", "t.yaml:7:11:", "unknown key 'shout'"},
	{"sites: [{id: s1}]\nsites: [\n", "t.yaml:3:1:", ""},
	{"channels: [{id: phone}]\n", "t.yaml:1:1:", "no 'sites'"},
	{"", "t.yaml:1:1:", "empty"},
	{BASE "categories: [{id: c2}]\n", "t.yaml:7:1:", "the key 'categories' is given twice"},
	{"sites: [{id: s1}, {id: s2}, {id: s1}]\n", "t.yaml:1:29:", "duplicate id 's1'"},
	{BASE "calendar: {day_end: \"18:00\", day_end: \"17:00\"}\n", "t.yaml:7:30:", "given twice"},
	{"roles: [{id: \"a b\"}]\n", "t.yaml:1:14:", "identifier"},
	{"roles: [{id: manager, limit: nan}]\n", "t.yaml:1:30:", "non-negative number"},
	{BASE "calendar: {holidays: [&y {from: 2026-01-01, to: 2026-12-31}, *y, *y, *y, *y, *y, *y, *y, *y, *y,\n"
	      "  *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y, *y]}\n",
	 "t.yaml:7:23:", "more than 10000 days"},
	{"- just\n- a list\n", "t.yaml:1:1:", "mapping"},
};

static void bad_configs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
		struct cd_err err;
		struct cd_config *c = parse(bad_cases[i].yaml, &err);
		if (c)
			fail_msg("case %zu was accepted:\n%s", i, bad_cases[i].yaml);
		assert_int_equal(err.code, CD_ECONFIG);
		if (strncmp(err.msg, bad_cases[i].where, strlen(bad_cases[i].where)) != 0 ||
		    !strstr(err.msg, bad_cases[i].what))
			fail_msg("case %zu: got \"%s\", want \"%s … %s\"", i, err.msg, bad_cases[i].where,
				 bad_cases[i].what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_minimal),
		cmocka_unit_test(builtin_is_valid),
		cmocka_unit_test(dump_round_trip),
		cmocka_unit_test(dump_amounts),
		cmocka_unit_test(bad_configs),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
