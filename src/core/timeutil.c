/* Time: the injectable clock, ISO 8601, civil dates and zones.
 * Zone conversion goes through the C library with TZ set to the zone; the
 * current zone is cached so repeated conversions in one zone are cheap. */
#define _GNU_SOURCE
#include "cdesk/timeutil.h"
#include "cdesk/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

static int now_pinned;
static cd_time now_value;
static struct {
	char *path, *tz;
	struct timespec mtime;
	off_t size;
} follow;

/* Read the followed file again if it changed; keeps the last good time. */
static int reread(struct cd_err *err)
{
	struct stat st;
	if (stat(follow.path, &st) != 0)
		return cd_fail(err, CD_EUSAGE, _("cannot read the clock file %s"), follow.path);
	if (st.st_mtim.tv_sec == follow.mtime.tv_sec && st.st_mtim.tv_nsec == follow.mtime.tv_nsec &&
	    st.st_size == follow.size)
		return 0;
	char buf[64] = "";
	FILE *f = fopen(follow.path, "r");
	if (!f || !fgets(buf, sizeof buf, f)) {
		if (f)
			fclose(f);
		return cd_fail(err, CD_EUSAGE, _("cannot read the clock file %s"), follow.path);
	}
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	cd_time t;
	if (cd_parse_time(buf, follow.tz, &t, err))
		return -1;
	follow.mtime = st.st_mtim;
	follow.size = st.st_size;
	cd_now_pin(t);
	return 0;
}

int cd_now_is_pinned(void)
{
	return now_pinned || follow.path != NULL;
}

cd_time cd_real_now(void)
{
	return (cd_time)time(NULL);
}

cd_time cd_now(void)
{
	if (follow.path)
		reread(NULL);
	return now_pinned ? now_value : (cd_time)time(NULL);
}

int cd_now_follow(const char *path, const char *tz, struct cd_err *err)
{
	free(follow.path);
	free(follow.tz);
	follow.path = xstrdup(path);
	follow.tz = xstrdup(tz);
	follow.size = -1;
	return reread(err);
}

void cd_now_pin(cd_time t)
{
	now_pinned = 1;
	now_value = t;
}

int32_t cd_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void cd_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

int cd_weekday(int32_t day)
{
	int w = (int)((day + 4) % 7);
	return w < 0 ? w + 7 : w;
}

static char *current_tz;

/* What localtime says of an instant, in the zone in use. It is slow (glibc
 * parses the zone's rule again for every instant after the zone's last
 * listed change), and the clocks of a complaint ask about the same
 * instants after every action: the last answers are kept, by instant,
 * and forgotten when the zone changes. */
struct local_at {
	cd_time t;
	int32_t day;
	int sod, known;
	long offset;
};
#define LOCAL_MEMO 256
static struct local_at local_memo[LOCAL_MEMO];

static void use_tz(const char *tz)
{
	if (current_tz && strcmp(current_tz, tz) == 0)
		return;
	free(current_tz);
	current_tz = xstrdup(tz);
	setenv("TZ", tz, 1);
	tzset();
	memset(local_memo, 0, sizeof local_memo);
}

static const struct local_at *local_at(cd_time t, const char *tz)
{
	use_tz(tz);
	struct local_at *m = &local_memo[((uint64_t)t * 0x9E3779B97F4A7C15u) >> 56];
	if (m->known && m->t == t)
		return m;
	struct tm tm;
	time_t tt = (time_t)t;
	memset(&tm, 0, sizeof tm);
	localtime_r(&tt, &tm);
	m->t = t;
	m->day = cd_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	m->sod = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	m->offset = tm.tm_gmtoff;
	m->known = 1;
	return m;
}

