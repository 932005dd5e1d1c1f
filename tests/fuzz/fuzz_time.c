/* Dates and times: cd_parse_date ("2026-02-28") and cd_parse_time
 * ("2026-02-28T09:00+08:00", local to a zone without an offset), in a zone
 * without summer time, one with it, and UTC. A date that parses is written
 * back (cd_format_day) exactly as it was given; a time that parses is
 * written with its offset (cd_format_time, what exports and --json show)
 * and reads back as the same instant. A date is also a time, but at either
 * end of the years 0000 to 9999. */
#include "fuzz.h"
#include "cdesk/timeutil.h"

static const char *const zones[] = {"Asia/Shanghai", "America/New_York", "UTC"};

static void check_date(const char *s)
{
	int32_t day;
	struct cd_err err;
	char text[16];
	if (cd_parse_date(s, &day, &err)) {
		fuzz_check(err.code == CD_EINPUT, "date '%s': error code %d", s, err.code);
		return;
	}
	cd_format_day(day, text);
	fuzz_check(strcmp(text, s) == 0, "date '%s' is written back as '%s'", s, text);
}

static void check_time(const char *s, const char *tz)
{
	cd_time t, again;
	int32_t day;
	struct cd_err err;
	char text[32];
	if (cd_parse_time(s, tz, &t, &err)) {
		fuzz_check(err.code == CD_EINPUT, "time '%s': error code %d", s, err.code);
		fuzz_check(cd_parse_date(s, &day, NULL) != 0 || day <= cd_days_from_civil(0, 1, 2) ||
			   day >= cd_days_from_civil(9999, 12, 30), "'%s' is a date but not a time in %s", s, tz);
		return;
	}
	cd_format_time(t, tz, text);
	fuzz_check(cd_parse_time(text, tz, &again, &err) == 0,
		   "time '%s' in %s is written as '%s', which does not read back: %s", s, tz, text, err.msg);
	fuzz_check(again == t, "time '%s' in %s is written as '%s', which reads back %lld s off",
		   s, tz, text, (long long)(again - t));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	check_date(s);
	for (size_t i = 0; i < sizeof zones / sizeof *zones; i++)
		check_time(s, zones[i]);
	free(s);
	return 0;
}
