/* What is still open on a complaint: the promises not kept, the remedy
 * awaiting approval, the preventive measures not carried out. Resolving,
 * closing or withdrawing it with any of them open is asked about first,
 * by both faces, from this one list. */
#ifndef CDESK_OPEN_H
#define CDESK_OPEN_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"
#include "cdesk/workflow.h"

enum cd_open_kind { OPEN_PROMISE, OPEN_REMEDY, OPEN_MEASURE };

struct cd_open_item {
	enum cd_open_kind kind;
	int64_t event;           /* the promise, request or root-cause event */
	char *text;              /* in words, in the UI language */
};

struct cd_open_items {
	struct cd_open_item *v;
	size_t n;
	int blocking;            /* a remedy awaits approval: the step cannot be taken at all */
};
void cd_open_items_free(struct cd_open_items *o);

/* Does taking step s leave things open behind (resolve, close, withdraw)? */
int cd_step_ends_handling(enum cd_step s);

/* Has the preventive measure of root-cause event ev->v[i] been carried
 * out (a later measure_done naming it)? */
int cd_measure_carried(const struct cd_events *ev, size_t i);

/* What would still be open on c (its clocks k, its events ev) once step s
 * is taken; nothing for a step that does not end the handling. */
void cd_open_items(const struct cd_config *cfg, const struct cd_complaint *c, const struct cd_clocks *k,
		   const struct cd_events *ev, enum cd_step s, struct cd_open_items *out);

/* The items as one line, "a; b; c" (appended to sb). */
void cd_open_items_text(const struct cd_open_items *o, struct strbuf *sb);

#endif
