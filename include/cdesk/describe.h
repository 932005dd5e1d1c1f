/* Words for people about events, for timelines. */
#ifndef CDESK_DESCRIBE_H
#define CDESK_DESCRIBE_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"

/* Append one line saying what event e did to complaint c ("received →
 * listened", "Remedy: Refund, 12.50 yuan, customer agreed"), in the UI
 * language; the event's note is not included. */
void cd_event_describe(const struct cd_config *cfg, const struct cd_complaint *c,
		       const struct cd_event *e, struct strbuf *sb);

#endif
