/* Complaint, event and clock records. */
#include "cdesk/complaint.h"
#include "cdesk/i18n.h"
#include "cdesk/people.h"
#include "cdesk/query.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define F(name, req, multi, max) {#name, offsetof(struct cd_complaint, name), req, multi, max}
const struct cd_field cd_fields[] = {
	F(site, 1, 0, 64), F(channel, 1, 0, 64), F(category, 2, 0, 64), F(severity, 1, 0, 64),
	F(customer, 2, 0, 200), F(phone, 2, 0, 40), F(plate, 0, 0, 40), F(reference, 0, 0, 100),
	F(description, 1, 1, 20000), F(request, 0, 1, 5000), F(need, 0, 0, 32),
	F(behaviour, 0, 0, 32), F(receiver, 1, 0, 100), F(owner, 1, 0, 100),
};
#undef F
const size_t cd_nfields = sizeof cd_fields / sizeof *cd_fields;

char **cd_field_ptr(struct cd_complaint *c, const struct cd_field *f)
{
	/* The offset is offsetof() a char * member: aligned for one. */
	return (char **)(void *)((char *)c + f->offset);
}

const struct cd_field *cd_field_find(const char *name)
{
	for (size_t i = 0; i < cd_nfields; i++)
		if (strcmp(cd_fields[i].name, name) == 0)
			return &cd_fields[i];
	return NULL;
}

void cd_complaint_init(struct cd_complaint *c)
{
	memset(c, 0, sizeof *c);
	c->paused_since = c->resolved_at = c->closed_at = CD_TIME_NONE;
}

void cd_complaint_free(struct cd_complaint *c)
{
	for (size_t i = 0; i < cd_nfields; i++) {
		char **p = cd_field_ptr(c, &cd_fields[i]);
		free(*p);
		*p = NULL;
	}
	free(c->esc_role);
	c->esc_role = NULL;
}

void cd_event_free(struct cd_event *e)
{
	free(e->actor);
	free(e->kind);
	free(e->note);
	free(e->data);
}

void cd_events_free(struct cd_events *l)
{
	for (size_t i = 0; i < l->n; i++)
		cd_event_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void cd_clocks_free(struct cd_clocks *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static const char *const status_ids[] = {"running", "warning", "breached", "met", "paused", "stopped"};
static const char *const status_labels[] = {N_("running"), N_("warning"), N_("breached"),
					    N_("met"), N_("paused"), N_("stopped")};

const char *cd_clock_status_id(enum cd_clock_status s) { return status_ids[s]; }
const char *cd_clock_status_label(enum cd_clock_status s) { return _(status_labels[s]); }

void cd_filter_init(struct cd_filter *f)
{
	memset(f, 0, sizeof *f);
	f->from = f->to = f->overdue_at = CD_TIME_NONE;
}

void cd_user_free(struct cd_user *u)
{
	free(u->name);
	free(u->display);
	free(u->role);
	free(u->sites);
	free(u->unix_user);
	free(u->pin_hash);
	free(u->email);
	free(u->webhook);
	free(u->lang);
	memset(u, 0, sizeof *u);
}
