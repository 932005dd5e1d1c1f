/* The handling method as a state machine: listen, apologize, record,
 * resolve, follow up; plus reopen and withdraw. Also the fixed domain
 * vocabularies (event kinds, customer needs and behaviours, cause sides). */
#ifndef CDESK_WORKFLOW_H
#define CDESK_WORKFLOW_H

#include "cdesk/util.h"

enum cd_state {
	ST_RECEIVED, ST_LISTENED, ST_APOLOGIZED, ST_RECORDED, ST_RESOLVING,
	ST_RESOLVED, ST_FOLLOWED_UP, ST_CLOSED, ST_REOPENED, ST_WITHDRAWN,
	ST__COUNT
};

/* Stable identifier ("received") and translated label. */
const char *cd_state_id(enum cd_state s);
const char *cd_state_label(enum cd_state s);
/* Returns the state or -1. */
int cd_state_parse(const char *id);
/* Closed and withdrawn complaints are finished. */
int cd_state_is_final(enum cd_state s);
/* Still being handled (not resolved, followed up or final). */
int cd_state_is_handling(enum cd_state s);

/* Steps a person takes. */
enum cd_step {
	STEP_LISTEN, STEP_APOLOGIZE, STEP_RECORD, STEP_START, STEP_RESOLVE,
	STEP_FOLLOW_UP, STEP_CLOSE, STEP_REOPEN, STEP_WITHDRAW, STEP__COUNT
};
const char *cd_step_id(enum cd_step s);
const char *cd_step_label(enum cd_step s);
/* Accepts "follow-up" and "follow_up". Returns the step or -1. */
int cd_step_parse(const char *id);

/* The path a step takes from state `from`: fills path[] with the states
 * passed through, last one the target (resolve from recorded passes through
 * resolving). Returns the number of states, or -1 with a reason naming the
 * step and the state when the step is not allowed. */
int cd_step_path(enum cd_step step, enum cd_state from, enum cd_state path[3], struct cd_err *err);

/* Event kinds in the append-only log. */
#define CD_EVENT_KINDS(X) \
	X(received)     X(step)        X(note)      X(contact)   X(feedback) \
	X(assign)       X(escalation)  X(remedy)    X(promise)   X(promise_kept) \
	X(pause)        X(resume)      X(satisfaction) X(root_cause) X(update) \
	X(measure_done) X(remedy_request) X(remedy_refused)

/* True when name is an event kind or a state id (clock triggers). */
int cd_is_trigger_name(const char *name);
int cd_is_event_kind(const char *name);
const char *cd_event_label(const char *kind);

/* Fixed vocabularies; index or -1. */
int cd_need_index(const char *id);
int cd_behaviour_index(const char *id);
int cd_cause_side_index(const char *id);
extern const char *const cd_needs[];      /* NULL-terminated */
extern const char *const cd_behaviours[];
extern const char *const cd_cause_sides[];
const char *cd_vocab_label(const char *id);

#endif
