/* Working days, holidays, swapped days, business hours, durations, times. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "support.h"

#include "cdesk/calendar.h"

static const char *const YAML =
	"timezone: Asia/Shanghai\n"
	"sites: [{id: s1}]\n"
	"channels: [{id: phone}]\n"
	"categories: [{id: c1}]\n"
	"severities: [{id: normal}, {id: major}]\n"
	"roles: [{id: manager}]\n"
	"remedies: [{id: refund}]\n"
	"calendar:\n"
	"  workweek: [mon, tue, wed, thu, fri]\n"
	"  day_end: \"18:00\"\n"
	"  business_hours: {start: \"09:00\", end: \"18:00\"}\n"
	"  holidays:\n"
	"    - {from: 2026-10-01, to: 2026-10-07}\n"
	"    - 2026-01-01\n"
	"    - {from: 2026-12-31, to: 2027-01-01}\n"
	"  working_days: [2026-09-27, 2026-10-10]\n";


static void workday_rules(void **state)
{
	(void)state;
	int32_t d;
	struct cd_err err;
	cd_parse_date("2026-09-26", &d, &err); /* Saturday */
	assert_false(cal_is_workday(&cfg->cal, d));
	cd_parse_date("2026-09-27", &d, &err); /* Sunday, swapped working day */
	assert_true(cal_is_workday(&cfg->cal, d));
	cd_parse_date("2026-10-01", &d, &err); /* Thursday, holiday */
	assert_false(cal_is_workday(&cfg->cal, d));
	cd_parse_date("2026-10-10", &d, &err); /* Saturday, swapped working day */
	assert_true(cal_is_workday(&cfg->cal, d));
	cd_parse_date("2026-10-12", &d, &err); /* Monday */
	assert_true(cal_is_workday(&cfg->cal, d));
}

static void three_working_days(void **state)
{
	(void)state;
	struct cd_duration d3 = {DUR_WORKDAYS, 3};
	/* A plain week: Monday's day does not count; Thursday at day end. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-02T10:00"), &d3), "2026-11-05T18:00:00+08:00");
	/* Friday: Mon, Tue, Wed. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-06T17:00"), &d3), "2026-11-11T18:00:00+08:00");
	/* Received on a Saturday (outside working days): Mon, Tue, Wed. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-07T12:00"), &d3), "2026-11-11T18:00:00+08:00");
	/* Received after hours on Monday: still Tue, Wed, Thu. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-02T22:30"), &d3), "2026-11-05T18:00:00+08:00");
}

static void holiday_week(void **state)
{
	(void)state;
	struct cd_duration d3 = {DUR_WORKDAYS, 3};
	/* Mon 28 Sep: Tue 29, Wed 30, then the holiday week, then Thu 8 Oct. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-09-28T10:00"), &d3), "2026-10-08T18:00:00+08:00");
	/* Fri 25 Sep: Sun 27 is a swapped working day. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-09-25T10:00"), &d3), "2026-09-29T18:00:00+08:00");
	/* Fri 9 Oct: Sat 10 (swapped), Mon 12, Tue 13. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-10-09T10:00"), &d3), "2026-10-13T18:00:00+08:00");
}

static void year_end(void **state)
{
	(void)state;
	struct cd_duration d3 = {DUR_WORKDAYS, 3};
	/* Wed 30 Dec 2026: Thu 31 and Fri 1 Jan are holidays; Mon 4, Tue 5, Wed 6. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-12-30T16:00"), &d3), "2027-01-06T18:00:00+08:00");
}

static void wall_and_business(void **state)
{
	(void)state;
	struct cd_duration h2 = {DUR_WALL, 7200};
	struct cd_duration b8 = {DUR_BUSINESS, 8 * 3600};
	struct cd_duration b2 = {DUR_BUSINESS, 2 * 3600};
	/* Wall time ignores the calendar, even on a holiday. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-10-01T23:00"), &h2), "2026-10-02T01:00:00+08:00");
	/* 8 business hours from Monday 14:00: 4 h Monday, 4 h Tuesday. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-02T14:00"), &b8), "2026-11-03T13:00:00+08:00");
	/* Received Friday evening: 2 business hours end Monday 11:00. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-06T20:00"), &b2), "2026-11-09T11:00:00+08:00");
	/* Before opening: counting starts at 09:00. */
	assert_time(cal_add(&cfg->cal, TZ, T("2026-11-03T07:00"), &b2), "2026-11-03T11:00:00+08:00");
}

static void pause_extension(void **state)
{
	(void)state;
	cd_time due = T("2026-11-05T18:00");
	/* A working-day clock paused Tue 10:00 to Thu 10:00 gains 2 working days. */
	assert_time(cal_extend(&cfg->cal, TZ, due, DUR_WORKDAYS, T("2026-11-03T10:00"), T("2026-11-05T10:00")),
		    "2026-11-09T18:00:00+08:00");
	/* Paused and resumed the same day: no change. */
	assert_time(cal_extend(&cfg->cal, TZ, due, DUR_WORKDAYS, T("2026-11-03T10:00"), T("2026-11-03T16:00")),
		    "2026-11-05T18:00:00+08:00");
	/* Wall clock: the paused span itself. */
	assert_time(cal_extend(&cfg->cal, TZ, due, DUR_WALL, T("2026-11-03T10:00"), T("2026-11-03T11:30")),
		    "2026-11-05T19:30:00+08:00");
	/* Business clock paused over a weekend loses only business time. */
	assert_time(cal_extend(&cfg->cal, TZ, T("2026-11-09T11:00"), DUR_BUSINESS,
			       T("2026-11-06T17:00"), T("2026-11-09T10:00")),
		    "2026-11-09T13:00:00+08:00");
}

