/*
 * i18n.c: the translation catalogue.
 *
 * One static table, sorted by key in strcmp order, searched by bisection: tr() runs for every
 * string on every frame that is drawn, so it must not allocate, hash into a lazily built index or
 * depend on initialisation order. tests/test_i18n.c fails when the table is out of order, has a
 * duplicate key, an empty text, or texts whose conversion specifiers differ between languages.
 *
 * To add a string: put the key where it sorts (dotted ASCII; plural forms as KEY.one and
 * KEY.other, where KEY has a dot of its own, so "cat.other" stays an ordinary key), write all
 * three languages, and run the tests. Finnish and Swedish are written the way a Finnish public
 * library writes them (Swedish as used in Finland: "respons", "kölista").
 */
#include "i18n.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *key;
    const char *text[LANG_COUNT]; /* indexed by Lang: fi, sv, en */
} Entry;

/* clang-format off */
static const Entry CATALOGUE[] = {
    {"a11y.contrast",
     {"Kontrasti", "Kontrast", "Contrast"}},
    {"a11y.large_text",
     {"Iso teksti", "Stor text", "Large text"}},
    {"app.title",
     {"Aukio", "Aukio", "Aukio"}},
    {"attract.next",
     {"Seuraavaksi", "Härnäst", "Up next"}},
    {"attract.touch",
     {"Kosketa aloittaaksesi", "Rör vid skärmen för att börja", "Touch to start"}},
    {"cat.club",
     {"Kerhot", "Klubbar", "Clubs"}},
    {"cat.coworking",
     {"Etätyöklinikat", "Distansarbetskliniker", "Coworking clinics"}},
    {"cat.other",
     {"Muut", "Övrigt", "Other"}},
    {"cat.popup",
     {"Avaa tila", "Avaa tila", "Avaa tila pop-ups"}},
    {"cat.storytime",
     {"Satutunnit", "Sagostunder", "Storytime"}},
    {"cat.training",
     {"Henkilöstökoulutus", "Personalutbildning", "Staff training"}},
    {"cat.visit",
     {"Vierailut", "Besök", "Visits"}},
    {"cat.workshop",
     {"Työpajat", "Verkstäder", "Workshops"}},
    {"confirm.code",
     {"Ilmoittautumistunnus", "Anmälningskod", "Sign-up code"}},
    {"confirm.confirming",
     {"Vahvistetaan paikkaasi…", "Vi bekräftar din plats…", "Confirming your place…"}},
    {"confirm.confirming_note",
     {"Hetkinen, kysymme kirjaston järjestelmästä.",
      "Ett ögonblick, vi frågar bibliotekets system.",
      "One moment, we're checking with the library's system."}},
    {"confirm.done",
     {"Valmis", "Klar", "Done"}},
    {"confirm.note",
     {"Kirjoita tunnus muistiin tai ota siitä kuva ja näytä se tapahtumassa.",
      "Skriv upp koden eller ta en bild av den och visa den på evenemanget.",
      "Write the code down or take a photo of it, and show it at the event."}},
    {"confirm.persons.one",
     {"1 henkilö", "1 person", "1 person"}},
    {"confirm.persons.other",
     {"%d henkilöä", "%d personer", "%d people"}},
    {"confirm.position",
     {"Olet jonossa sijalla %d.", "Du är nummer %d i kön.", "You are number %d in the queue."}},
    {"confirm.provisional_note",
     {"Laite on nyt ilman verkkoyhteyttä, joten paikkaasi ei ole vielä vahvistettu. Se ratkeaa heti, kun yhteys palaa. Voit tarkistaa tilanteen tunnuksella täällä, ja jos annoit sähköpostiosoitteen, saat viestin.",
      "Enheten är just nu utan nätförbindelse, så din plats är inte bekräftad ännu. Det avgörs så snart förbindelsen är tillbaka. Du kan kolla läget med koden här, och om du gav din e-postadress får du ett meddelande.",
      "This kiosk is offline right now, so your place isn't confirmed yet. It's decided as soon as the kiosk reconnects. You can check with your code here, and if you gave your email address, you'll get a message."}},
    {"confirm.rejected_closed",
     {"Valitettavasti ilmoittautuminen ehti päättyä.",
      "Tyvärr hann anmälan stänga.",
      "Sorry, registration has just closed."}},
    {"confirm.rejected_full",
     {"Valitettavasti tapahtuma ehti täyttyä.",
      "Tyvärr hann evenemanget bli fullbokat.",
      "Sorry, the event has just filled up."}},
    {"confirm.title_confirmed",
     {"Olet ilmoittautunut!", "Du är anmäld!", "You're signed up!"}},
    {"confirm.title_provisional",
     {"Ilmoittautumisesi on tallennettu", "Din anmälan är sparad", "Your sign-up is saved"}},
    {"confirm.title_rejected",
     {"Ilmoittautuminen ei onnistunut", "Anmälan lyckades inte", "We couldn't sign you up"}},
    {"confirm.title_waitlisted",
     {"Olet jonotuslistalla", "Du står på kölistan", "You're on the waiting list"}},
    {"confirm.waitlist_note",
     {"Tarkista tunnuksella tämän laitteen kohdasta ”Oma ilmoittautuminen”, onko sinulle vapautunut paikka.",
      "Kolla med koden här på skärmen under ”Min anmälan” om en plats har blivit ledig för dig.",
      "Check with your code at this kiosk, under “My sign-up”, whether a place has become free for you."}},
    {"confirm.waitlist_note_email",
     {"Jos paikka vapautuu, saat siitä tiedon sähköpostiisi. Voit myös tarkistaa tilanteesi tunnuksella tämän laitteen kohdasta ”Oma ilmoittautuminen”.",
      "Om en plats blir ledig får du besked per e-post. Du kan också kolla läget med koden här på skärmen under ”Min anmälan”.",
      "If a place becomes free, we'll let you know by email. You can also check with your code at this kiosk, under “My sign-up”."}},
    {"detail.age",
     {"Ikä", "Ålder", "Age"}},
    {"detail.age_max",
     {"enintään %d-vuotiaat", "upp till %d år", "up to age %d"}},
    {"detail.age_min",
     {"%d vuotta täyttäneet", "från %d år", "ages %d+"}},
    {"detail.age_range",
     {"%s-vuotiaat", "%s år", "ages %s"}},
    {"detail.audience",
     {"Kenelle", "För vem", "For whom"}},
    {"detail.confirm_later",
     {"Laite on ilman verkkoyhteyttä: paikkasi ratkeaa, kun yhteys palaa.",
      "Enheten är utan nätförbindelse: din plats avgörs när förbindelsen är tillbaka.",
      "This kiosk is offline: your place is decided when it reconnects."}},
    {"detail.confirm_now",
     {"Paikkasi vahvistetaan heti.", "Din plats bekräftas direkt.", "Your place is confirmed right away."}},
    {"detail.enrolment_ends",
     {"päättyy %s", "stänger %s", "closes %s"}},
    {"detail.free",
     {"Maksuton", "Avgiftsfri", "Free"}},
    {"detail.join_waitlist",
     {"Ilmoittaudu jonoon", "Ställ dig i kö", "Join the waiting list"}},
    {"detail.now",
     {"Käynnissä nyt", "Pågår nu", "Happening now"}},
    {"detail.organiser",
     {"Järjestäjä", "Arrangör", "Organiser"}},
    {"detail.price",
     {"Hinta", "Pris", "Price"}},
    {"detail.priced",
     {"Maksullinen", "Avgiftsbelagd", "There is a charge"}},
    {"detail.registration",
     {"Ilmoittautuminen", "Anmälan", "Registration"}},
    {"detail.signup",
     {"Ilmoittaudu", "Anmäl dig", "Sign up"}},
    {"detail.when",
     {"Aika", "Tid", "When"}},
    {"detail.where",
     {"Paikka", "Plats", "Where"}},
    {"feedback.about_event",
     {"Tänään: %s", "I dag: %s", "Today: %s"}},
    {"feedback.about_library",
     {"Kirjasto yleisesti", "Biblioteket i allmänhet", "The library in general"}},
    {"feedback.comment",
     {"Kommentti (vapaaehtoinen)", "Kommentar (frivilligt)", "Comment (optional)"}},
    {"feedback.score1",
     {"Huono", "Dålig", "Poor"}},
    {"feedback.score2",
     {"Melko huono", "Ganska dålig", "Not so good"}},
    {"feedback.score3",
     {"Hyvä", "Bra", "Good"}},
    {"feedback.score4",
     {"Erinomainen", "Utmärkt", "Excellent"}},
    {"feedback.send",
     {"Lähetä", "Skicka", "Send"}},
    {"feedback.skip",
     {"Ohita", "Hoppa över", "Skip"}},
    {"feedback.thanks",
     {"Kiitos palautteestasi!", "Tack för din respons!", "Thank you for your feedback!"}},
    {"feedback.title",
     {"Mitä pidit?", "Vad tyckte du?", "How was it?"}},
    {"form.consent",
     {"Hyväksyn, että tietojani käytetään tämän tapahtuman järjestämiseen.",
      "Jag godkänner att mina uppgifter används för att ordna det här evenemanget.",
      "I agree that my details are used to organise this event."}},
    {"form.email",
     {"Sähköposti", "E-post", "Email"}},
    {"form.err.answer_missing",
     {"Vastaa tähän kysymykseen.", "Svara på den här frågan.", "Please answer this question."}},
    {"form.err.check_fields",
     {"Tarkista punaisella merkityt kohdat.",
      "Kontrollera punktema som är markerade med rött.",
      "Please check the items marked in red."}},
    {"form.err.consent_missing",
     {"Hyväksy tietojesi käyttö, jotta voit ilmoittautua.",
      "Godkänn att dina uppgifter används för att kunna anmäla dig.",
      "Please agree to the use of your details to sign up."}},
    {"form.err.email_invalid",
     {"Tarkista sähköpostiosoite.", "Kontrollera e-postadressen.",
      "Please check the email address."}},
    {"form.err.email_missing",
     {"Kirjoita sähköpostiosoitteesi.", "Skriv din e-postadress.",
      "Please enter your email address."}},
    {"form.err.group_invalid",
     {"Ryhmän koko on 1–%d.", "Antalet personer ska vara 1–%d.", "Group size must be 1–%d."}},
    {"form.err.name_missing",
     {"Kirjoita nimesi.", "Skriv ditt namn.", "Please enter your name."}},
    {"form.err.phone_invalid",
     {"Tarkista puhelinnumero.", "Kontrollera telefonnumret.", "Please check the phone number."}},
    {"form.err.phone_missing",
     {"Kirjoita puhelinnumerosi.", "Skriv ditt telefonnummer.",
      "Please enter your phone number."}},
    {"form.group",
     {"Ryhmän koko", "Antal personer", "Group size"}},
    {"form.group_max",
     {"enintään %d henkeä",
      "högst %d personer",
      "up to %d people"}},
    {"form.name",
     {"Nimi", "Namn", "Name"}},
    {"form.no",
     {"Ei", "Nej", "No"}},
    {"form.optional",
     {"(vapaaehtoinen)", "(frivilligt)", "(optional)"}},
    {"form.phone",
     {"Puhelin", "Telefon", "Phone"}},
    {"form.privacy",
     {"Tietojasi käytetään vain tämän tapahtuman järjestämiseen. Ne poistetaan tältä "
      "laitteelta, kun ne on siirretty kirjaston järjestelmään, ja kokonaan pian tapahtuman "
      "jälkeen. Lisätietoja saat kirjaston henkilökunnalta.",
      "Dina uppgifter används endast för att ordna det här evenemanget. De raderas från den "
      "här enheten när de har överförts till bibliotekets system, och helt och hållet kort "
      "efter evenemanget. Mer information får du av bibliotekets personal.",
      "Your details are used only to organise this event. They are deleted from this kiosk "
      "once they have been transferred to the library's system, and entirely soon after the "
      "event. Ask the library staff for more information."}},
    {"form.required",
     {"(pakollinen)", "(obligatoriskt)", "(required)"}},
    {"form.store_failed",
     {"Ilmoittautumista ei voitu tallentaa. Yritä uudelleen tai pyydä apua henkilökunnalta.",
      "Anmälan kunde inte sparas. Försök igen eller be personalen om hjälp.",
      "Your registration could not be saved. Please try again or ask the staff for help."}},
    {"form.submit",
     {"Lähetä ilmoittautuminen", "Skicka anmälan", "Send registration"}},
    {"form.title",
     {"Ilmoittautuminen", "Anmälan", "Sign-up"}},
    {"form.waitlist_note",
     {"Tapahtuma on täynnä: sinut lisätään jonotuslistalle.",
      "Evenemanget är fullbokat: du förs upp på kölistan.",
      "The event is full: you will be added to the waiting list."}},
    {"form.yes",
     {"Kyllä", "Ja", "Yes"}},
    {"idle.stay",
     {"Jatka", "Fortsätt", "Continue"}},
    {"idle.warning",
     {"Palataan alkuun…", "Återgår till början…", "Returning to the start…"}},
    {"lang.choose",
     {"Valitse kieli", "Välj språk", "Choose language"}},
    {"list.count.one",
     {"%d tapahtuma",
      "%d evenemang",
      "%d event"}},
    {"list.count.other",
     {"%d tapahtumaa",
      "%d evenemang",
      "%d events"}},
    {"list.empty",
     {"Ei tapahtumia valitulla rajauksella.", "Inga evenemang motsvarar de valda filtren.",
      "No events match the selected filters."}},
    {"list.filter.all",
     {"Kaikki", "Alla", "All"}},
    {"list.filter.any_category",
     {"Kaikki aiheet", "Alla teman", "All topics"}},
    {"list.filter.any_venue",
     {"Kaikki paikat", "Alla platser", "All venues"}},
    {"list.filter.category",
     {"Aihe", "Tema", "Topic"}},
    {"list.filter.today",
     {"Tänään", "I dag", "Today"}},
    {"list.filter.venue",
     {"Paikka", "Plats", "Venue"}},
    {"list.filter.week",
     {"Tällä viikolla", "Denna vecka", "This week"}},
    {"list.none",
     {"Ei tulevia tapahtumia juuri nyt.", "Inga kommande evenemang just nu.",
      "No upcoming events right now."}},
    {"list.title",
     {"Tulevat tapahtumat", "Kommande evenemang", "Upcoming events"}},
    {"mine.ask_cancel",
     {"Haluatko varmasti perua?",
      "Vill du verkligen annullera anmälan?",
      "Do you really want to cancel?"}},
    {"mine.cancel",
     {"Peru ilmoittautuminen",
      "Annullera anmälan",
      "Cancel my sign-up"}},
    {"mine.cancel_failed",
     {"Perumista ei voitu tehdä juuri nyt. Yritä hetken päästä uudelleen tai kysy henkilökunnalta.",
      "Anmälan kunde inte annulleras just nu. Försök igen om en stund eller fråga personalen.",
      "The sign-up could not be cancelled just now. Try again in a moment or ask staff."}},
    {"mine.cancelling",
     {"Perutaan…",
      "Anmälan annulleras…",
      "Cancelling…"}},
    {"mine.done_cancelled",
     {"Ilmoittautumisesi on peruttu",
      "Din anmälan är annullerad",
      "Your sign-up is cancelled"}},
    {"mine.format",
     {"Ilmoittautumistunnuksessa on kuusi merkkiä, esimerkiksi K7M 4QX.",
      "Anmälningskoden har sex tecken, till exempel K7M 4QX.",
      "The sign-up code has six characters, for example K7M 4QX."}},
    {"mine.intro",
     {"Kirjoita ilmoittautumistunnus, jonka sait ilmoittautuessasi. Näet ilmoittautumisesi tilanteen ja voit tarvittaessa perua sen.",
      "Skriv anmälningskoden som du fick när du anmälde dig. Du ser läget för din anmälan och kan annullera den vid behov.",
      "Type the sign-up code you got when you signed up. You'll see how your sign-up stands, and you can cancel it if you need to."}},
    {"mine.locked",
     {"Liian monta väärää koodia. Voit yrittää uudelleen %s kuluttua.",
      "För många felaktiga koder. Du kan försöka igen om %s.",
      "Too many wrong codes. You can try again in %s."}},
    {"mine.no",
     {"Ei, pidä se",
      "Nej, behåll den",
      "No, keep it"}},
    {"mine.not_found",
     {"Ilmoittautumistunnusta ei löytynyt. Tarkista se vahvistuksesta.",
      "Anmälningskoden hittades inte. Kontrollera den i bekräftelsen.",
      "We couldn't find this sign-up code. Check it against your confirmation."}},
    {"mine.provisional_note",
     {"Paikkaa ei ole vielä vahvistettu. Se ratkeaa, kun laite saa yhteyden kirjaston järjestelmään.",
      "Platsen är inte bekräftad ännu. Det avgörs när enheten får kontakt med bibliotekets system.",
      "Your place isn't confirmed yet. It's decided when the kiosk reaches the library's system."}},
    {"mine.search",
     {"Hae",
      "Sök",
      "Look up"}},
    {"mine.searching",
     {"Haetaan…",
      "Söker…",
      "Looking it up…"}},
    {"mine.seat_freed",
     {"Paikkasi siirtyy jonossa seuraavalle.",
      "Din plats går till nästa i kön.",
      "Your place goes to the next person in the queue."}},
    {"mine.state_cancelled",
     {"Ilmoittautuminen on peruttu",
      "Anmälan är annullerad",
      "This sign-up is cancelled"}},
    {"mine.state_confirmed",
     {"Paikkasi on vahvistettu",
      "Din plats är bekräftad",
      "Your place is confirmed"}},
    {"mine.state_provisional",
     {"Ilmoittautumisesi odottaa vahvistusta",
      "Din anmälan väntar på bekräftelse",
      "Your sign-up is waiting to be confirmed"}},
    {"mine.state_rejected",
     {"Ilmoittautumista ei voitu ottaa vastaan",
      "Anmälan kunde inte tas emot",
      "This sign-up could not be accepted"}},
    {"mine.state_waitlisted",
     {"Olet jonotuslistalla",
      "Du står på kölistan",
      "You're on the waiting list"}},
    {"mine.title",
     {"Oma ilmoittautuminen",
      "Min anmälan",
      "My sign-up"}},
    {"mine.unreachable",
     {"Tätä ilmoittautumista ei tehty tällä laitteella, eikä kirjaston järjestelmään saada nyt yhteyttä. Yritä myöhemmin uudelleen tai kysy henkilökunnalta.",
      "Anmälan gjordes inte på den här enheten, och bibliotekets system kan inte nås just nu. Försök igen senare eller fråga personalen.",
      "This sign-up was not made at this kiosk and the library's system cannot be reached now. Try again later or ask staff."}},
    {"mine.yes_cancel",
     {"Kyllä, peru",
      "Ja, annullera",
      "Yes, cancel"}},
    {"nav.back",
     {"Takaisin", "Tillbaka", "Back"}},
    {"nav.close",
     {"Sulje",
      "Stäng",
      "Close"}},
    {"nav.events",
     {"Tapahtumat", "Evenemang", "Events"}},
    {"nav.feedback",
     {"Anna palautetta", "Ge respons", "Give feedback"}},
    {"nav.home",
     {"Alkuun", "Till början", "Home"}},
    {"osk.done",
     {"Valmis", "Klar", "Done"}},
    {"osk.hide",
     {"Piilota", "Dölj", "Hide"}},
    {"osk.next",
     {"Seuraava", "Nästa", "Next"}},
    {"osk.space",
     {"välilyönti", "mellanslag", "space"}},
    {"qr.calendar",
     {"Lisää kalenteriin", "Lägg till i kalendern", "Add to your calendar"}},
    {"qr.page",
     {"Avaa tapahtuman sivu", "Öppna evenemangets sida", "Open the event's page"}},
    {"status.cancelled",
     {"Peruttu", "Inställt", "Cancelled"}},
    {"status.closed",
     {"Ilmoittautuminen päättynyt", "Anmälan stängd", "Registration closed"}},
    {"status.full",
     {"Täynnä", "Fullbokat", "Full"}},
    {"status.no_registration",
     {"Ei ennakkoilmoittautumista", "Ingen föranmälan", "No registration needed"}},
    {"status.opens",
     {"Ilmoittautuminen alkaa %s", "Anmälan öppnar %s", "Registration opens %s"}},
    {"status.postponed",
     {"Siirretty", "Uppskjutet", "Postponed"}},
    {"status.seats_left.one",
     {"1 paikka jäljellä", "1 plats kvar", "1 seat left"}},
    {"status.seats_left.other",
     {"%d paikkaa jäljellä", "%d platser kvar", "%d seats left"}},
    {"status.unlimited",
     {"Vapaita paikkoja", "Lediga platser", "Seats available"}},
    {"status.waitlist",
     {"Jonotuslista avoinna", "Kölista öppen", "Waiting list open"}},
    {"sync.failing",
     {"Ei yhteyttä keskukseen", "Ingen förbindelse med centralen", "No connection to the hub"}},
    {"sync.last",
     {"Synkronoitu %s", "Synkroniserad %s", "Synced %s"}},
    {"sync.never",
     {"Ei vielä synkronoitu", "Inte synkroniserad än", "Not synced yet"}},
    {"sync.queued.one",
     {"%d jonossa", "%d i kö", "%d queued"}},
    {"sync.queued.other",
     {"%d jonossa", "%d i kö", "%d queued"}},
};
/* clang-format on */

