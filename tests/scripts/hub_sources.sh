#!/usr/bin/env bash
# Sources (README.md, "Sources"): a feed server on 127.0.0.1 (tests/tools/feed_server.py) with
# ETag / 304, a 500, a slow answer, a truncated body and a paged Linked Events API; add, fetch,
# list, an unchanged re-fetch, a changed feed, events gone from it (deleted, or cancelled with a
# sign-up), failures changing nothing, and serve fetching on schedule.
source "$(dirname "$0")/hub_common.bash"
TOOLS=${TESTS_DIR:-$(dirname "$0")/..}/tools
LE_FIX=${LE_FIXTURES:-/work/shared/fixtures/linkedevents}
FEEDS=$W/feeds
mkdir -p "$FEEDS"

python3 "$TOOLS/feed_server.py" "$FEEDS" "$W/feedport" 2>>"$W/feed.log" &
FEED_PID=$!
trap 'kill $FEED_PID 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 100); do [ -s "$W/feedport" ] && break; sleep 0.05; done
FEED=http://127.0.0.1:$(cat "$W/feedport")
mode() { curl -sf "$FEED/_mode/$1" >/dev/null; }

# A calendar within the import horizon (tomorrow and the day after), UIDs a, b, c.
D1=$(date -u -d '+1 day' +%Y%m%d)
D2=$(date -u -d '+2 day' +%Y%m%d)
vevent() { printf 'BEGIN:VEVENT\r\nUID:%s\r\nDTSTART:%sT160000Z\r\nDTEND:%sT170000Z\r\nSUMMARY:%s\r\nEND:VEVENT\r\n' "$@"; }
calendar() {
    printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n'
    cat
    printf 'END:VCALENDAR\r\n'
}
{ vevent a "$D1" "$D1" "Satutunti"; vevent b "$D1" "$D1" "Kielikahvila"; vevent c "$D2" "$D2" "Lukupiiri"; } \
    | calendar >"$FEEDS/lib.ics"

ids() { "$HUB" event list | awk '{print $2, $3}' | sort | tr '\n' ';'; }
# Whether event list has a line matching $1 (through a file: grep -q would cut the list short,
# and pipefail would take its SIGPIPE for a failure).
listed() { "$HUB" event list >"$W/event-list"; grep -q "$1" "$W/event-list"; }

# ---- add, fetch, list ---------------------------------------------------------------------
check "add" "added source lib" "$("$HUB" source add lib "$FEED/lib.ics" --kind ics --every 1 --venue 'Lahden pääkirjasto')"
"$HUB" source add lib "$FEED/x" --kind ics >/dev/null 2>&1 && fail "a second lib was added" || ok "name taken"
"$HUB" source add bad "ftp://127.0.0.1/x" --kind ics >/dev/null 2>&1 && fail "ftp accepted" || ok "ftp refused"
"$HUB" source add 'a/b' "$FEED/x" --kind ics >/dev/null 2>&1 && fail "a/b accepted" || ok "bad name refused"
"$HUB" source fetch lib >"$W/f1.out" 2>&1 || fail "fetch: $(cat "$W/f1.out")"
grep -q "imported 3 event(s), 0 skipped, 0 removed" "$W/f1.out" && ok "fetch imports 3" || fail "fetch: $(cat "$W/f1.out")"
check "ids namespaced by the source" "ics:lib:a live;ics:lib:b live;ics:lib:c live;" "$(ids)"
"$HUB" source list >"$W/list"
grep -q "ok: imported 3" "$W/list" && grep -q "events 3  skipped 0" "$W/list" && ok "list" || fail "list: $(cat "$W/list")"
VENUE=$(sqlite3 "$DB" "SELECT json_extract(json, '\$.location.name.fi') FROM events WHERE id = 'ics:lib:a'")
check "--venue for events naming none" "Lahden pääkirjasto" "$VENUE"

# ---- unchanged: 304 -----------------------------------------------------------------------
SEQ=$(sqlite3 "$DB" "SELECT seq FROM meta")
"$HUB" source fetch lib >"$W/f2.out" 2>&1 || fail "re-fetch: $(cat "$W/f2.out")"
grep -q "not modified (304)" "$W/f2.out" && ok "re-fetch is a 304" || fail "re-fetch: $(cat "$W/f2.out")"
check "a 304 changes nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"