static void durations(void **state)
{
	(void)state;
	struct cd_duration d;
	struct cd_err err;
	assert_int_equal(cd_parse_duration("2h", &d, &err), 0);
	assert_int_equal(d.unit, DUR_WALL);
	assert_int_equal(d.amount, 7200);
	assert_int_equal(cd_parse_duration("1h30m", &d, &err), 0);
	assert_int_equal(d.amount, 5400);
	assert_int_equal(cd_parse_duration("3 working days", &d, &err), 0);
	assert_int_equal(d.unit, DUR_WORKDAYS);
	assert_int_equal(d.amount, 3);
	assert_int_equal(cd_parse_duration("3wd", &d, &err), 0);
	assert_int_equal(d.amount, 3);
	assert_int_equal(cd_parse_duration("8 business hours", &d, &err), 0);
	assert_int_equal(d.unit, DUR_BUSINESS);
	assert_int_equal(d.amount, 8 * 3600);
	static const char *const bad[] = {"-2h", "2 hourz", "", "h", "2h 3wd", "99999999999h", "2.5h", NULL};
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(cd_parse_duration(bad[i], &d, &err), -1);
		assert_non_null(strstr(err.msg, "duration"));
	}
	/* At most 3660 days, so that even in seconds the text reads back. */
	assert_int_equal(cd_parse_duration("3660d", &d, &err), 0);
	assert_int_equal(cd_parse_duration("316224000s", &d, &err), 0);
	assert_int_equal(cd_parse_duration("3660 working days", &d, &err), 0);
	assert_int_equal(cd_parse_duration("3661d", &d, &err), -1);
	assert_int_equal(cd_parse_duration("3661wd", &d, &err), -1);
	assert_int_equal(cd_parse_duration("99999999week9s", &d, &err), -1);
	assert_non_null(strstr(err.msg, "at most 3660 days"));
}

static void times(void **state)
{
	(void)state;
	cd_time t;
	struct cd_err err;
	assert_time(T("2026-11-02T09:30"), "2026-11-02T09:30:00+08:00");
	assert_time(T("2026-11-02 09:30:15"), "2026-11-02T09:30:15+08:00");
	assert_time(T("2026-11-02T01:30Z"), "2026-11-02T09:30:00+08:00");
	assert_time(T("2026-11-02T09:30+09:00"), "2026-11-02T08:30:00+08:00");
	assert_time(T("2026-11-02"), "2026-11-02T00:00:00+08:00");
	static const char *const bad[] = {"2026-02-30", "2026-13-01", "2026-11-02T25:00", "yesterday",
					  "2026-11-02T09:30+25:00", "2026-11-2", NULL};
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(cd_parse_time(bad[i], TZ, &t, &err), -1);
		assert_non_null(strstr(err.msg, bad[i]));
	}
	/* Written with its offset, a time reads back as the same instant, even
	 * in 1900, when Shanghai was 8:05:43 ahead of UTC. */
	cd_time again;
	char buf[32];
	assert_int_equal(cd_parse_time("1900-01-01T12:00", TZ, &t, &err), 0);
	assert_int_equal(cd_parse_time(cd_format_time(t, TZ, buf), TZ, &again, &err), 0);
	assert_int_equal(again, t);
	assert_time(t, "1900-01-01T11:59:17+08:05");
	/* Four-digit years in every zone. */
	assert_int_equal(cd_parse_time("0000-01-01", TZ, &t, &err), -1);
	assert_int_equal(cd_parse_time("9999-12-31T23:59-14:00", TZ, &t, &err), -1);
	assert_non_null(strstr(err.msg, "out of range"));
	assert_int_equal(cd_parse_time("9999-12-30T09:59-14:00", TZ, &t, &err), 0);
	assert_time(t, "9999-12-31T07:59:00+08:00");
	assert_int_equal(cd_parse_time("0000-01-02T00:00Z", TZ, &t, &err), 0);
	assert_time(t, "0000-01-02T08:05:00+08:05");
	/* 2028 is a leap year, 2100 is not. */
	assert_int_equal(cd_parse_time("2028-02-29", TZ, &t, &err), 0);
	assert_int_equal(cd_parse_time("2100-02-29", TZ, &t, &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workday_rules),
		cmocka_unit_test(three_working_days),
		cmocka_unit_test(holiday_week),
		cmocka_unit_test(year_end),
		cmocka_unit_test(wall_and_business),
		cmocka_unit_test(pause_extension),
		cmocka_unit_test(durations),
		cmocka_unit_test(times),
	};
	cfg_text = YAML;
	return cmocka_run_group_tests_name("calendar", tests, setup, teardown);
}
