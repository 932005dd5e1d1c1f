/* Working days, business hours and durations. */
#define _GNU_SOURCE
#include "cdesk/calendar.h"
#include "cdesk/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No deadline looks further than this many days ahead: a calendar with
 * almost no working days cannot make the search run away. */
#define CAL_HORIZON 3660

static int day_in(const int32_t *v, size_t n, int32_t day)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid] == day)
			return 1;
		if (v[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int cal_is_workday(const struct cd_calendar *cal, int32_t day)
{
	if (day_in(cal->extra_workdays, cal->nextra, day))
		return 1;
	if (day_in(cal->holidays, cal->nholidays, day))
		return 0;
	return cal->workweek[cd_weekday(day)];
}

static cd_time add_workdays(const struct cd_calendar *cal, const char *tz, cd_time start, int64_t n)
{
	int32_t day;
	int sod;
	cd_local(start, tz, &day, &sod);
	int64_t counted = 0;
	for (int i = 0; i < CAL_HORIZON && counted < n; i++) {
		day++;
		if (cal_is_workday(cal, day))
			counted++;
	}
	return cd_instant(day, cal->day_end, tz);
}

/* Business seconds available on day from second `from` of that day. */
static int business_left(const struct cd_calendar *cal, int32_t day, int from)
{
	if (!cal_is_workday(cal, day))
		return 0;
	int s = from > cal->hours_start ? from : cal->hours_start;
	return s < cal->hours_end ? cal->hours_end - s : 0;
}

static cd_time add_business(const struct cd_calendar *cal, const char *tz, cd_time start, int64_t secs)
{
	int32_t day;
	int sod;
	cd_local(start, tz, &day, &sod);
	for (int i = 0; i < CAL_HORIZON; i++, day++, sod = 0) {
		int left = business_left(cal, day, sod);
		if (left >= secs && left > 0) {
			int s = sod > cal->hours_start ? sod : cal->hours_start;
			return cd_instant(day, s + (int)secs, tz);
		}
		secs -= left;
	}
	return cd_instant(day, cal->hours_end, tz);
}

cd_time cal_add(const struct cd_calendar *cal, const char *tz, cd_time start, const struct cd_duration *d)
{
	switch (d->unit) {
	case DUR_WORKDAYS:
		return add_workdays(cal, tz, start, d->amount);
	case DUR_BUSINESS:
		return add_business(cal, tz, start, d->amount);
	case DUR_WALL:
	default:
		return start + d->amount;
	}
}

int64_t cal_business_between(const struct cd_calendar *cal, const char *tz, cd_time a, cd_time b)
{
	int32_t da, db;
	int sa, sb;
	int64_t total = 0;
	if (b <= a)
		return 0;
	cd_local(a, tz, &da, &sa);
	cd_local(b, tz, &db, &sb);
	for (int32_t day = da; day <= db && day - da < CAL_HORIZON; day++) {
		int from = day == da ? sa : 0;
		int left = business_left(cal, day, from);
		if (day == db) /* subtract what lies after b */
			left -= business_left(cal, day, sb);
		total += left > 0 ? left : 0;
	}
	return total;
}

int cal_workdays_between(const struct cd_calendar *cal, const char *tz, cd_time a, cd_time b)
{
	int32_t da, db;
	int s;
	int n = 0;
	cd_local(a, tz, &da, &s);
	cd_local(b, tz, &db, &s);
	for (int32_t day = da + 1; day <= db && day - da < CAL_HORIZON; day++)
		n += cal_is_workday(cal, day);
	return n;
}

cd_time cal_extend(const struct cd_calendar *cal, const char *tz, cd_time due,
		   enum cd_dur_unit unit, cd_time p0, cd_time p1)
{
	if (p1 <= p0)
		return due;
	switch (unit) {
	case DUR_WORKDAYS: {
		int n = cal_workdays_between(cal, tz, p0, p1);
		struct cd_duration d = {DUR_WORKDAYS, n};
		return n ? cal_add(cal, tz, due - 1, &d) : due;
	}
	case DUR_BUSINESS: {
		struct cd_duration d = {DUR_BUSINESS, cal_business_between(cal, tz, p0, p1)};
		return d.amount ? cal_add(cal, tz, due, &d) : due;
	}
	case DUR_WALL:
	default:
		return due + (p1 - p0);
	}
}

/* Durations. */

struct unit_word {
	const char *word;
	enum cd_dur_unit unit;
	int64_t mult;
};

static const struct unit_word unit_words[] = {
	{"s", DUR_WALL, 1}, {"sec", DUR_WALL, 1}, {"second", DUR_WALL, 1}, {"seconds", DUR_WALL, 1},
	{"m", DUR_WALL, 60}, {"min", DUR_WALL, 60}, {"minute", DUR_WALL, 60}, {"minutes", DUR_WALL, 60},
	{"h", DUR_WALL, 3600}, {"hour", DUR_WALL, 3600}, {"hours", DUR_WALL, 3600},
	{"d", DUR_WALL, 86400}, {"day", DUR_WALL, 86400}, {"days", DUR_WALL, 86400},
	{"w", DUR_WALL, (int64_t)7 * 86400}, {"week", DUR_WALL, (int64_t)7 * 86400}, {"weeks", DUR_WALL, (int64_t)7 * 86400},
	{"wd", DUR_WORKDAYS, 1}, {"working day", DUR_WORKDAYS, 1}, {"working days", DUR_WORKDAYS, 1},
	{"bh", DUR_BUSINESS, 3600}, {"business hour", DUR_BUSINESS, 3600},
	{"business hours", DUR_BUSINESS, 3600},
	{"bm", DUR_BUSINESS, 60}, {"business minutes", DUR_BUSINESS, 60},
};

static const struct unit_word *find_unit(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof unit_words / sizeof *unit_words; i++)
		if (strlen(unit_words[i].word) == n && strncmp(unit_words[i].word, w, n) == 0)
			return &unit_words[i];
	return NULL;
}

/* The longest duration, in seconds (working days: in days). Its
 * canonical text, even in seconds, reads back. */
#define DUR_MAX_DAYS CAL_HORIZON
#define DUR_MAX_SECONDS ((int64_t)DUR_MAX_DAYS * 86400)

int cd_parse_duration(const char *s, struct cd_duration *d, struct cd_err *err)
{
	const char *p = s;
	int parts = 0;
	d->unit = DUR_WALL;
	d->amount = 0;
	while (*p == ' ')
		p++;
	while (*p) {
		if (!isdigit((unsigned char)*p))
			goto bad;
		int64_t n = 0;
		while (isdigit((unsigned char)*p)) {
			n = n * 10 + (*p++ - '0');
			if (n > DUR_MAX_SECONDS)
				goto too_long;
		}
		while (*p == ' ')
			p++;
		/* The unit runs to the next digit (or the end), trailing spaces cut. */
		const char *u = p;
		while (*p && !isdigit((unsigned char)*p))
			p++;
		size_t un = (size_t)(p - u);
		while (un && u[un - 1] == ' ')
			un--;
		const struct unit_word *w = find_unit(u, un);
		if (!w || (parts && (w->unit != d->unit)))
			goto bad;
		d->unit = w->unit;
		d->amount += n * w->mult;
		if (d->amount > (d->unit == DUR_WORKDAYS ? DUR_MAX_DAYS : DUR_MAX_SECONDS))
			goto too_long;
		parts++;
	}
	if (!parts)
		goto bad;
	return 0;
too_long:
	return cd_fail(err, CD_EINPUT, _("'%s' is too long a duration (at most %d days)"), s, DUR_MAX_DAYS);
bad:
	return cd_fail(err, CD_EINPUT,
		       _("'%s' is not a duration (expected e.g. 30m, 2h, 1h30m, 3d, 3 working days, 8 business hours)"), s);
}

char *cd_duration_text(const struct cd_duration *d, char *buf)
{
	int64_t a = d->amount;
	switch (d->unit) {
	case DUR_WORKDAYS:
		snprintf(buf, 48, "%lld working days", (long long)a);
		break;
	case DUR_BUSINESS:
		if (a % 3600 == 0)
			snprintf(buf, 48, "%lld business hours", (long long)(a / 3600));
		else
			snprintf(buf, 48, "%lld business minutes", (long long)(a / 60));
		break;
	case DUR_WALL:
	default:
		if (a % 86400 == 0 && a)
			snprintf(buf, 48, "%lldd", (long long)(a / 86400));
		else if (a % 3600 == 0 && a)
			snprintf(buf, 48, "%lldh", (long long)(a / 3600));
		else if (a % 60 == 0)
			snprintf(buf, 48, "%lldm", (long long)(a / 60));
		else
			snprintf(buf, 48, "%llds", (long long)a);
	}
	return buf;
}

cd_time cal_next_open(const struct cd_calendar *cal, const char *tz, cd_time t)
{
	int32_t day;
	int sod;
	cd_local(t, tz, &day, &sod);
	if (cal_is_workday(cal, day) && sod >= cal->hours_start && sod < cal->hours_end)
		return t;
	if (sod >= cal->hours_start)
		day++;
	for (int i = 0; i < CAL_HORIZON && !cal_is_workday(cal, day); i++)
		day++;
	return cd_instant(day, cal->hours_start, tz);
}
