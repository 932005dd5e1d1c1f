/* Words for people about events, for timelines. */
#ifndef CDESK_DESCRIBE_H
#define CDESK_DESCRIBE_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"

/* Append one sentence saying what event e did to complaint c ("resolved
 * the complaint", "gave a remedy: Refund, 12.50 yuan, the customer
 * agreed"), in the UI language; the event's note is not included. ev is
 * the complaint's log, e among them (or NULL): a promise kept, a measure
 * carried out and a refusal say what they refer to from it. */
void cd_event_describe(const struct cd_config *cfg, const struct cd_complaint *c,
		       const struct cd_events *ev, const struct cd_event *e, struct strbuf *sb);

#endif