enum { CATALOGUE_COUNT = (int)(sizeof CATALOGUE / sizeof CATALOGUE[0]) };

static const char *const LANG_NAMES[LANG_COUNT] = {"Suomi", "Svenska", "English"};

/* ---- Languages --------------------------------------------------------------------------- */

/* An out-of-range Lang is a programmer error; in a release build fall back to Finnish rather
 * than index past the tables. */
static Lang checked(Lang lang)
{
    assert((int)lang >= 0 && (int)lang < LANG_COUNT);
    return ((int)lang >= 0 && (int)lang < LANG_COUNT) ? lang : LANG_FI;
}

const char *i18n_lang_name(Lang lang)
{
    return LANG_NAMES[checked(lang)];
}

/* ---- Lookup ------------------------------------------------------------------------------ */

static const Entry *find(const char *key)
{
    int lo = 0, hi = CATALOGUE_COUNT - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(key, CATALOGUE[mid].key);
        if (c == 0) return &CATALOGUE[mid];
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *tr(Lang lang, const char *key)
{
    if (!key) return "";
    const Entry *e = find(key);
    return e ? e->text[checked(lang)] : key;
}

const char *tr_plural(Lang lang, const char *key, long n)
{
    /* Finnish, Swedish and English all use the singular for exactly one and the plural for
     * everything else, zero included ("0 paikkaa", "0 platser", "0 seats"). */
    char full[128];
    int len = snprintf(full, sizeof full, "%s.%s", key ? key : "", n == 1 ? "one" : "other");
    if (len < 0 || (size_t)len >= sizeof full) return key ? key : "";
    const Entry *e = find(full);
    /* A missing plural returns the base key (static storage) so the gap shows on screen. */
    return e ? e->text[checked(lang)] : (key ? key : "");
}

/* ---- Introspection ----------------------------------------------------------------------- */

int i18n_count(void)
{
    return CATALOGUE_COUNT;
}

const char *i18n_key_at(int i)
{
    assert(i >= 0 && i < CATALOGUE_COUNT);
    return (i >= 0 && i < CATALOGUE_COUNT) ? CATALOGUE[i].key : "";
}

const char *i18n_text_at(int i, Lang lang)
{
    assert(i >= 0 && i < CATALOGUE_COUNT);
    return (i >= 0 && i < CATALOGUE_COUNT) ? CATALOGUE[i].text[checked(lang)] : "";
}
