/*
 * strings.js: the console's fi/sv/en catalogue, with the kiosk's discipline (kiosk/i18n.c): one
 * table sorted by key, all three languages side by side, placeholders {0}, {1}... the same in each.
 * checkCatalogue() lists what is wrong (out of order, a duplicate, an empty text, placeholders
 * that differ); the browser test (tests/tools/console_browser.py) fails on any of it.
 *
 * Finnish and Swedish as a Finnish public library writes them (Swedish as used in Finland).
 * Texts are only ever put on the page as text (textContent), never as HTML.
 */
"use strict";

// [key, fi, sv, en]
const CATALOGUE = [
  ["app.brand", "Aukio", "Aukio", "Aukio"],
  ["app.title", "Aukio – koordinaattorin näkymä", "Aukio – koordinatorns vy", "Aukio – coordinator's console"],
  ["audit.action", "Muutos", "Ändring", "Change"],
  ["audit.action.kiosk.add", "Kioski lisätty", "Kiosk tillagd", "Kiosk added"],
  ["audit.action.kiosk.revoke", "Kioski poistettu käytöstä", "Kiosk tagen ur bruk", "Kiosk revoked"],
  ["audit.action.signup.cancel", "Ilmoittautuminen peruttu", "Anmälan avbokad", "Sign-up cancelled"],
  ["audit.action.user.add", "Käyttäjä lisätty", "Användare tillagd", "User added"],
  ["audit.action.user.lock", "Tunnus lukittu", "Kontot låst", "Account locked"],
  ["audit.action.user.passwd", "Salasana vaihdettu", "Lösenordet bytt", "Password changed"],
  ["audit.action.user.remove", "Käyttäjä poistettu", "Användare borttagen", "User removed"],
  ["audit.detail", "Lisätiedot", "Detaljer", "Details"],
  ["audit.empty", "Ei vielä muutoksia.", "Inga ändringar ännu.", "No changes yet."],
  ["audit.target", "Kohde", "Mål", "Target"],
  ["audit.title", "Muutosloki", "Ändringslogg", "Audit log"],
  ["audit.when", "Milloin", "När", "When"],
  ["audit.who", "Kuka", "Vem", "Who"],
  ["error.forbidden", "Sinulla ei ole oikeutta tähän.", "Du har inte behörighet till detta.", "You are not allowed to do this."],
  ["error.network", "Yhteys hubiin katkesi. Yritä uudelleen.", "Förbindelsen till hubben bröts. Försök igen.", "The connection to the hub was lost. Try again."],
  ["error.not_found", "Tätä ei löydy.", "Det här finns inte.", "This was not found."],
  ["error.other", "Jokin meni vikaan: {0}", "Något gick fel: {0}", "Something went wrong: {0}"],
  ["event.answers", "Vastaukset", "Svar", "Answers"],
  ["event.attended", "Saapui", "Kom", "Came"],
  ["event.attendees", "Osallistujat", "Deltagare", "Attendees"],
  ["event.back", "Takaisin yleiskuvaan", "Tillbaka till översikten", "Back to the overview"],
  ["event.cancel", "Peru", "Avboka", "Cancel"],
  ["event.cancel_confirm", "Vahvista peruutus", "Bekräfta avbokningen", "Confirm the cancellation"],
  ["event.cancel_done", "Ilmoittautuminen {0} peruttiin. Jonossa olevat siirtyvät paikoille, ja kioskit saavat tiedon seuraavassa synkronoinnissa.", "Anmälan {0} avbokades. De som står i kö flyttas upp, och kioskerna får veta det vid nästa synkronisering.", "Sign-up {0} was cancelled. People waiting move up, and the kiosks hear of it at their next sync."],
  ["event.cancelled", "Peruttu", "Inställt", "Cancelled"],
  ["event.code", "Tunnus", "Kod", "Code"],
  ["event.export_csv", "Lataa osallistujat (CSV)", "Ladda ner deltagarna (CSV)", "Download the attendees (CSV)"],
  ["event.export_excel", "Lataa Exceliin (CSV)", "Ladda ner för Excel (CSV)", "Download for Excel (CSV)"],
  ["event.group", "Ryhmä", "Grupp", "Group"],
  ["event.kiosk", "Kioski", "Kiosk", "Kiosk"],
  ["event.name", "Nimi", "Namn", "Name"],
  ["event.no", "Ei", "Nej", "No"],
  ["event.no_attendees", "Kukaan ei ole vielä ilmoittautunut.", "Ingen har anmält sig ännu.", "Nobody has signed up yet."],
  ["event.no_name", "(nimi poistettu)", "(namnet raderat)", "(name removed)"],
  ["event.print", "Tulosta osallistujalista", "Skriv ut deltagarlistan", "Print the attendee list"],
  ["event.status", "Tila", "Status", "Status"],
  ["event.yes", "Kyllä", "Ja", "Yes"],
  ["feedback.comments", "Kommentit ({0})", "Kommentarer ({0})", "Comments ({0})"],
  ["feedback.count", "Vastauksia", "Svar", "Answers"],
  ["feedback.empty", "Palautetta ei ole vielä annettu.", "Ingen respons ännu.", "No feedback yet."],
  ["feedback.gone", "(poistettu tapahtuma {0})", "(borttaget evenemang {0})", "(removed event {0})"],
  ["feedback.library", "Kirjasto yleisesti", "Biblioteket i allmänhet", "The library in general"],
  ["feedback.reason.bad_time", "Huono aika", "Olämplig tid", "Inconvenient time"],
  ["feedback.reason.hard", "Vaikea seurata", "Svårt att följa", "Hard to follow"],
  ["feedback.reason.instructor", "Hyvä ohjaaja", "Bra ledare", "Good instructor"],
  ["feedback.reason.space", "Tila", "Lokalen", "The space"],
  ["feedback.reason.time", "Sopiva aika", "Lämplig tid", "Convenient time"],
  ["feedback.reason.topic", "Kiinnostava aihe", "Intressant ämne", "Interesting topic"],
  ["feedback.reasons", "Syyt", "Skäl", "Reasons"],
  ["feedback.score1", "Huono", "Dålig", "Poor"],
  ["feedback.score2", "Melko huono", "Ganska dålig", "Not so good"],
  ["feedback.score3", "Hyvä", "Bra", "Good"],
  ["feedback.score4", "Erinomainen", "Utmärkt", "Excellent"],
  ["feedback.title", "Palaute", "Respons", "Feedback"],
  ["kiosks.add", "Lisää kioski", "Lägg till kiosk", "Add a kiosk"],
  ["kiosks.add_button", "Lisää", "Lägg till", "Add"],
  ["kiosks.empty", "Ei kioskeja.", "Inga kiosker.", "No kiosks."],
  ["kiosks.exists", "Tämänniminen kioski on jo olemassa.", "En kiosk med det namnet finns redan.", "A kiosk of that name exists already."],
  ["kiosks.grants", "Varatut paikat", "Reserverade platser", "Seats held"],
  ["kiosks.last_seen", "Viimeksi yhteydessä", "Senast i kontakt", "Last seen"],
  ["kiosks.name", "Kioskin nimi", "Kioskens namn", "Kiosk's name"],
  ["kiosks.never", "ei koskaan", "aldrig", "never"],
  ["kiosks.release", "Vapauta paikat", "Frigör platserna", "Release seats"],
  ["kiosks.release_confirm", "Vahvista: vapauta {0} paikkaa", "Bekräfta: frigör {0} platser", "Confirm: release {0} seats"],
  ["kiosks.released_done", "Kioskin {0} varaamat {1} paikkaa vapautettiin.", "De {1} platser som kiosken {0} höll frigjordes.", "The {1} seats kiosk {0} held were released."],
  ["kiosks.revoke", "Poista käytöstä", "Ta ur bruk", "Revoke"],
  ["kiosks.revoke_confirm", "Vahvista: {0} pois käytöstä", "Bekräfta: ta {0} ur bruk", "Confirm: revoke {0}"],
  ["kiosks.revoked_done", "Kioski {0} poistettiin käytöstä.", "Kiosken {0} togs ur bruk.", "Kiosk {0} was revoked."],
  ["kiosks.state", "Tila", "Status", "State"],
  ["kiosks.state.awaiting_enrolment", "Odottaa käyttöönottoa", "Väntar på ibruktagning", "Awaiting enrolment"],
  ["kiosks.state.not_enrolled", "Ei käytössä", "Inte i bruk", "Not enrolled"],
  ["kiosks.state.online", "Yhteydessä", "I kontakt", "Online"],
  ["kiosks.state.quiet", "Ei yhteyttä hetkeen", "Ingen kontakt på en stund", "Quiet for a while"],
  ["kiosks.state.revoked", "Poistettu käytöstä", "Tagen ur bruk", "Revoked"],
  ["kiosks.state.silent", "Hiljaa yli vuorokauden", "Tyst i över ett dygn", "Silent for over a day"],
  ["kiosks.title", "Kioskit", "Kiosker", "Kiosks"],
  ["kiosks.token", "Käyttöönottotunnus kioskille {0}. Se näytetään vain nyt ja kelpaa kerran, viikon ajan. Aja kioskilla:", "Ibruktagningskod för kiosken {0}. Den visas bara nu och gäller en gång, i en vecka. Kör på kiosken:", "Enrolment token for kiosk {0}. It is shown only now and is valid once, for a week. On the kiosk run:"],
  ["kiosks.venue", "Tapahtumapaikka", "Plats", "Venue"],
  ["lang.en", "English", "English", "English"],
  ["lang.fi", "Suomi", "Suomi", "Suomi"],
  ["lang.sv", "Svenska", "Svenska", "Svenska"],
  ["nav.audit", "Muutosloki", "Ändringslogg", "Audit log"],
  ["nav.feedback", "Palaute", "Respons", "Feedback"],
  ["nav.kiosks", "Kioskit", "Kiosker", "Kiosks"],
  ["nav.label", "Päävalikko", "Huvudmeny", "Main menu"],
  ["nav.overview", "Yleiskuva", "Översikt", "Overview"],
  ["nav.sources", "Lähteet", "Källor", "Sources"],
  ["nav.users", "Käyttäjät", "Användare", "Users"],
  ["overview.empty", "Ei tapahtumia.", "Inga evenemang.", "No events."],
  ["overview.event", "Tapahtuma", "Evenemang", "Event"],
  ["overview.kiosks", "Kioskit", "Kiosker", "Kiosks"],
  ["overview.no_problems", "Ei ongelmia.", "Inga problem.", "No problems."],
  ["overview.problems", "Huomioitavaa", "Att observera", "Needs attention"],
  ["overview.seats", "Paikat", "Platser", "Seats"],
  ["overview.seats_of", "{0} / {1}", "{0} / {1}", "{0} / {1}"],
  ["overview.seats_open", "{0} (ei rajaa)", "{0} (ingen gräns)", "{0} (no limit)"],
  ["overview.time", "Aika", "Tid", "Time"],
  ["overview.title", "Yleiskuva", "Översikt", "Overview"],
  ["overview.today", "Tänään", "I dag", "Today"],
  ["overview.upcoming", "Tulevat", "Kommande", "Upcoming"],
  ["overview.venue", "Paikka", "Plats", "Venue"],
  ["overview.waiting", "Jonossa", "I kö", "Waiting"],
  ["problem.kiosk_silent", "Kioski {0} ei ole ollut yhteydessä {1} jälkeen.", "Kiosken {0} har inte hörts av sedan {1}.", "Kiosk {0} has not been heard from since {1}."],
  ["problem.kiosk_silent_never", "Kioski {0} ei ole koskaan ollut yhteydessä.", "Kiosken {0} har aldrig hörts av.", "Kiosk {0} has never been heard from."],
  ["problem.mail_failed", "Sähköposteja jäi perille menemättä: {0} epäonnistui, {1} epävarmaa.", "E-post kom inte fram: {0} misslyckades, {1} osäkra.", "Mail was not delivered: {0} failed, {1} unsure."],
  ["problem.source_failed", "Tapahtumalähde {0} on epäonnistunut {1} kertaa peräkkäin.", "Evenemangskällan {0} har misslyckats {1} gånger i rad.", "Event source {0} has failed {1} times in a row."],
  ["signin.button", "Kirjaudu", "Logga in", "Sign in"],
  ["signin.expired", "Istuntosi päättyi. Kirjaudu uudelleen.", "Din session har gått ut. Logga in igen.", "Your session ended. Please sign in again."],
  ["signin.locked", "Liian monta väärää salasanaa. Tunnus on lukittu {0} minuutiksi.", "För många fel lösenord. Kontot är låst i {0} minuter.", "Too many wrong passwords. The account is locked for {0} minutes."],
  ["signin.name", "Käyttäjätunnus", "Användarnamn", "User name"],
  ["signin.password", "Salasana", "Lösenord", "Password"],
  ["signin.rate_limited", "Liian monta väärää kirjautumista tästä osoitteesta. Odota hetki.", "För många felaktiga inloggningar från den här adressen. Vänta en stund.", "Too many wrong sign-ins from this address. Please wait a while."],
  ["signin.signed_out", "Olet kirjautunut ulos.", "Du har loggat ut.", "You have signed out."],
  ["signin.title", "Kirjaudu sisään", "Logga in", "Sign in"],
  ["signin.wrong", "Väärä käyttäjätunnus tai salasana.", "Fel användarnamn eller lösenord.", "Wrong user name or password."],
  ["sources.counts", "{0} tapahtumaa, {1} ohitettu, {2} poistettu", "{0} evenemang, {1} överhoppade, {2} borttagna", "{0} events, {1} skipped, {2} removed"],
  ["sources.every", "Haetaan", "Hämtas", "Fetched"],
  ["sources.every_min", "{0} min välein", "var {0} min", "every {0} min"],
  ["sources.failing", "Epäonnistunut {0} kertaa peräkkäin; seuraava yritys {1}.", "Misslyckats {0} gånger i rad; nästa försök {1}.", "Failed {0} times in a row; next try {1}."],
  ["sources.last", "Viimeisin haku", "Senaste hämtning", "Last fetch"],
  ["sources.name", "Lähde", "Källa", "Source"],
  ["sources.never", "ei vielä haettu", "inte hämtad ännu", "not fetched yet"],
  ["sources.none", "Ei tapahtumalähteitä. Lisää lähde komennolla aukio-hub source add.", "Inga evenemangskällor. Lägg till en med aukio-hub source add.", "No event sources. Add one with aukio-hub source add."],
  ["sources.result", "Tulos", "Resultat", "Result"],
  ["sources.title", "Tapahtumalähteet", "Evenemangskällor", "Event sources"],
  ["status.cancelled", "Peruttu", "Avbokad", "Cancelled"],
  ["status.confirmed", "Vahvistettu", "Bekräftad", "Confirmed"],
  ["status.waitlisted", "Jonossa ({0}.)", "I kö ({0}.)", "Waiting (no. {0})"],
  ["top.role.coordinator", "koordinaattori", "koordinator", "coordinator"],
  ["top.role.library", "kirjasto", "bibliotek", "library"],
  ["top.signout", "Kirjaudu ulos", "Logga ut", "Sign out"],
  ["top.skip", "Siirry sisältöön", "Hoppa till innehållet", "Skip to content"],
  ["top.user", "{0} ({1})", "{0} ({1})", "{0} ({1})"],
  ["users.how", "Käyttäjät lisätään ja poistetaan hubin komentorivillä: aukio-hub user add NIMI [--role library --venue PAIKKA].", "Användare läggs till och tas bort på hubbens kommandorad: aukio-hub user add NAMN [--role library --venue PLATS].", "Users are added and removed on the hub's command line: aukio-hub user add NAME [--role library --venue VENUE]."],
  ["users.last_login", "Viimeksi kirjautunut", "Senast inloggad", "Last signed in"],
  ["users.locked", "Lukittu {0} asti", "Låst till {0}", "Locked until {0}"],
  ["users.name", "Käyttäjä", "Användare", "User"],
  ["users.role", "Rooli", "Roll", "Role"],
  ["users.sessions", "Istuntoja", "Sessioner", "Sessions"],
  ["users.title", "Käyttäjät", "Användare", "Users"],
  ["users.venues", "Tapahtumapaikat", "Platser", "Venues"],
];

const LANGS = ["fi", "sv", "en"];

function placeholders(text) {
  return (text.match(/\{\d+\}/g) || []).sort().join(",");
}

// What is wrong with the catalogue, as a list of sentences ([] when nothing is).
function checkCatalogue() {
  const problems = [];
  for (let i = 0; i < CATALOGUE.length; i++) {
    const row = CATALOGUE[i];
    if (row.length !== 4) problems.push(`${row[0]}: not four columns`);
    if (i > 0 && !(CATALOGUE[i - 1][0] < row[0])) problems.push(`${row[0]}: out of order or a duplicate`);
    for (let l = 1; l < 4; l++) if (!row[l]) problems.push(`${row[0]}: empty in ${LANGS[l - 1]}`);
    for (let l = 2; l < 4; l++)
      if (placeholders(row[l]) !== placeholders(row[1])) problems.push(`${row[0]}: placeholders differ in ${LANGS[l - 1]}`);
  }
  return problems;
}

const STRINGS = new Map(CATALOGUE.map((row) => [row[0], row.slice(1)]));
