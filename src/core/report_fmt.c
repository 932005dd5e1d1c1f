/* Figures as people read them: counts with grouped digits, shares as
 * percentages, durations, yuan, scores; and their change against the
 * period before. Every document writer and the analysis screen use these. */
#define _GNU_SOURCE
#include "cdesk/i18n.h"
#include "cdesk/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "1234567.5" with its digits grouped: "1,234,567.5". */
static void group_digits(const char *num, const char *pre, char *buf)
{
	const char *dot = strchr(num, '.');
	size_t ndig = dot ? (size_t)(dot - num) : strlen(num);
	size_t o = (size_t)snprintf(buf, 48, "%s", pre);
	for (size_t i = 0; i < ndig && o < 40; i++) {
		if (i > 0 && (ndig - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = num[i];
	}
	snprintf(buf + o, 48 - o, "%s", dot ? dot : "");
}

/* Working time as hours and minutes: "37h 05m". */
static char *hours(long long secs, char *buf)
{
	/* TRANSLATORS: remaining time: sign, hours, minutes (e.g. "2h 05m"). */
	snprintf(buf, 48, _("%s%lldh %02lldm"), secs < 0 ? "-" : "", llabs(secs) / 3600, llabs(secs) / 60 % 60);
	return buf;
}

char *report_format_value(enum rp_fmt fmt, const struct rp_value *v, char *buf)
{
	char num[48];
	char span[32];
	if (!v->has) {
		snprintf(buf, 48, "—");
		return buf;
	}
	switch (fmt) {
	case RF_COUNT:
		snprintf(num, sizeof num, "%.0f", fabs(v->v));
		group_digits(num, v->v < 0 ? "-" : "", buf);
		break;
	case RF_PERCENT: snprintf(buf, 48, "%.1f%%", v->v * 100); break;
	case RF_SECONDS: snprintf(buf, 48, "%s", cd_format_span((int64_t)llround(v->v), span)); break;
	case RF_MONEY:
		snprintf(num, sizeof num, "%.2f", fabs(v->v));
		group_digits(num, v->v < 0 ? "-¥" : "¥", buf);
		break;
	case RF_SCORE: snprintf(buf, 48, "%.2f", v->v); break;
	case RF_HOURS: hours(llround(v->v), buf); break;
	}
	return buf;
}

char *report_format_change(enum rp_fmt fmt, int better, const struct rp_value *cur,
			   const struct rp_value *prev, int *verdict, char *buf)
{
	char span[48], num[48];
	*verdict = 0;
	if (!cur->has || !prev->has) {
		snprintf(buf, 48, "—");
		return buf;
	}
	double d = cur->v - prev->v;
	int timed = fmt == RF_SECONDS || fmt == RF_HOURS;
	if (fabs(d) < (timed ? 60 : 1e-9)) { /* durations show whole minutes */
		snprintf(buf, 48, "±0");
		return buf;
	}
	*verdict = better * (d > 0 ? 1 : -1);
	const char *sign = d > 0 ? "+" : "-";
	double a = fabs(d);
	struct rp_value av = {a, 1};
	switch (fmt) {
	case RF_COUNT: snprintf(buf, 48, "%s%.40s", sign, report_format_value(fmt, &av, span)); break;
	/* TRANSLATORS: a change in percentage points. */
	case RF_PERCENT: snprintf(buf, 48, _("%s%.1f pp"), sign, a * 100); break;
	case RF_SECONDS: snprintf(buf, 48, "%s%s", sign, cd_format_span((int64_t)llround(a), span)); break;
	case RF_MONEY: snprintf(buf, 48, "%s%.40s", sign, report_format_value(fmt, &av, num)); break;
	case RF_SCORE: snprintf(buf, 48, "%s%.2f", sign, a); break;
	case RF_HOURS: snprintf(buf, 48, "%s%.40s", sign, hours(llround(a), num)); break;
	}
	return buf;
}