# ---- changed: b renamed, c gone, d new, one bad VEVENT skipped ----------------------------
{ vevent a "$D1" "$D1" "Satutunti"; vevent b "$D1" "$D1" "Kielikahvila (uusi)"; vevent d "$D2" "$D2" "Uusi";
  printf 'BEGIN:VEVENT\r\nUID:bad\r\nSUMMARY:no start\r\nEND:VEVENT\r\n'; } | calendar >"$FEEDS/lib.ics"
"$HUB" source fetch lib >"$W/f3.out" 2>&1 || fail "changed fetch: $(cat "$W/f3.out")"
grep -q "imported 3 event(s), 1 skipped, 0 removed" "$W/f3.out" && ok "changed feed" || fail "changed: $(cat "$W/f3.out")"
grep -q "skipped: no DTSTART" "$W/f3.out" && ok "the bad VEVENT is reported" || fail "no report: $(cat "$W/f3.out")"
# An unreadable VEVENT could be any event of the last fetch (c among them): with one in the feed,
# nothing is taken as gone, so no sign-up is cancelled over a typo in the library's calendar.
grep -q "1 event(s) could not be read, so none is taken as gone" "$W/f3.out" && ok "says why nothing is gone" \
    || fail "no word: $(cat "$W/f3.out")"
check "c kept while a VEVENT is unreadable, d added" "ics:lib:a live;ics:lib:b live;ics:lib:c live;ics:lib:d live;" "$(ids)"
# The feed mended: c is gone now.
{ vevent a "$D1" "$D1" "Satutunti"; vevent b "$D1" "$D1" "Kielikahvila (uusi)"; vevent d "$D2" "$D2" "Uusi"; } | calendar >"$FEEDS/lib.ics"
"$HUB" source fetch lib >"$W/f3b.out" 2>&1 || fail "mended fetch: $(cat "$W/f3b.out")"
grep -q "imported 3 event(s), 0 skipped, 1 removed" "$W/f3b.out" && ok "mended feed" || fail "mended: $(cat "$W/f3b.out")"
check "c deleted, d added, never duplicated" "ics:lib:a live;ics:lib:b live;ics:lib:c deleted;ics:lib:d live;" "$(ids)"
NAME_B=$(sqlite3 "$DB" "SELECT json_extract(json, '\$.name.fi') FROM events WHERE id = 'ics:lib:b'")
check "b updated in place" "Kielikahvila (uusi)" "$NAME_B"

# ---- failures change nothing --------------------------------------------------------------
{ vevent a "$D1" "$D1" "Satutunti"; } | calendar >"$FEEDS/lib.ics"
SEQ=$(sqlite3 "$DB" "SELECT seq FROM meta")
for m in 500 truncated; do
    mode $m
    "$HUB" source fetch lib >"$W/f-$m.out" 2>&1 && fail "$m: fetch succeeded" || ok "$m: fetch fails"
    check "$m changes nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"
done
"$HUB" source list | grep -q "FAILED: .*\(Transferred a partial file\|partial\)" && ok "list says why" \
    || fail "list: $("$HUB" source list)"
# Over the import cap (64 MiB): refused from its Content-Length, before the body is read.
truncate -s 65M "$FEEDS/big.ics"
"$HUB" source add big "$FEED/big.ics" --kind ics >/dev/null
"$HUB" source fetch big >"$W/f-big.out" 2>&1 && fail "65 MiB accepted" || ok "over the cap: refused"
grep -q "larger than 67108864 bytes" "$W/f-big.out" && ok "says why" || fail "big: $(cat "$W/f-big.out")"
"$HUB" source remove big >/dev/null
rm -f "$FEEDS/big.ics"
mode slow
T0=$(date +%s)
AUKIO_HUB_SOURCE_TIMEOUT_S=2 "$HUB" source fetch lib >"$W/f-slow.out" 2>&1 && fail "slow: fetch succeeded" || ok "slow: timed out"
[ $(($(date +%s) - T0)) -lt 10 ] && ok "the timeout bounds it" || fail "slow took $(($(date +%s) - T0)) s"
check "slow changes nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"
mode ok
printf 'not a calendar\n' >"$W/junk.txt"
"$HUB" source import lib "$W/junk.txt" >/dev/null 2>&1 && fail "junk imported" || ok "a refused file fails"
check "a refused file changes nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"
"$HUB" source list | grep -q "FAILED: lib: not iCalendar" && ok "list: refused file" || fail "list: $("$HUB" source list)"

