/* The edges of the small parsers and printers everything else stands on:
 * display width, CSV, times, durations of text, money. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cdesk/csv.h"
#include "cdesk/money.h"
#include "cdesk/text.h"
#include "cdesk/timeutil.h"

static void fit_is(const char *s, int width, int pad, const char *want)
{
	struct strbuf sb;
	sb_init(&sb);
	text_fit(&sb, s, width, pad);
	assert_string_equal(sb.s ? sb.s : "", want);
	sb_free(&sb);
}

static void widths(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("加油站"), 6);
	assert_int_equal(text_width("A区3号"), 6);
	assert_int_equal(text_width("，"), 2); /* full-width punctuation */
	/* Cut by columns, never inside a character, the cut marked. */
	fit_is("加油站经理", 5, 0, "加油…");
	fit_is("加油站", 6, 0, "加油站");
	fit_is("ab", 4, 1, "ab  ");
	fit_is("加", 3, 1, "加 ");
	fit_is("a\nb\tc", 5, 0, "a b c");
	assert_int_equal(text_prefix_bytes("加油站", 5), 6);
	assert_int_equal(text_prefix_bytes("加油站", 1), 0);
}

/* Every record of text, each field joined by '|', records by '/'. */
static char *records(const char *text, struct cd_err *err, int *rc)
{
	struct csv_reader r;
	struct strlist f = {0};
	struct strbuf out;
	sb_init(&out);
	csv_init(&r, text, strlen(text), "t.csv");
	while ((*rc = csv_next(&r, &f, err)) > 0) {
		if (out.len)
			sb_putc(&out, '/');
		for (size_t i = 0; i < f.n; i++)
			sb_printf(&out, "%s%s", i ? "|" : "", f.v[i]);
	}
	sl_free(&f);
	csv_free(&r);
	return sb_steal(&out);
}

static void csv_edges(void **state)
{
	(void)state;
	struct cd_err err;
	int rc;
	char *s = records("a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n", &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "a|b/x,1|say \"hi\"");
	free(s);
	/* A quoted field keeps its line break; blank lines between records go. */
	s = records("\xEF\xBB\xBFname,note\n\n张三,\"第一行\n第二行\"\n", &err, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(s, "name|note/张三|第一行\n第二行");
	free(s);
	/* Empty fields stay fields. */
	s = records(",,\n", &err, &rc);
	assert_string_equal(s, "||");
	free(s);
	/* An unclosed quote names the line its record starts on. */
	s = records("a\nb\n\"open\n", &err, &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err.msg, "t.csv:3"));
	free(s);
}

