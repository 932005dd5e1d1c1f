/* Working-time arithmetic over the configured calendar: working weekdays,
 * public holidays and swapped working days (调休), in a site's time zone. */
#ifndef CDESK_CALENDAR_H
#define CDESK_CALENDAR_H

#include "cdesk/config.h"
#include "cdesk/timeutil.h"

/* True when day (a day number) is a working day. A swapped working day wins
 * over a weekend, a holiday wins over a weekday. */
int cal_is_workday(const struct cd_calendar *cal, int32_t day);

/* The deadline d after start in zone tz:
 *  - WALL: start + d seconds;
 *  - WORKDAYS: the day of start does not count; the deadline is day_end of
 *    the N-th working day after it;
 *  - BUSINESS: d seconds of business hours on working days. */
cd_time cal_add(const struct cd_calendar *cal, const char *tz, cd_time start,
		const struct cd_duration *d);

/* How much a pause from p0 to p1 pushes a deadline measured in unit:
 * wall seconds, business seconds, or working days whose date passed
 * during the pause. Returns the new deadline. */
cd_time cal_extend(const struct cd_calendar *cal, const char *tz, cd_time due,
		   enum cd_dur_unit unit, cd_time p0, cd_time p1);

/* Business seconds (working days within business hours) from a to b: the
 * working time between two instants. */
int64_t cal_business_between(const struct cd_calendar *cal, const char *tz, cd_time a, cd_time b);

/* Working days from the day of a to the day of b (the day of a not
 * counted), used by "open longer than N working days". */
int cal_workdays_between(const struct cd_calendar *cal, const char *tz, cd_time a, cd_time b);

/* t when it is within business hours on a working day, else the start of
 * the next business hours (quiet hours end). */
cd_time cal_next_open(const struct cd_calendar *cal, const char *tz, cd_time t);

#endif
