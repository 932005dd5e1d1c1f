/* Clocks (SLA): computed from a complaint's event log and the configured
 * clock definitions. Pure functions: no database, no terminal. */
#ifndef CDESK_SLA_H
#define CDESK_SLA_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"

/* Every clock instance of complaint c from its events (oldest first):
 * configured clocks (a repeating clock has one instance per round) and one
 * clock per promise. out is filled; free with cd_clocks_free. */
void sla_compute(const struct cd_config *cfg, const struct cd_complaint *c,
		 const struct cd_events *ev, struct cd_clocks *out);

/* Status of an instance at now; *due_now gets the deadline as it stands at
 * now (a paused clock's deadline moves on while it is paused). */
enum cd_clock_status sla_status(const struct cd_config *cfg, const char *tz,
				const struct cd_clock *k, cd_time now, cd_time *due_now);

/* True when an instance is still running (not met, not stopped). */
int sla_is_open(const struct cd_clock *k);

/* The label of an instance's clock in the UI language. */
const char *sla_clock_label(const struct cd_config *cfg, const struct cd_clock *k);

/* The promise's due time from a promise event's data, or CD_TIME_NONE. */
cd_time sla_promise_due(const struct cd_event *e);
/* The promise event a promise_kept event refers to (0: the oldest open). */
int64_t sla_kept_ref(const struct cd_event *e);

#endif