int cd_tz_valid(const char *tz)
{
	if (str_empty(tz) || strstr(tz, ".."))
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	char *path = xasprintf("/usr/share/zoneinfo/%s", tz);
	int ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

void cd_local(cd_time t, const char *tz, int32_t *day, int *sec_of_day)
{
	const struct local_at *m = local_at(t, tz);
	*day = m->day;
	*sec_of_day = m->sod;
}

/* Offset of zone tz from UTC at instant t, in seconds. */
static long tz_offset(cd_time t, const char *tz)
{
	return local_at(t, tz)->offset;
}

cd_time cd_instant(int32_t day, int sec_of_day, const char *tz)
{
	cd_time guess = (cd_time)day * 86400 + sec_of_day;
	/* Two passes settle the offset except inside a DST gap, where the
	 * later offset wins: good enough for deadlines. */
	cd_time t = guess - tz_offset(guess, tz);
	return guess - tz_offset(t, tz);
}

static int parse_num(const char **p, int digits, int *out)
{
	int v = 0;
	for (int i = 0; i < digits; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += digits;
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int parse_ymd(const char **p, int *y, int *m, int *d)
{
	if (parse_num(p, 4, y) || *(*p)++ != '-' || parse_num(p, 2, m) ||
	    *(*p)++ != '-' || parse_num(p, 2, d))
		return -1;
	if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int cd_parse_date(const char *s, int32_t *day, struct cd_err *err)
{
	const char *p = s;
	int y, m, d;
	if (parse_ymd(&p, &y, &m, &d) || *p)
		return cd_fail(err, CD_EINPUT, _("'%s' is not a date (expected YYYY-MM-DD)"), s);
	*day = cd_days_from_civil(y, m, d);
	return 0;
}

static int parse_offset(const char **p, long *off)
{
	int h, mi = 0, sign;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		*off = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = *(*p)++ == '-' ? -1 : 1;
	if (parse_num(p, 2, &h))
		return -1;
	if (**p == ':')
		(*p)++;
	if (**p && parse_num(p, 2, &mi))
		return -1;
	if (h > 14 || mi > 59)
		return -1;
	*off = sign * (h * 3600L + mi * 60L);
	return 0;
}

int cd_parse_time(const char *s, const char *tz, cd_time *out, struct cd_err *err)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	long off = 0;
	int has_off = 0;

	if (parse_ymd(&p, &y, &mo, &d))
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (parse_num(&p, 2, &h) || *p++ != ':' || parse_num(&p, 2, &mi))
			goto bad;
		if (*p == ':') {
			p++;
			if (parse_num(&p, 2, &sec))
				goto bad;
		}
		if (h > 23 || mi > 59 || sec > 59)
			goto bad;
	}
	if (*p) {
		if (parse_offset(&p, &off) || *p)
			goto bad;
		has_off = 1;
	}
	int32_t day = cd_days_from_civil(y, mo, d);
	int sod = h * 3600 + mi * 60 + sec;
	if (has_off)
		*out = (cd_time)day * 86400 + sod - off;
	else
		*out = cd_instant(day, sod, tz);
	/* A day inside the years 0000 to 9999, so that the time written in
	 * any zone has a four-digit year and reads back. */
	if (*out < (cd_time)cd_days_from_civil(0, 1, 2) * 86400 ||
	    *out >= (cd_time)cd_days_from_civil(9999, 12, 31) * 86400)
		return cd_fail(err, CD_EINPUT, _("'%s' is out of range (from 0000-01-02 to 9999-12-30, UTC)"), s);
	return 0;
bad:
	cd_fail(err, CD_EINPUT,
		_("'%s' is not a valid time (expected ISO 8601, e.g. 2026-11-02T09:30 or 2026-11-02T09:30+08:00)"), s);
	return -1;
}

/* "H:MM" or "HH:MM" (a full-width colon too), nothing after it. */
static int clock_time(const char *p, int *sod)
{
	int h = 0, mi = 0, digits = 0;
	while (*p >= '0' && *p <= '9' && digits < 2)
		h = h * 10 + (*p++ - '0'), digits++;
	if (!digits)
		return -1;
	if (*p == ':')
		p++;
	else if (strncmp(p, "\xef\xbc\x9a", 3) == 0) /* ： */
		p += 3;
	else
		return -1;
	if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') || p[2])
		return -1;
	mi = (p[0] - '0') * 10 + (p[1] - '0');
	if (h > 23 || mi > 59)
		return -1;
	*sod = h * 3600 + mi * 60;
	return 0;
}

/* A word for a day from today ("tomorrow", "明天"), its length in *len. */
static int day_word(const char *p, size_t *len)
{
	static const struct {
		const char *word;
		int days;
	} words[] = {
		{"today", 0}, {"tomorrow", 1}, {"今天", 0}, {"明天", 1}, {"后天", 2},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t n = strlen(words[i].word);
		if (strncasecmp(p, words[i].word, n) == 0) {
			*len = n;
			return words[i].days;
		}
	}
	return -1;
}

int cd_parse_when(const char *text, cd_time now, const char *tz, cd_time *out, struct cd_err *err)
{
	char s[80] = "";
	size_t n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	while (n && (*text == ' ' || *text == '\t'))
		text++, n--;
	if (n >= sizeof s)
		goto bad;
	memcpy(s, text, n);
	s[n] = '\0';
	int32_t today;
	int sod, ignored;
	cd_local(now, tz, &today, &ignored);
	if (s[0] == '+') {
		/* +90m, +2h, +3d: that long from now (days of 24 hours). */
		char *end;
		errno = 0;
		long v = strtol(s + 1, &end, 10);
		static const char units[] = "mhd";
		static const int64_t secs[] = {60, 3600, 86400};
		const char *u = *end && !end[1] ? strchr(units, *end) : NULL;
		if (end == s + 1 || !u || errno || v < 0 || v > 100000)
			goto bad;
		*out = now + v * secs[u - units];
		return 0;
	}
	if (clock_time(s, &sod) == 0) {
		*out = cd_instant(today, sod, tz);
		return 0;
	}
	size_t len;
	int days = day_word(s, &len);
	if (days >= 0) {
		const char *p = s + len;
		while (*p == ' ')
			p++;
		if (clock_time(p, &sod))
			goto bad;
		*out = cd_instant(today + days, sod, tz);
		return 0;
	}
	/* A full date, with a time or not (a date alone is its midnight):
	   what is wrong with one is said as for any ISO time. */
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
	    isdigit((unsigned char)s[3]) && s[4] == '-')
		return cd_parse_time(s, tz, out, err);
bad:
	return cd_fail(err, CD_EINPUT,
		       _("'%s' is not a time I understand: write 14:00 (today), tomorrow 18:00, +2h, +3d or 2026-11-25 17:00"),
		       text);
}

char *cd_format_time(cd_time t, const char *tz, char *buf)
{
	/* The offset in whole minutes, as ISO 8601 writes it, and the clock
	 * read with that offset: the text stands for t to the second even where
	 * the zone's old local mean time was off by seconds (Shanghai before
	 * 1901 was +08:05:43). */
	long off = tz_offset(t, tz) / 60 * 60;
	cd_time local = t + off;
	int32_t day = (int32_t)((local >= 0 ? local : local - 86399) / 86400);
	int sod = (int)(local - (cd_time)day * 86400), y, m, d;
	cd_civil_from_days(day, &y, &m, &d);
	int aoff = (int)((off < 0 ? -off : off) % 86400);
	char tmp[80];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, m, d,
		 sod / 3600, sod / 60 % 60, sod % 60, off < 0 ? '-' : '+',
		 aoff / 3600, aoff / 60 % 60);
	snprintf(buf, 32, "%.31s", tmp);
	return buf;
}

