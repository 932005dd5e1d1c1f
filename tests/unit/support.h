/* Helpers the unit tests share: times in the test zone. */
#ifndef CDESK_TEST_SUPPORT_H
#define CDESK_TEST_SUPPORT_H

#include "cdesk/timeutil.h"

static const char *TZ = "Asia/Shanghai";

/* An ISO 8601 time in TZ; fails the test when it does not parse. */
static inline cd_time T(const char *s)
{
	cd_time t;
	struct cd_err err;
	assert_int_equal(cd_parse_time(s, TZ, &t, &err), 0);
	return t;
}

/* got, formatted with its offset, is exactly want. */
static inline void assert_time(cd_time got, const char *want)
{
	char buf[32];
	cd_format_time(got, TZ, buf);
	assert_string_equal(buf, want);
}

#endif
