/*
 * hub_mail_text.c: what the hub's mail to visitors says, in Finnish, Swedish and English side by
 * side (hub_mail.h). Short and plain: the readers are library visitors of every age. Each
 * message names the event, its time and place and the confirmation code (hub_mail.c adds them
 * below the paragraph here), and no personal data but the visitor's own name.
 */
#include "hub_mail.h"

#include <assert.h>

/* One kind of message: its texts in fi, sv, en (the order of Lang). */
typedef struct {
    HubMailKind kind;
    HubMailWords w[LANG_COUNT];
} KindWords;

static const KindWords WORDS[] = {
    {HUB_MAIL_CONFIRMED,
     {{"Ilmoittautumisesi on vahvistettu: ", "ilmoittautumisesi on vahvistettu. Tervetuloa!", NULL,
       true},
      {"Din anmälan är bekräftad: ", "din anmälan är bekräftad. Välkommen!", NULL, true},
      {"Your place is confirmed: ", "Your place is confirmed. Welcome!", NULL, true}}},
    {HUB_MAIL_WAITLISTED,
     {{"Olet jonossa: ", "olet tapahtuman jonossa sijalla %d. Saat viestin, jos paikka vapautuu.",
       "olet tapahtuman jonossa. Saat viestin, jos paikka vapautuu.", false},
      {"Du står i kö: ",
       "du står på plats %d i kön till evenemanget. Du får ett meddelande om en plats blir ledig.",
       "du står i kön till evenemanget. Du får ett meddelande om en plats blir ledig.", false},
      {"You are on the waiting list: ",
       "You are number %d on the waiting list. We will email you if a place becomes free.",
       "You are on the waiting list. We will email you if a place becomes free.", false}}},
    {HUB_MAIL_PROMOTED,
     {{"Sait paikan: ",
       "hyviä uutisia: tapahtumasta vapautui paikka, ja ilmoittautumisesi on nyt vahvistettu. "
       "Tervetuloa!",
       NULL, true},
      {"Du fick en plats: ",
       "goda nyheter: en plats blev ledig och din anmälan är nu bekräftad. Välkommen!", NULL, true},
      {"You have a place: ",
       "Good news: a place has become free and your place is now confirmed. Welcome!", NULL,
       true}}},
    {HUB_MAIL_CANCELLED,
     {{"Ilmoittautumisesi on peruttu: ",
       "ilmoittautumisesi tapahtumaan on peruttu. Jos tämä on virhe, ota yhteyttä kirjastoon.",
       NULL, false},
      {"Din anmälan är avbokad: ",
       "din anmälan till evenemanget har avbokats. Om det är fel, kontakta biblioteket.", NULL,
       false},
      {"Your sign-up is cancelled: ",
       "Your sign-up for this event has been cancelled. If this is a mistake, please contact "
       "the library.",
       NULL, false}}},
    {HUB_MAIL_EVENT_CANCELLED,
     {{"Tapahtuma on peruttu: ",
       "valitettavasti tapahtuma on peruttu. Pahoittelemme! Sinun ei tarvitse tehdä mitään.", NULL,
       false},
      {"Evenemanget är inställt: ",
       "tyvärr har evenemanget ställts in. Vi ber om ursäkt! Du behöver inte göra något.", NULL,
       false},
      {"Event cancelled: ",
       "Unfortunately the event has been cancelled. We are sorry! You don't need to do anything.",
       NULL, false}}},
    {HUB_MAIL_EVENT_MOVED,
     {{"Tapahtuman aika on muuttunut: ",
       "tapahtuman aika on muuttunut, ja uusi aika näkyy alla. Ilmoittautumisesi on edelleen "
       "voimassa. Jos et pääse uutena aikana, kerro siitä kirjastoon ja mainitse "
       "ilmoittautumistunnus.",
       NULL, true},
      {"Ny tid för evenemanget: ",
       "evenemanget har fått en ny tid, se nedan. Din anmälan gäller fortfarande. Om du inte "
       "kan komma på den nya tiden, meddela biblioteket och uppge anmälningskoden.",
       NULL, true},
      {"New time for the event: ",
       "The event has a new time, shown below. Your sign-up is still valid. If you can't come "
       "at the new time, please let the library know and give your sign-up code.",
       NULL, true}}},
};

static const char *const WEEKDAYS_FI[7] = {"su", "ma", "ti", "ke", "to", "pe", "la"};
static const char *const WEEKDAYS_SV[7] = {"sön", "mån", "tis", "ons", "tors", "fre", "lör"};
static const char *const WEEKDAYS_EN[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const MONTHS_EN[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static const HubMailLabels LABELS[LANG_COUNT] = {
    {"Hei %s,", "Hei,", "Aika", "Paikka", "Ilmoittautumistunnus",
     "Tapahtuma on liitteenä kalenteritiedostona.", "Terveisin\nkirjasto", "ilmoitetaan myöhemmin",
     WEEKDAYS_FI, NULL},
    {"Hej %s,", "Hej,", "Tid", "Plats", "Anmälningskod",
     "Evenemanget finns som kalenderfil i bilagan.", "Hälsningar\nbiblioteket", "meddelas senare",
     WEEKDAYS_SV, NULL},
    {"Hello %s,", "Hello,", "Time", "Place", "Sign-up code",
     "The event is attached as a calendar file.", "Best wishes,\nThe library", "to be announced",
     WEEKDAYS_EN, MONTHS_EN},
};

const HubMailWords *hub_mail_words(HubMailKind kind, Lang lang)
{
    if ((unsigned)lang >= LANG_COUNT) lang = LANG_FI;
    for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
        if (WORDS[i].kind == kind) return &WORDS[i].w[lang];
    assert(!"unknown mail kind");
    return &WORDS[0].w[lang];
}

const HubMailLabels *hub_mail_labels(Lang lang)
{
    return &LABELS[(unsigned)lang < LANG_COUNT ? lang : LANG_FI];
}
