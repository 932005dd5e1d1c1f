/* Which complaints a list, a count or the deadline queue asks for. */
#ifndef CDESK_QUERY_H
#define CDESK_QUERY_H

#include "cdesk/timeutil.h"

/* Unset members are NULL / 0 / CD_TIME_NONE. */
struct cd_filter {
	const char *state;          /* a state id, "open" or "all" (default open) */
	const char *site, *channel, *category, *owner, *phone;
	const char *sites;          /* only these sites, joined by commas (NULL: any) */
	const char *text;           /* substring of customer, phone, plate, reference, description */
	int text_public;            /* text only as a substring of reference or description, or as
				       a whole phone or plate: for who may not see personal data */
	cd_time from, to;           /* received in [from, to) */
	cd_time overdue_at;         /* only with an open clock due before this */
	int escalated;              /* only with an escalation level > 0 */
	int limit, offset;          /* limit 0 means no limit */
	int oldest_first;           /* default: newest first */
	int by_deadline;            /* soonest open deadline first (the queue) */
};
void cd_filter_init(struct cd_filter *f);

#endif