static void csv_written_reads_back(void **state)
{
	(void)state;
	static const char *const fields[] = {"plain", "with,comma", "with \"quote\"", "line\nbreak", "", "中文"};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	for (size_t i = 0; i < 6; i++)
		csv_put(f, fields[i], i == 5 ? '\n' : ',');
	fclose(f);
	struct csv_reader r;
	struct strlist got = {0};
	struct cd_err err;
	csv_init(&r, buf, len, "w.csv");
	assert_int_equal(csv_next(&r, &got, &err), 1);
	assert_int_equal(got.n, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(got.v[i], fields[i]);
	assert_int_equal(csv_next(&r, &got, &err), 0);
	sl_free(&got);
	csv_free(&r);
	free(buf);
}

static void times(void **state)
{
	(void)state;
	struct cd_err err;
	cd_time t, u;
	char buf[32];
	/* Without an offset a time is read in the zone given; with one, not. */
	assert_int_equal(cd_parse_time("2026-11-02T09:30", "Asia/Shanghai", &t, &err), 0);
	assert_int_equal(cd_parse_time("2026-11-02T01:30Z", "Asia/Shanghai", &u, &err), 0);
	assert_true(t == u);
	assert_int_equal(cd_parse_time("2026-11-02T09:30+08:00", "UTC", &u, &err), 0);
	assert_true(t == u);
	assert_string_equal(cd_format_time(t, "Asia/Shanghai", buf), "2026-11-02T09:30:00+08:00");
	/* Written with its offset, a time reads back as the same instant. */
	assert_int_equal(cd_parse_time(buf, "UTC", &u, &err), 0);
	assert_true(t == u);
	/* Not times. */
	assert_int_equal(cd_parse_time("2026-02-30T10:00", "UTC", &u, &err), -1);
	assert_int_equal(cd_parse_time("2026-11-02T24:01", "UTC", &u, &err), -1);
	assert_int_equal(cd_parse_time("tomorrow", "UTC", &u, &err), -1);
	assert_non_null(strstr(err.msg, "tomorrow"));
	/* Civil days around a leap day and the epoch. */
	assert_int_equal(cd_days_from_civil(1970, 1, 1), 0);
	int y, m, d;
	cd_civil_from_days(cd_days_from_civil(2028, 2, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20280229);
	assert_int_equal(cd_weekday(cd_days_from_civil(2026, 12, 2)), 3); /* a Wednesday */
	/* A day in a zone with summer time starts at its own midnight. */
	int32_t day;
	int sec;
	cd_time midnight = cd_instant(cd_days_from_civil(2026, 3, 29), 0, "Europe/Berlin");
	cd_local(midnight + 12 * 3600, "Europe/Berlin", &day, &sec);
	assert_int_equal(sec, 13 * 3600); /* the clocks went forward that night */
}

static void money_is(const char *s, cd_money want)
{
	cd_money got = -1;
	struct cd_err err;
	if (cd_money_parse(s, CD_MONEY_MAX_REMEDY, &got, &err))
		fail_msg("'%s' was refused: %s", s, err.msg);
	assert_int_equal(got, want);
}

static void money_refused(const char *s, const char *why)
{
	cd_money got;
	struct cd_err err;
	assert_int_equal(cd_money_parse(s, CD_MONEY_MAX_REMEDY, &got, &err), -1);
	assert_int_equal(err.code, CD_EINPUT);
	if (!strstr(err.msg, why))
		fail_msg("'%s': got \"%s\", want \"%s\"", s, err.msg, why);
}

static void money(void **state)
{
	(void)state;
	char buf[CD_MONEY_BUF];
	money_is("50", 5000);
	money_is("49.5", 4950);
	money_is("49.50", 4950);
	money_is("0.01", 1);
	money_is(".5", 50);
	money_is("1000000000", CD_MONEY_MAX_REMEDY);
	money_refused("100.004", "more than two decimal places");
	money_refused("0x10", "not an amount");
	money_refused("-0", "not an amount");
	money_refused("1e3", "not an amount");
	money_refused("1,000", "not an amount");
	money_refused("", "not an amount");
	money_refused(".", "not an amount");
	money_refused("1000000000.01", "more than 1000000000.00 yuan");
	money_refused("99999999999999999999999", "more than");
	assert_string_equal(cd_money_format(4950, buf), "49.50");
	assert_string_equal(cd_money_format(0, buf), "0.00");
	assert_string_equal(cd_money_format(-305, buf), "-3.05");
	assert_string_equal(cd_money_format(INT64_MIN, buf), "-92233720368547758.08");
	/* Yuan in the event log's JSON come back as the same fen. */
	for (cd_money v = 0; v < 100000; v += 7)
		assert_int_equal(cd_money_of_yuan(cd_money_yuan(v)), v);
	assert_int_equal(cd_money_of_yuan(49.990000000000002), 4999);
	assert_int_equal(cd_money_of_yuan(0.1 + 0.2), 30);
}

/* Deadlines as people type them, relative to a pinned now: Wednesday
 * 2026-11-04 10:20 in Shanghai. */
static void deadlines_as_typed(void **state)
{
	(void)state;
	const char *tz = "Asia/Shanghai";
	cd_time now, t;
	struct cd_err err;
	char buf[32];
	assert_int_equal(cd_parse_time("2026-11-04T10:20", tz, &now, &err), 0);
	static const struct {
		const char *typed, *want;
	} ok[] = {
		{"14:00", "2026-11-04 14:00"},
		{" 9:05 ", "2026-11-04 09:05"},
		{"14：30", "2026-11-04 14:30"},          /* a full-width colon */
		{"tomorrow 18:00", "2026-11-05 18:00"},
		{"Tomorrow 8:00", "2026-11-05 08:00"},
		{"明天 18:00", "2026-11-05 18:00"},
		{"明天18:00", "2026-11-05 18:00"},
		{"后天 9:00", "2026-11-06 09:00"},
		{"today 23:59", "2026-11-04 23:59"},
		{"今天 17:00", "2026-11-04 17:00"},
		{"+2h", "2026-11-04 12:20"},
		{"+90m", "2026-11-04 11:50"},
		{"+3d", "2026-11-07 10:20"},
		{"+0h", "2026-11-04 10:20"},
		{"2026-11-25 17:00", "2026-11-25 17:00"},
		{"2026-11-25T17:00", "2026-11-25 17:00"},
		{"2026-12-31", "2026-12-31 00:00"},
		{"2026-11-25T17:00Z", "2026-11-26 01:00"},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		if (cd_parse_when(ok[i].typed, now, tz, &t, &err) != 0)
			fail_msg("'%s' refused: %s", ok[i].typed, err.msg);
		assert_string_equal(cd_format_short(t, tz, buf), ok[i].want);
	}
	/* Across a month and a year end, "tomorrow" is the next civil day. */
	cd_time eve;
	assert_int_equal(cd_parse_time("2026-12-31T22:00", tz, &eve, &err), 0);
	assert_int_equal(cd_parse_when("明天 9:00", eve, tz, &t, &err), 0);
	assert_string_equal(cd_format_short(t, tz, buf), "2027-01-01 09:00");
	/* Not deadlines: each refusal gives the forms that are understood. */
	static const char *const bad[] = {
		"", "tomorrow", "明天", "25:00", "14:60", "14", "14:0", "+2", "+h", "+2w", "+-2h", "2h",
		"+99999999999d", "next week", "14:00 tomorrow", "tomorrow 18:00 x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (cd_parse_when(bad[i], now, tz, &t, &err) == 0)
			fail_msg("'%s' taken as %s", bad[i], cd_format_short(t, tz, buf));
		assert_non_null(strstr(err.msg, "tomorrow 18:00"));
	}
	/* A date that is not one is said as by cd_parse_time. */
	assert_int_equal(cd_parse_when("2026-02-30 10:00", now, tz, &t, &err), -1);
	assert_non_null(strstr(err.msg, "'2026-02-30 10:00' is not a valid time"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(widths),
		cmocka_unit_test(csv_edges),
		cmocka_unit_test(csv_written_reads_back),
		cmocka_unit_test(times),
		cmocka_unit_test(deadlines_as_typed),
		cmocka_unit_test(money),
	};
	/* As cd_i18n_init does: widths are read in a UTF-8 locale. */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		fail_msg("no C.UTF-8 locale");
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