# ---- source import from a file ------------------------------------------------------------
"$HUB" source import lib "$FEEDS/lib.ics" >"$W/i1.out" 2>&1 || fail "import: $(cat "$W/i1.out")"
check "file import: b and d gone" "ics:lib:a live;ics:lib:b deleted;ics:lib:c deleted;ics:lib:d deleted;" "$(ids)"
"$HUB" source import lib "$TESTS_DIR/fixtures/ical/icalendar_unicode_umlauts_euro.ics" >"$W/i2.out" 2>&1 \
    && ok "a fixture calendar imports" || fail "fixture: $(cat "$W/i2.out")"

# ---- Linked Events, paged; a sign-up keeps a gone event as cancelled ----------------------
le_event() {
    printf '{"id":"%s","name":{"fi":"%s"},"start_time":"2099-03-18T18:30:00Z","event_status":"EventScheduled","maximum_attendee_capacity":10,"waiting_list_capacity":0,"maximum_group_size":2}' "$1" "$2"
}
jq --arg next "$FEED/le/2" '.meta.next = $next' "$LE_FIX/le_event_list_helsinki_2020.json" >"$FEEDS/le_page_1.json"
# Page 2 repeats an event of page 1 (a feed that moved while it was read): the first counts.
printf '{"meta":{"count":4,"next":null},"data":[%s,%s,%s]}' "$(le_event x1 Koodikerho)" "$(le_event x2 Pelikerho)" \
    "$(le_event helsinki:afxp6tv4xa Toinen)" >"$FEEDS/le_page_2.json"
"$HUB" source add hel "$FEED/le/1" --kind linkedevents >/dev/null
"$HUB" source fetch hel >"$W/le1.out" 2>&1 || fail "le fetch: $(cat "$W/le1.out")"
grep -q "imported 4 event(s)" "$W/le1.out" && ok "two pages, 4 events" || fail "le: $(cat "$W/le1.out")"
check "a repeated event counts once" 1 "$("$HUB" event list | grep -c "le:hel:helsinki:afxp6tv4xa")"
listed "le:hel:helsinki:afy6ikna3u" && ok "Linked Events ids namespaced" || fail "ids: $(ids)"
start_hub
DT=$(enrol k1)
check "sign-up through the hub" 200 "$(api POST /v1/push "$DT" "{\"ops\":[$(signup_op 1 le:hel:x1 1)]}")"
check "confirmed" confirmed "$(jq -r '.results[0].result' "$W/out")"
stop_hub
printf '{"meta":{"count":0,"next":null},"data":[]}' >"$FEEDS/le_page_2.json"
"$HUB" source fetch hel >"$W/le2.out" 2>&1 || fail "le re-fetch: $(cat "$W/le2.out")"
listed "le:hel:x1  cancelled" && ok "x1 had a sign-up: cancelled" || fail "x1: $(ids)"
listed "le:hel:x2  deleted" && ok "x2 had none: deleted" || fail "x2: $(ids)"
# The fixture's events are of 2020: left out of the feed, a past event is no removal.
jq '.data = []' "$FEEDS/le_page_1.json" >"$W/p1" && mv "$W/p1" "$FEEDS/le_page_1.json"
"$HUB" source fetch hel >"$W/le-past.out" 2>&1 || fail "le past: $(cat "$W/le-past.out")"
listed "le:hel:helsinki:afy6ikna3u  live" && ok "a past event left out stays" \
    || fail "past: $(ids)"
# A later page failing fails the whole fetch.
printf '{"meta":{"count":1,"next":"%s"},"data":[%s]}' "$FEED/le/9" "$(le_event x3 Uusi)" >"$FEEDS/le_page_2.json"
SEQ=$(sqlite3 "$DB" "SELECT seq FROM meta")
"$HUB" source fetch hel >"$W/le3.out" 2>&1 && fail "a 404 page imported" || ok "a missing page fails the fetch"
check "all pages or nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"
# A meta.next on another host is not followed: the feed would make the hub ask it.
printf '{"meta":{"count":1,"next":"http://127.0.0.2:9/le/3"},"data":[%s]}' "$(le_event x3 Uusi)" >"$FEEDS/le_page_2.json"
"$HUB" source fetch hel >"$W/le4.out" 2>&1 && fail "another host followed" || ok "meta.next on another host fails the fetch"
grep -q "meta.next is on another host than the source" "$W/le4.out" && ok "says why" || fail "le4: $(cat "$W/le4.out")"
check "and changes nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"
hub_check && ok "invariant"

