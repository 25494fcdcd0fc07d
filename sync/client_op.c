/*
 * client_op.c: sync_op_text (client.h), moved from client.c: the push (client.c, in aukio-sync)
 * and the bundle export (client_bundle.c, in the UI process too) write an outbox row's op the
 * same way, and the UI process links no libcurl.
 */
#include "client.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wire.h"

/* The op of one outbox row as it goes on the wire: the payload the store wrote with the record
 * (wire_op_build's form), checked with the parser the hub uses. A payload that does not parse
 * is sent as its uuid and kind alone, which the hub answers "rejected/invalid": that settles the
 * row rather than blocking the queue forever. Caller frees. */
char *sync_op_text(const OutboxItem *it)
{
    json_t *p = json_loads(it->payload, 0, NULL);
    WireOp op;
    char why[160];
    bool ok = p && wire_op_parse(&op, p, why, sizeof why) == 0 && strcmp(op.uuid, it->uuid) == 0;
    json_decref(p);
    if (ok) return strdup(it->payload);
    int kind = wire_op_kind_from_name(it->kind);
    wire_op_init(&op, kind < 0 ? WIRE_OP_SIGNUP : (WireOpKind)kind);
    str_copy(op.uuid, sizeof op.uuid, it->uuid);
    op.created_at = it->created_at;
    return wire_op_build(&op);
}
