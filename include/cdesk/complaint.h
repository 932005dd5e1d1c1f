/* The records the desk keeps: a complaint (its current state), the events
 * of its append-only log (the truth the state is rebuilt from) and the
 * clock instances computed from that log. */
#ifndef CDESK_COMPLAINT_H
#define CDESK_COMPLAINT_H

#include <stdint.h>
#include "cdesk/timeutil.h"
#include "cdesk/workflow.h"

struct cd_complaint {
	int64_t id;
	char *site, *channel, *category, *severity;
	char *customer, *phone, *plate, *reference;
	char *description, *request, *need, *behaviour;
	char *receiver, *owner;
	cd_time received_at, updated_at;
	enum cd_state state;
	int esc_level;
	char *esc_role;
	int reopen_count;
	cd_time paused_since;          /* CD_TIME_NONE when not paused */
	cd_time resolved_at, closed_at;/* CD_TIME_NONE when not yet */
	int64_t awaiting;              /* the remedy request awaiting approval, 0 none */
};
void cd_complaint_free(struct cd_complaint *c); /* frees the strings, not c */
void cd_complaint_init(struct cd_complaint *c);

/* Text fields by name, for generic validation, import and export. */
struct cd_field {
	const char *name;
	size_t offset;     /* of the char * in struct cd_complaint */
	int required;      /* 0 optional, 1 at intake, 2 from the record step on */
	int multiline;
	size_t max_bytes;
};
extern const struct cd_field cd_fields[];
extern const size_t cd_nfields;
char **cd_field_ptr(struct cd_complaint *c, const struct cd_field *f);
const struct cd_field *cd_field_find(const char *name);

struct cd_event {
	int64_t id, complaint_id;
	cd_time at;
	char *actor;
	char *kind;        /* one of CD_EVENT_KINDS */
	int from_state, to_state; /* -1 when the event is not a step */
	char *note;
	char *data;        /* JSON object text with kind-specific fields, or NULL */
	void *data_json;   /* when writing: the jansson object data was made from, or NULL */
};
void cd_event_free(struct cd_event *e);

struct cd_events {
	struct cd_event *v;
	size_t n;
};
void cd_events_free(struct cd_events *l);

enum cd_clock_status { CS_RUNNING, CS_WARNING, CS_BREACHED, CS_MET, CS_PAUSED, CS_STOPPED };
const char *cd_clock_status_id(enum cd_clock_status s);
const char *cd_clock_status_label(enum cd_clock_status s);

/* One running or finished instance of a clock. */
struct cd_clock {
	int64_t complaint_id;
	char kind[32];        /* clock id from the config, or "promise" */
	int seq;              /* 1, 2, … for repeating clocks */
	int64_t ref;          /* the promise event for promise clocks */
	cd_time started, due, met, stopped, paused_since; /* CD_TIME_NONE when unset */
};

struct cd_clocks {
	struct cd_clock *v;
	size_t n;
};
void cd_clocks_free(struct cd_clocks *l);

#endif
