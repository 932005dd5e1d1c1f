/* A complaint rebuilt from a hand-written event log, and what a stored
 * row that disagrees with it is told. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cdesk/replay.h"

static struct cd_event ev[16];
static size_t nev;

static void add(const char *kind, cd_time at, int to, const char *data)
{
	struct cd_event *e = &ev[nev++];
	memset(e, 0, sizeof *e);
	e->id = (int64_t)nev;
	e->complaint_id = 1;
	e->at = at;
	e->actor = (char *)"wang";
	e->kind = (char *)kind;
	e->from_state = -1;
	e->to_state = to;
	e->data = (char *)data;
}

static void a_whole_life(void **state)
{
	(void)state;
	nev = 0;
	add("received", 100, ST_RECEIVED,
	    "{\"channel\":\"walk_in\",\"customer\":\"张三\",\"description\":\"少加油\",\"owner\":\"li\","
	    "\"phone\":\"13812345678\",\"receiver\":\"li\",\"severity\":\"normal\",\"site\":\"s1\"}");
	add("step", 100, ST_LISTENED, NULL);
	add("update", 150, -1, "{\"plate\":[null,\"沪A12345\"],\"customer\":[\"张三\",\"张三丰\"]}");
	add("assign", 200, -1, "{\"owner\":\"wang\",\"previous\":\"li\"}");
	add("escalation", 300, -1, "{\"level\":2,\"role\":\"station_manager\",\"severity\":\"major\",\"severity_was\":\"normal\"}");
	add("escalation", 310, -1, "{\"level\":1,\"role\":\"frontline\"}"); /* lower: the level stays */
	add("pause", 400, -1, "{\"reason\":\"customer\"}");
	add("remedy_request", 500, -1, "{\"remedy\":\"refund\",\"amount\":800.0}");
	add("step", 600, ST_RESOLVED, NULL);
	struct cd_events l = {ev, nev};
	struct cd_complaint c, row;
	struct cd_err err;
	char why[256];
	assert_int_equal(cd_replay(1, &l, &c, &err), 0);
	assert_string_equal(c.customer, "张三丰");
	assert_string_equal(c.plate, "沪A12345");
	assert_string_equal(c.owner, "wang");
	assert_string_equal(c.receiver, "li");
	assert_string_equal(c.severity, "major");
	assert_int_equal(c.esc_level, 2);
	assert_string_equal(c.esc_role, "station_manager");
	assert_int_equal(c.state, ST_RESOLVED);
	assert_true(c.paused_since == 400 && c.resolved_at == 600 && c.awaiting == 8);
	/* The same again agrees; a row changed beside the log does not. */
	assert_int_equal(cd_replay(1, &l, &row, &err), 0);
	assert_int_equal(cd_replay_differs(&row, &c, why, sizeof why), 0);
	free(row.owner);
	row.owner = strdup("mallory");
	assert_int_equal(cd_replay_differs(&row, &c, why, sizeof why), 1);
	assert_non_null(strstr(why, "owner"));
	cd_complaint_free(&row);
	/* Approved, reopened, closed: the wait and the pause end. */
	add("remedy", 700, -1, "{\"remedy\":\"refund\",\"request\":8}");
	add("step", 800, ST_REOPENED, NULL);
	add("step", 900, ST_CLOSED, NULL);
	l.n = nev;
	cd_complaint_free(&c);
	assert_int_equal(cd_replay(1, &l, &c, &err), 0);
	assert_true(c.awaiting == 0 && c.reopen_count == 1 && c.closed_at == 900);
	assert_true(c.resolved_at == CD_TIME_NONE && c.paused_since == CD_TIME_NONE);
	cd_complaint_free(&c);
}

static void purged_and_broken_logs(void **state)
{
	(void)state;
	nev = 0;
	add("received", 100, ST_RECEIVED, "{\"channel\":\"phone\",\"customer\":{\"purged\":\"ab12\"},\"site\":\"s1\"}");
	struct cd_events l = {ev, nev};
	struct cd_complaint c;
	struct cd_err err;
	assert_int_equal(cd_replay(1, &l, &c, &err), 0);
	assert_null(c.customer); /* as the purged row holds it */
	cd_complaint_free(&c);
	/* A log that does not begin at the intake is no complaint's. */
	nev = 0;
	add("note", 100, -1, NULL);
	l.n = nev;
	assert_int_equal(cd_replay(1, &l, &c, &err), -1);
	assert_non_null(strstr(err.msg, "received"));
	cd_complaint_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(a_whole_life), cmocka_unit_test(purged_and_broken_logs)};
	return cmocka_run_group_tests_name("replay", tests, NULL, NULL);
}
