/*
 * hub_console_reply.c: the console's JSON answers and requests' JSON bodies (hub_console.h),
 * shared by its front door (hub_console.c) and its pages. Bodies are always built by jansson.
 */
#include "hub_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"

void hub_console_reply(HubConsoleResponse *out, unsigned status, char *body)
{
    if (!body) {
        status = 500;
        body = strdup("{\"error\":\"internal\",\"message\":\"out of memory\"}");
        if (!body) die("out of memory");
    }
    out->status = status;
    out->body = body;
    out->len = strlen(body);
    out->borrowed = false;
    out->content_type = "application/json";
}

void hub_console_error(HubConsoleResponse *out, unsigned status, const char *code,
                       const char *message)
{
    hub_console_json(out, status, json_pack("{s:s,s:s}", "error", code, "message", message));
}

void hub_console_json(HubConsoleResponse *out, unsigned status, void *j)
{
    hub_console_reply(out, status, j ? json_dumps(j, JSON_COMPACT) : NULL);
    json_decref(j);
}

void hub_console_internal(HubConsoleResponse *out, const char *err)
{
    fprintf(stderr, "aukio-hub: console: %s\n", err);
    hub_console_error(out, 500, "internal", "the hub could not do this; try again");
}

void *hub_console_body(const HubConsoleRequest *rq, HubConsoleResponse *out)
{
    json_t *j = json_loadb(rq->body ? rq->body : "", rq->body_len, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        hub_console_error(out, 400, "bad_request", "a JSON object is expected");
        return NULL;
    }
    return j;
}

const char *hub_console_member(const void *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return s ? s : "";
}
