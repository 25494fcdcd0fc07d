/*
 * event_json_internal.h: what the event model's reader (event_json.c) and writer
 * (event_json_write.c) must agree on: the names of the enums in the JSON. Internal to the two.
 */
#ifndef AUKIO_EVENT_JSON_INTERNAL_H
#define AUKIO_EVENT_JSON_INTERNAL_H

#include "event.h"

/* Indexed by EventStatus, QuestionKind and FieldRule. */
extern const char *const EJ_STATUS_NAMES[4];
extern const char *const EJ_KIND_NAMES[4];
extern const char *const EJ_RULE_NAMES[3];

#endif