# ---- Linked Events in full: references, drafts, super-events, topics, a zone --------------
jq '.data[0]' "$LE_FIX/le_place_list_libraries.json" >"$FEEDS/place_tprek:15417.json"
jq '.data[0]' "$LE_FIX/le_keyword_list_yso.json" >"$FEEDS/keyword_yso:p4354.json"
full_page() { # $1: the publication_status of e1
    cat <<JSON
{"meta":{"count":6,"next":null},"data":[
 {"id":"e1","name":{"fi":"Satutunti"},"start_time":"2099-03-18T18:00:00","publication_status":"$1",
  "location":{"@id":"$FEED/place/tprek:15417/"},"audience":[{"@id":"$FEED/keyword/yso:p4354/"}],
  "keywords":[{"@id":"$FEED/keyword/yso:p14710/"}]},
 {"id":"e4","name":{"fi":"Muualla"},"start_time":"2099-03-19T18:00:00Z",
  "location":{"@id":"http://127.0.0.2:9/place/tprek:15417/"}},
 {"id":"e2","name":{"fi":"Luonnos"},"start_time":"2099-03-18T18:00:00Z","publication_status":"draft"},
 {"id":"e3","name":{"fi":"Konsertti"},"start_time":"2099-03-19T18:00:00Z","keywords":["yso:p1808"],
  "location":{"@id":"$FEED/place/nowhere/"}},
 {"id":"s","name":{"fi":"Sarja"},"start_time":"2099-03-01T16:00:00Z","super_event_type":"recurring",
  "sub_events":[{"@id":"$FEED/event/s1/"},{"@id":"$FEED/event/s2/"}]},
 {"id":"s1","name":{"fi":"Sarja 1"},"start_time":"2099-03-01T16:00:00Z","super_event":{"@id":"$FEED/event/s/"}},
 {"id":"s2","name":{"fi":"Sarja 2"},"start_time":"2099-03-08T16:00:00Z","super_event":{"@id":"$FEED/event/s/"}}
]}
JSON
}
full_page public >"$FEEDS/le_page_5.json"
"$HUB" source add full "$FEED/le/5" --kind linkedevents --timezone Mars/Olympus >/dev/null 2>"$W/tz.err" \
    && fail "an unknown zone accepted" || ok "an unknown zone refused"
grep -q 'no time zone libical knows' "$W/tz.err" && ok "says why" || fail "tz: $(cat "$W/tz.err")"
"$HUB" source add full "$FEED/le/5" --kind linkedevents --topic yso:p1808=concerts >/dev/null 2>"$W/tp.err" \
    && fail "an unknown topic accepted" || ok "an unknown topic refused"
grep -q '"concerts" is no topic' "$W/tp.err" && ok "says which" || fail "topic: $(cat "$W/tp.err")"
"$HUB" source add full "$FEED/le/5" --kind linkedevents --timezone Europe/Stockholm \
    --topic yso:p1808=popup --venue "Kirjasto" >/dev/null
"$HUB" source fetch full >"$W/full1.out" 2>&1 || fail "full fetch: $(cat "$W/full1.out")"
grep -q "imported 5 event(s)" "$W/full1.out" && ok "drafts and the super-event not shown" || fail "full: $(cat "$W/full1.out")"
grep -q "1 draft(s), 0 deleted, 1 recurring super-event(s)" "$W/full1.out" && ok "and said so" || fail "full: $(cat "$W/full1.out")"
grep -q "references: 2 put in place from 3 document(s) fetched; 2 left as ids (a reference on another host than the source's)" \
    "$W/full1.out" && ok "references resolved, the others said" || fail "refs: $(cat "$W/full1.out")"
