/*
 * i18n.c: the translation catalogue.
 *
 * One static table in two files (this one, and i18n_staff.c from "staff." on), sorted by key in
 * strcmp order, searched by bisection: tr() runs for every
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
#include "i18n_internal.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef I18nEntry Entry;

/* clang-format off */
static const Entry CATALOGUE[] = {
    {"a11y.contrast",
     {"Suuri kontrasti", "Hög kontrast", "High contrast"}},
    {"a11y.large_text",
     {"Iso teksti", "Stor text", "Large text"}},
    {"app.title",
     {"Aukio", "Aukio", "Aukio"}},
    {"attract.next",
     {"Seuraavaksi", "Härnäst", "Up next"}},
    {"attract.touch",
     {"Aloita koskettamalla näyttöä", "Tryck på skärmen för att börja", "Touch to start"}},
    {"cat.club",
     {"Kerhot", "Klubbar", "Clubs"}},
    {"cat.coworking",
     {"Digi- ja työnhakuapu", "Digi- och jobbsökarhjälp", "Digital and job-search help"}},
    {"cat.other",
     {"Muut", "Övrigt", "Other"}},
    {"cat.popup",
     {"Pop-up-tapahtumat", "Popup-evenemang", "Pop-up events"}},
    {"cat.storytime",
     {"Satutunnit", "Sagostunder", "Storytime"}},
    {"cat.training",
     {"Henkilöstökoulutukset", "Personalutbildningar", "Staff training"}},
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
      "Tyvärr har anmälningstiden hunnit gå ut.",
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
     {"Ilmoittaudu jonoon", "Anmäl dig till kölistan", "Join the waiting list"}},
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
    {"dialog.discard",
     {"Hylkää",
      "Släng",
      "Discard"}},
    {"dialog.discard_body",
     {"Kirjoittamasi tiedot poistetaan tältä laitteelta.",
      "Det du har skrivit raderas från den här enheten.",
      "What you typed is deleted from this kiosk."}},
    {"dialog.discard_title",
     {"Hylätäänkö täytetyt tiedot?",
      "Vill du slänga uppgifterna du fyllt i?",
      "Discard what you've filled in?"}},
    {"dialog.keep",
     {"Jatka muokkausta",
      "Fortsätt fylla i",
      "Keep editing"}},
    {"feedback.about_event",
     {"Tänään: %s", "I dag: %s", "Today: %s"}},
    {"feedback.about_library",
     {"Kirjasto yleisesti", "Biblioteket i allmänhet", "The library in general"}},
    {"feedback.comment",
     {"Kommentti (vapaaehtoinen)", "Kommentar (frivilligt)", "Comment (optional)"}},
    {"feedback.followup_title",
     {"Kiitos! Kerrotko vielä, miksi?",
      "Tack! Vill du berätta varför?",
      "Thank you! Would you like to tell us why?"}},
    {"feedback.reason.bad_time",
     {"Huono aika",
      "Olämplig tid",
      "Inconvenient time"}},
    {"feedback.reason.hard",
     {"Vaikea seurata",
      "Svårt att följa",
      "Hard to follow"}},
    {"feedback.reason.instructor",
     {"Hyvä ohjaaja",
      "Bra ledare",
      "Good instructor"}},
    {"feedback.reason.space",
     {"Tila",
      "Lokalen",
      "The space"}},
    {"feedback.reason.time",
     {"Sopiva aika",
      "Lämplig tid",
      "Convenient time"}},
    {"feedback.reason.topic",
     {"Kiinnostava aihe",
      "Intressant ämne",
      "Interesting topic"}},
    {"feedback.recorded",
     {"Arviosi on tallennettu. Voit vielä vaihtaa sitä tai lisätä syyn.",
      "Ditt svar är sparat. Du kan ännu ändra det eller lägga till ett skäl.",
      "Your rating is saved. You can still change it or add a reason."}},
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
      "Kontrollera fälten som är markerade med rött.",
      "Please check the items marked in red."}},
    {"form.err.consent_missing",
     {"Hyväksy tietojesi käyttö, jotta voit ilmoittautua.",
      "Du kan anmäla dig först när du har godkänt att dina uppgifter används.",
      "Please agree to the use of your details to sign up."}},
    {"form.err.contact_missing",
     {"Anna sähköposti tai puhelinnumero, jotta voimme kertoa, kun paikka vapautuu.",
      "Ange e-post eller telefonnummer, så att vi kan meddela när en plats blir ledig.",
      "Please give an email or a phone number, so that we can tell you when a place frees up."}},
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
     {"Osallistujia (sinä mukaan lukien)", "Antal deltagare (du inräknad)", "Number of people (including you)"}},
    {"form.group_max",
     {"enintään %d henkeä",
      "högst %d personer",
      "up to %d people"}},
    {"form.group_seats_full.one",
     {"1 paikka jäljellä: suurempi ryhmä ei mahdu mukaan.",
      "1 plats kvar: en större grupp får inte plats.",
      "1 seat left: a larger group cannot sign up."}},
    {"form.group_seats_full.other",
     {"%d paikkaa jäljellä: suurempi ryhmä ei mahdu mukaan.",
      "%d platser kvar: en större grupp får inte plats.",
      "%d seats left: a larger group cannot sign up."}},
    {"form.group_seats_waitlist.one",
     {"1 paikka jäljellä: suurempi ryhmä menee jonoon.",
      "1 plats kvar: en större grupp hamnar i kön.",
      "1 seat left: a larger group goes on the waiting list."}},
    {"form.group_seats_waitlist.other",
     {"%d paikkaa jäljellä: suurempi ryhmä menee jonoon.",
      "%d platser kvar: en större grupp hamnar i kön.",
      "%d seats left: a larger group goes on the waiting list."}},
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
    {"form.start_over",
     {"Aloita alusta",
      "Börja om",
      "Start over"}},
    {"form.store_failed",
     {"Ilmoittautumista ei voitu tallentaa. Yritä uudelleen tai pyydä apua henkilökunnalta.",
      "Anmälan kunde inte sparas. Försök igen eller be personalen om hjälp.",
      "Your registration could not be saved. Please try again or ask the staff for help."}},
    {"form.submit",
     {"Lähetä ilmoittautuminen", "Skicka anmälan", "Sign up"}},
    {"form.title",
     {"Ilmoittautuminen", "Anmälan", "Sign-up"}},
    {"form.waitlist_contact",
     {"Jonotuslistalle tarvitaan sähköposti tai puhelinnumero, jotta voimme kertoa sinulle, kun paikka vapautuu.",
      "För kölistan behövs e-post eller telefonnummer, så att vi kan meddela dig när en plats blir ledig.",
      "The waiting list needs an email or a phone number, so that we can tell you when a place frees up."}},
    {"form.waitlist_group_note",
     {"Ryhmällesi ei ole tarpeeksi paikkoja: ryhmä lisätään jonotuslistalle.",
      "Det finns inte tillräckligt med platser för er grupp: gruppen förs upp på kölistan.",
      "There aren't enough seats for your group: it will be added to the waiting list."}},
    {"form.waitlist_note",
     {"Tapahtuma on täynnä: sinut lisätään jonotuslistalle.",
      "Evenemanget är fullbokat: du förs upp på kölistan.",
      "The event is full: you will be added to the waiting list."}},
    {"form.yes",
     {"Kyllä", "Ja", "Yes"}},
    {"idle.countdown.one",
     {"Täytetyt tiedot tyhjennetään %d sekunnin kuluttua.",
      "Uppgifterna du fyllt i raderas om %d sekund.",
      "What you've filled in will be cleared in %d second."}},
    {"idle.countdown.other",
     {"Täytetyt tiedot tyhjennetään %d sekunnin kuluttua.",
      "Uppgifterna du fyllt i raderas om %d sekunder.",
      "What you've filled in will be cleared in %d seconds."}},
    {"idle.restart.one",
     {"Palataan alkuun %d sekunnin kuluttua.", "Skärmen går tillbaka till början om %d sekund.",
      "Going back to the start in %d second."}},
    {"idle.restart.other",
     {"Palataan alkuun %d sekunnin kuluttua.", "Skärmen går tillbaka till början om %d sekunder.",
      "Going back to the start in %d seconds."}},
    {"idle.stay",
     {"Jatka", "Fortsätt", "Continue"}},
    {"idle.title",
     {"Oletko vielä siellä?",
      "Är du kvar?",
      "Are you still there?"}},
    {"idle.warning",
     {"Palataan alkuun…", "Återgår till början…", "Returning to the start…"}},
    {"lang.choose",
     {"Valitse kieli", "Välj språk", "Choose language"}},
    {"list.clear_filters",
     {"Näytä kaikki tapahtumat", "Visa alla evenemang", "Show all events"}},
    {"list.count.one",
     {"%s tapahtuma",
      "%s evenemang",
      "%s event"}},
    {"list.count.other",
     {"%s tapahtumaa",
      "%s evenemang",
      "%s events"}},
    {"list.empty",
     {"Ei tapahtumia valitulla rajauksella.", "Inga evenemang motsvarar de valda filtren.",
      "No events match the selected filters."}},
    {"list.filter.all",
     {"Kaikki", "Alla", "All"}},
    {"list.filter.any_category",
     {"Kaikki aiheet", "Alla teman", "All topics"}},
    {"list.filter.any_venue",
     {"Kaikki tapahtumapaikat", "Alla evenemangsplatser", "All venues"}},
    {"list.filter.category",
     {"Aihe", "Tema", "Topic"}},
    {"list.filter.today",
     {"Tänään", "I dag", "Today"}},
    {"list.filter.venue",
     {"Tapahtumapaikka", "Evenemangsplats", "Venue"}},
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
    {"speech.fewer",
     {"Vähemmän", "Färre", "Fewer"}},
    {"speech.hint",
     {"Puhetila: napauta näyttöä kolme kertaa nopeasti", "Talläge: tryck snabbt tre gånger på skärmen",
      "Speech mode: tap the screen three times quickly"}},
    {"speech.item",
     {"%d", "%d", "%d"}},
    {"speech.items.one",
     {"1 kohta", "1 objekt", "1 item"}},
    {"speech.items.other",
     {"%d kohtaa", "%d objekt", "%d items"}},
    {"speech.key.backspace",
     {"askelpalautin", "backsteg", "backspace"}},
    {"speech.key.shift",
     {"vaihtonäppäin", "skift", "shift"}},
    {"speech.louder",
     {"Kovemmalle", "Högre", "Louder"}},
    {"speech.more",
     {"Enemmän", "Fler", "More"}},
    {"speech.of",
     {"/ %d", "av %d", "of %d"}},
    {"speech.off",
     {"Puhetila pois.", "Talläget av.", "Speech mode off."}},
    {"speech.on",
     {"Puhetila päällä. Kosketa näyttöä, niin kuulet, mitä sormen alla on. Valitse napauttamalla kahdesti. Pyyhkäise oikealle tai vasemmalle siirtyäksesi seuraavaan tai edelliseen.",
      "Talläget på. Rör vid skärmen så hör du vad som finns under fingret. Välj genom att trycka två gånger. Svep åt höger eller vänster för att gå till nästa eller föregående.",
      "Speech mode on. Touch the screen to hear what is under your finger. Double tap to choose. Swipe right or left for the next or previous item."}},
    {"speech.quieter",
     {"Hiljemmalle", "Lägre", "Quieter"}},
    {"speech.read_aloud",
     {"Lue ääneen", "Läs upp", "Read aloud"}},
    {"speech.role.button",
     {"painike", "knapp", "button"}},
    {"speech.role.checkbox",
     {"valintaruutu", "kryssruta", "checkbox"}},
    {"speech.role.field",
     {"tekstikenttä", "textfält", "text field"}},
    {"speech.state.checked",
     {"valittu", "ikryssad", "checked"}},
    {"speech.state.dimmed",
     {"ei käytettävissä", "inte tillgänglig", "unavailable"}},
    {"speech.state.empty",
     {"tyhjä", "tomt", "empty"}},
    {"speech.state.error",
     {"tarkista", "kontrollera", "check this"}},
    {"speech.state.selected",
     {"valittu", "vald", "selected"}},
    {"speech.state.unchecked",
     {"ei valittu", "inte ikryssad", "not checked"}},
    {"speech.stop",
     {"Pysäytä", "Stoppa", "Stop"}},
    {"speech.volume",
     {"Äänenvoimakkuus %d prosenttia", "Volym %d procent", "Volume %d percent"}},
};
/* clang-format on */

