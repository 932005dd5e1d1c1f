/* Time: one injectable "now", ISO 8601 parsing and formatting, civil dates
 * and time-zone conversion. All instants are seconds since the Unix epoch. */
#ifndef CDESK_TIMEUTIL_H
#define CDESK_TIMEUTIL_H

#include <stdint.h>
#include <time.h>
#include "cdesk/util.h"

typedef int64_t cd_time;
#define CD_TIME_NONE INT64_MIN

/* The one place every clock computation asks for "now". Returns the pinned
 * instant when cd_now_pin() was called, else the system clock. */
cd_time cd_now(void);
void cd_now_pin(cd_time t);
/* Whether "now" is pinned (by cd_now_pin or cd_now_follow). */
int cd_now_is_pinned(void);
/* The machine's clock, whatever is pinned: for what must not be moved by
 * a pinned time (the lock-out, the audit trail, "not in the future"). */
cd_time cd_real_now(void);
/* Follow a clock kept in a file (CDESK_NOW=@FILE): the time written in it
 * (ISO 8601, read in zone tz) is "now", read again whenever the file
 * changes, so a test can move a running desk's time without waiting.
 * Fails when the file cannot be read or parsed now. */
int cd_now_follow(const char *path, const char *tz, struct cd_err *err);

/* Parse ISO 8601 "YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]" (a space may stand for
 * T). Without an offset the time is local to tz. A date alone is midnight.
 * Returns -1 with a reason naming the text when it is not a real time. */
int cd_parse_time(const char *s, const char *tz, cd_time *out, struct cd_err *err);

/* A time as people type a deadline, in zone tz, relative to now: "14:00"
 * (today), "tomorrow 18:00" (or "today", 明天, 今天, 后天: the day after
 * tomorrow), "+90m", "+2h", "+3d" (that long from now), or whatever
 * cd_parse_time takes ("2026-11-25 17:00"). Whether it is in the future is
 * for the caller to say. Returns -1 with a reason giving the forms. */
int cd_parse_when(const char *s, cd_time now, const char *tz, cd_time *out, struct cd_err *err);

/* Parse "YYYY-MM-DD" into a day number (days since 1970-01-01). */
int cd_parse_date(const char *s, int32_t *day, struct cd_err *err);

/* Format t as ISO 8601 with tz's offset, e.g. 2026-11-02T09:30:00+08:00.
 * buf must hold 32 bytes. Returns buf. */
char *cd_format_time(cd_time t, const char *tz, char *buf);
/* Short local form "2026-11-02 09:30" for tables. buf: 32 bytes. */
char *cd_format_short(cd_time t, const char *tz, char *buf);
/* "YYYY-MM-DD" for a day number. buf: 16 bytes. */
char *cd_format_day(int32_t day, char *buf);

/* Civil date <-> day number, proleptic Gregorian. */
int32_t cd_days_from_civil(int y, int m, int d);
void cd_civil_from_days(int32_t z, int *y, int *m, int *d);
/* 0 = Sunday … 6 = Saturday. */
int cd_weekday(int32_t day);

/* Local calendar day and second of that day for instant t in zone tz. */
void cd_local(cd_time t, const char *tz, int32_t *day, int *sec_of_day);
/* The instant when it is sec_of_day on day in zone tz (sec may be 86400). */
cd_time cd_instant(int32_t day, int sec_of_day, const char *tz);
/* True when tz names a zone the system knows. */
int cd_tz_valid(const char *tz);

/* "2h 05m", "-1d 03h" style remaining time for humans. buf: 32 bytes. */
char *cd_format_span(int64_t secs, char *buf);

#endif
