/* Helpers the unit tests share: times in the test zone, the config under test. */
#ifndef CDESK_TEST_SUPPORT_H
#define CDESK_TEST_SUPPORT_H

#include <string.h>
#include "cdesk/config.h"
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

/* The configuration under test, parsed from cfg_text by setup(). */
static struct cd_config *cfg;
static const char *cfg_text;

static int setup(void **state)
{
	struct cd_err err;
	(void)state;
	cfg = cd_config_parse(cfg_text, strlen(cfg_text), "test.yaml", &err);
	if (!cfg)
		fail_msg("config: %s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cd_config_free(cfg);
	return 0;
}

#endif
