/* A complaint rebuilt from its event log, the record the stored row must
 * agree with: audit verify holds every row to it. */
#ifndef CDESK_REPLAY_H
#define CDESK_REPLAY_H

#include <stddef.h>
#include "cdesk/complaint.h"
#include "cdesk/util.h"

/* Complaint id as events ev (all of its log, oldest first) tell it: its
 * fields (purged ones NULL), owner, state, escalation, pause, the remedy
 * awaiting approval and the times of its steps. Fills c (free it with
 * cd_complaint_free). Fails when the log does not begin with 'received'. */
int cd_replay(int64_t id, const struct cd_events *ev, struct cd_complaint *c, struct cd_err *err);
/* 1, with why (translated) filled, when the stored row says something
 * the log does not; 0 when they agree. */
int cd_replay_differs(const struct cd_complaint *row, const struct cd_complaint *log, char *why, size_t size);

#endif
