/*
 * hub_console_reply.c: the console's JSON answers (hub_console.h), shared by its front door
 * (hub_console.c) and its pages (hub_console_pages.c). Bodies are always built by jansson.
 */
#include "hub_console.h"

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
    json_t *j = json_pack("{s:s,s:s}", "error", code, "message", message);
    hub_console_reply(out, status, j ? json_dumps(j, JSON_COMPACT) : NULL);
    json_decref(j);
}