enum { CATALOGUE_A = (int)(sizeof CATALOGUE / sizeof CATALOGUE[0]) };
#define CATALOGUE_COUNT (CATALOGUE_A + i18n_staff_count)

/* Entry I of the whole catalogue: this file's table, then i18n_staff.c's, which goes on from
 * where this one ends in key order. */
static const Entry *entry_at(int i)
{
    return i < CATALOGUE_A ? &CATALOGUE[i] : &i18n_staff[i - CATALOGUE_A];
}

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
        int c = strcmp(key, entry_at(mid)->key);
        if (c == 0) return entry_at(mid);
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

const char *i18n_number(Lang lang, long n, char *buf, size_t len)
{
    char digits[24];
    int nd = snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
    bool en = checked(lang) == LANG_EN;
    const char *sep = en ? "," : "\xC2\xA0";
    size_t o = 0;
    if (len == 0) return buf;
    if (n < 0 && o + 1 < len) buf[o++] = '-';
    for (int i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0 && nd >= (en ? 4 : 5))
            for (const char *c = sep; *c && o + 1 < len; c++)
                buf[o++] = *c;
        if (o + 1 < len) buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* ---- Introspection ----------------------------------------------------------------------- */

int i18n_count(void)
{
    return CATALOGUE_COUNT;
}

const char *i18n_key_at(int i)
{
    assert(i >= 0 && i < CATALOGUE_COUNT);
    return (i >= 0 && i < CATALOGUE_COUNT) ? entry_at(i)->key : "";
}

const char *i18n_text_at(int i, Lang lang)
{
    assert(i >= 0 && i < CATALOGUE_COUNT);
    return (i >= 0 && i < CATALOGUE_COUNT) ? entry_at(i)->text[checked(lang)] : "";
}