# A reference on another host than the source's is not asked for (127.0.0.2:9 would refuse).
check "its place: only the id (and the venue)" "tprek:15417|Kirjasto" "$(sqlite3 "$DB" "SELECT json_extract(json, '\$.location.id'), json_extract(json, '\$.location.name.fi') FROM events WHERE id = 'le:full:e4'")"
ev() { sqlite3 "$DB" "SELECT json_extract(json, '\$.$2') FROM events WHERE id = 'le:full:$1'"; }
check "a place by @id, fetched" "Sellon kirjasto" "$(ev e1 location.name.fi)"
check "its address" "Leppävaarankatu 9" "$(ev e1 location.street_address.fi)"
check "... and its municipality, kept apart" "Espoo" "$(ev e1 location.address_locality.fi)"
check "audience by @id, fetched" "lapset (ikäryhmät)" "$(ev e1 x_aukio.audience.fi)"
check "a keyword as a topic" storytime "$(ev e1 x_aukio.category)"
check "the source's own topic" popup "$(ev e3 x_aukio.category)"
check "an unresolved place: the venue" "Kirjasto" "$(ev e3 location.name.fi)"
check "no offset: in the source's zone" "2099-03-18T17:00:00Z" "$(ev e1 start_time)"
check "sub-events are the events" "le:full:s1 live;le:full:s2 live;" "$("$HUB" event list | awk '/le:full:s/ {print $2, $3}' | sort | tr '\n' ';')"
listed "le:full:e2\|le:full:s " && fail "a draft or super-event listed" || ok "none listed"
# A malformed event in an API's feed is skipped and reported; the rest imports.
jq '.data[0].name = null' "$FEEDS/le_page_5.json" >"$W/p5" && cp "$W/p5" "$FEEDS/le_page_5.json"
"$HUB" source fetch full >"$W/full-bad.out" 2>&1 || fail "a bad event failed the fetch: $(cat "$W/full-bad.out")"
grep -q "data\[0\] (id e1): skipped: name: no text in any language" "$W/full-bad.out" && ok "the bad event: where and why" \
    || fail "bad: $(cat "$W/full-bad.out")"
grep -q "imported 4 event(s), 1 skipped" "$W/full-bad.out" && ok "the rest imports" || fail "bad: $(cat "$W/full-bad.out")"
# Still in the feed, only unreadable now: kept as it was, neither removed nor forgotten.
listed "le:full:e1  live" && ok "the skipped event is not taken for gone" || fail "e1: $(ids)"
check "and keeps what it was" "Satutunti" "$(ev e1 name.fi)"
"$HUB" source fetch full >"$W/full-bad2.out" 2>&1 || fail "again: $(cat "$W/full-bad2.out")"
listed "le:full:e1  live" && ok "also on the next fetch" || fail "e1 again: $(ids)"
# A page that is not Linked Events at all is refused whole: nothing changes.
SEQ=$(sqlite3 "$DB" "SELECT seq FROM meta")
cp "$FEEDS/le_page_5.json" "$W/p5.keep"
printf '{"meta":{"next":null},"data":{"not":"a list"}}' >"$FEEDS/le_page_5.json"
"$HUB" source fetch full >"$W/full-junk.out" 2>&1 && fail "a broken page imported" || ok "a broken page fails the fetch"
grep -q "data: must be an array of events" "$W/full-junk.out" && ok "says why" || fail "junk: $(cat "$W/full-junk.out")"
check "a failed import changes nothing" "$SEQ" "$(sqlite3 "$DB" "SELECT seq FROM meta")"
cp "$W/p5.keep" "$FEEDS/le_page_5.json"
# e1 becomes a draft: gone from what is shown, so deleted.
full_page draft >"$FEEDS/le_page_5.json"
"$HUB" source fetch full >"$W/full2.out" 2>&1 || fail "full re-fetch: $(cat "$W/full2.out")"
listed "le:full:e1  deleted" && ok "an event turned draft is removed" || fail "draft: $(ids)"