char *cd_format_short(cd_time t, const char *tz, char *buf)
{
	int32_t day;
	int sod, y, m, d;
	cd_local(t, tz, &day, &sod);
	cd_civil_from_days(day, &y, &m, &d);
	snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d", y, m, d, sod / 3600, sod / 60 % 60);
	return buf;
}

char *cd_format_day(int32_t day, char *buf)
{
	int y, m, d;
	cd_civil_from_days(day, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *cd_format_span(int64_t secs, char *buf)
{
	const char *sign = secs < 0 ? "-" : "";
	int64_t a = secs < 0 ? -secs : secs;
	int64_t d = a / 86400, h = a / 3600 % 24, m = a / 60 % 60;
	/* TRANSLATORS: remaining time: sign, days, hours (e.g. "3d 06h"). */
	if (d > 0)
		snprintf(buf, 32, _("%s%lldd %02lldh"), sign, (long long)d, (long long)h);
	/* TRANSLATORS: remaining time: sign, hours, minutes (e.g. "2h 05m"). */
	else if (h > 0)
		snprintf(buf, 32, _("%s%lldh %02lldm"), sign, (long long)h, (long long)m);
	/* TRANSLATORS: remaining time: sign, minutes (e.g. "45m"). */
	else
		snprintf(buf, 32, _("%s%lldm"), sign, (long long)m);
	return buf;
}
