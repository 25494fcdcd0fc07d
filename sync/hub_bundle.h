/*
 * hub_bundle.h: offline bundles at the hub (PROTOCOL.md, "Offline bundles"; the format and MAC
 * are sync/common/bundle.h). `aukio-hub bundle import FILE` applies a kiosk's outbox through the
 * same batch path as POST /v1/push (HubStore.push: every op exactly once, whichever way it came),
 * and `aukio-hub bundle export --device NAME FILE` writes the catalogue (the pages a snapshot
 * pull would bring) and new grants for that kiosk.
 */
#ifndef AUKIO_HUB_BUNDLE_H
#define AUKIO_HUB_BUNDLE_H

#include "hub_api.h"

typedef struct {
    char device[128]; /* the device the bundle proved to come from */
    int ops;
    int confirmed, waitlisted, rejected, ok; /* the answers, as a push counts them */
} HubBundleImport;

/* Reads the outbox bundle PATH, finds the enrolled device whose key made it, checks its MAC and
 * applies its ops in one transaction at NOW. A forged, altered, unknown-device or malformed
 * bundle is refused with ERR saying why, and nothing changes: AUKIO_ERR_DENIED (MAC, device),
 * AUKIO_ERR_INVALID (shape), AUKIO_ERR (I/O, database). */
int hub_bundle_import(HubStore *st, const char *path, int64_t now, HubBundleImport *rep, char *err,
                      size_t n) AUKIO_MUST_CHECK;

typedef struct {
    int pages, changes;
    int grants, grant_seats; /* the grants given to the kiosk in the bundle */
} HubBundleExport;

/* Writes the catalogue bundle for DEVICE to PATH (mode 0600): every page of a snapshot pull as
 * that device would get it, and grants asked on its behalf (for live events with a seat limit
 * starting within 14 days, as the kiosk itself would ask) under API's policy at NOW. A grant's
 * id is derived from the device, the event and the grant lifetime NOW falls in, so exporting
 * again within one lifetime gets the same grants back and holds no more seats. Grants are made
 * only once the catalogue is read; like any grant, their seats stay held until the kiosk
 * settles them (when it is next online) or the coordinator runs `device release`.
 * AUKIO_ERR_NOT_FOUND when no enrolled, unrevoked device has the name. */
int hub_bundle_export(HubApi *api, const char *device, const char *path, int64_t now,
                      HubBundleExport *rep, char *err, size_t n) AUKIO_MUST_CHECK;

#endif