# ---- the hub's zone: an offset-less time means the same whatever the server's TZ ------------
printf '[{"id":"tz1","name":{"fi":"Aika"},"start_time":"2099-06-01T12:00:00"}]' >"$W/tz1.json"
TZ=UTC "$HUB" event import "$W/tz1.json" >/dev/null || fail "tz import"
check "TZ=UTC: still Helsinki time" "2099-06-01T09:00:00Z" "$(sqlite3 "$DB" "SELECT json_extract(json, '\$.start_time') FROM events WHERE id = 'tz1'")"
TZ=UTC "$HUB" event import "$W/tz1.json" --timezone Europe/Stockholm >/dev/null || fail "tz import 2"
check "--timezone" "2099-06-01T10:00:00Z" "$(sqlite3 "$DB" "SELECT json_extract(json, '\$.start_time') FROM events WHERE id = 'tz1'")"
"$HUB" event import "$W/tz1.json" --timezone Nowhere/Else >/dev/null 2>&1 && fail "a bad zone imported" || ok "event import: a bad zone refused"
"$HUB" event delete tz1 >/dev/null

# ---- backoff: a failing source waits longer each time; a success resets it -----------------
mode 500
for i in 1 2 3; do "$HUB" source fetch full >/dev/null 2>&1 && fail "500 imported"; done
"$HUB" source list >"$W/list-fail"
grep -q "It has failed 3 times in a row, last because: HTTP 500. The next try is at" "$W/list-fail" \
    && ok "list: the failure as a sentence" || fail "list: $(cat "$W/list-fail")"
WAIT=$(sqlite3 "$DB" "SELECT retry_at - tried_at FROM sources WHERE name = 'full'")
# --every 60 min: 60, 120, then 240 min, less or more a fifth.
[ "$WAIT" -ge $((240 * 60 * 8 / 10)) ] && [ "$WAIT" -le $((240 * 60 * 12 / 10)) ] \
    && ok "the third wait is 4 intervals ($WAIT s)" || fail "wait $WAIT s"
mode ok
"$HUB" source fetch full >/dev/null 2>&1 || fail "fetch after the failures"
check "a success resets it" "0 0" "$(sqlite3 "$DB" "SELECT failures, retry_at FROM sources WHERE name = 'full'" | tr '|' ' ')"
"$HUB" source list | awk '/^full/ {f=1} /^[a-z]/ && !/^full/ {f=0} f' | grep -q "It has failed" \
    && fail "still failing in the list" || ok "list: no failure"

# ---- many pages -----------------------------------------------------------------------------
jq '.data[1]' "$LE_FIX/le_place_list_libraries.json" >"$FEEDS/place_gen.json"
"$HUB" source add many "$FEED/gen/1?pages=120&per=3" --kind linkedevents >/dev/null
"$HUB" source fetch many >"$W/many.out" 2>&1 || fail "many pages: $(tail -3 "$W/many.out")"
grep -q "imported 360 event(s)" "$W/many.out" && ok "120 pages followed" || fail "many: $(tail -3 "$W/many.out")"
grep -q "references: 360 put in place from 1 document(s) fetched" "$W/many.out" \
    && ok "each reference fetched once" || fail "refs: $(grep references "$W/many.out")"
"$HUB" source remove many >/dev/null
"$HUB" source remove full >/dev/null

# ---- serve fetches on schedule ------------------------------------------------------------
"$HUB" source remove hel >/dev/null
{ vevent a "$D1" "$D1" "Satutunti"; vevent e "$D2" "$D2" "Ajastettu"; } | calendar >"$FEEDS/lib.ics"
export AUKIO_HUB_SOURCE_MINUTE_S=1
start_hub
for _ in $(seq 1 100); do listed "ics:lib:e  live" && break; sleep 0.1; done
listed "ics:lib:e  live" && ok "serve fetched on schedule" || fail "serve: $(cat "$W/hub.log")"
N0=$(curl -s "$FEED/_count")
sleep 2.5
N1=$(curl -s "$FEED/_count")
[ "$N1" -gt "$N0" ] && ok "and again a minute (1 s) later" || fail "no second fetch ($N0 -> $N1)"
# A slow feed holds up neither the kiosks nor a stop: the fetch under way is cut short.
mode slow
sleep 1.5
T0=$(date +%s%N)
check "health while a fetch hangs" 200 "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/v1/health")"
[ $((($(date +%s%N) - T0) / 1000000)) -lt 1000 ] && ok "answered at once" || fail "health was slow"
T0=$(date +%s)
stop_hub
[ $(($(date +%s) - T0)) -lt 5 ] && ok "serve stops during a hanging fetch" || fail "stop took $(($(date +%s) - T0)) s"
mode ok
unset AUKIO_HUB_SOURCE_MINUTE_S
finish
