/*
 * gen_events.c: the benchmarks' catalogue: N deterministic events (next GEN_DAYS days, fi/sv/en
 * titles of varying length, 30 venues, eight categories, a mix of drop-in, limited, large and
 * unlimited events), written as a Linked Events-shaped JSON document that `aukio import` reads.
 * Moved out of bench_kiosk.c so that every benchmark measures the same catalogue.
 */
#include "gen_events.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "event.h"

/* A deterministic generator, so every run measures the same catalogue. */
static uint64_t g_rng = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(uint32_t n)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 11) % n;
}

typedef struct {
    const char *fi, *sv, *en;
} Tri;

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const CATEGORY_IDS[] = {"storytime", "workshop", "coworking", "training",
                                           "popup",     "visit",    "club",      "other"};
/* Cumulative percentages: storytime 18, workshop 20, coworking 8, training 12, popup 8,
 * visit 7, club 17, other 10. */
static const int CATEGORY_CUMUL[] = {18, 38, 46, 58, 66, 73, 90, 100};

static const Tri TITLES_STORYTIME[] = {
    {"Satutunti", "Sagostund", "Story time"},
    {"Vauvojen loruhetki", "Ramsstund för bebisar", "Baby rhyme time"},
    {"Lukukoira Lulu kuuntelee", "Läshunden Lulu lyssnar", "Read to Lulu the reading dog"},
    {"Satujooga perheille", "Sagoyoga för familjer", "Story yoga for families"},
    {"Pyjamasadut", "Pyjamassagor", "Pyjama stories"},
    {"Kuvakirjaviikko: eläinsadut", "Bilderboksvecka: djursagor",
     "Picture book week: animal tales"},
    {"Satuhetki ukrainaksi – Казки українською", "Sagostund på ukrainska",
     "Story time in Ukrainian"},
    {"Muumien talvitarinat", "Mumintrollens vintersagor", "Moomin winter tales"},
};
static const Tri TITLES_WORKSHOP[] = {
    {"Käsityökahvila", "Handarbetscafé", "Craft café"},
    {"3D-tulostuksen alkeet", "Grunderna i 3D-utskrift", "3D printing basics"},
    {"Ompelupaja: korjaa ja tuunaa", "Sömnadsverkstad: laga och piffa upp",
     "Sewing workshop: mend and make over"},
    {"Sarjakuvatyöpaja nuorille", "Serieverkstad för unga", "Comics workshop for teens"},
    {"Robotiikkapaja", "Robotikverkstad", "Robotics workshop"},
    {"Vinyylileikkurin käyttöopastus", "Introduktion till vinylskäraren",
     "Vinyl cutter introduction"},
    {"Äänitystyöpaja: tee oma podcast", "Inspelningsverkstad: gör din egen podd",
     "Recording workshop: make your own podcast"},
    {"Kirjansidonta", "Bokbindning", "Bookbinding"},
};
static const Tri TITLES_COWORKING[] = {
    {"Urban Office: e-palveluapu", "Urban Office: hjälp med e-tjänster",
     "Urban Office: e-services help"},
    {"Digituki", "Digistöd", "Digital help desk"},
    {"Yrittäjien etätyöaamu", "Distansarbetsmorgon för företagare",
     "Remote work morning for entrepreneurs"},
    {"Työnhakupaja", "Jobbsökarverkstad", "Job search clinic"},
    {"Veroilmoituksen täyttöapu", "Hjälp med skattedeklarationen", "Help with your tax return"},
};
static const Tri TITLES_TRAINING[] = {
    {"Älypuhelimen perusteet", "Grunderna i smarttelefonen", "Smartphone basics"},
    {"Tekoäly arjessa – mitä se on ja mitä ei", "AI i vardagen – vad det är och inte är",
     "AI in everyday life – what it is and is not"},
    {"Sukututkimuksen alkeet", "Grunderna i släktforskning", "Genealogy for beginners"},
    {"Verkkopankin turvallinen käyttö", "Använd nätbanken säkert", "Online banking safely"},
    {"E-kirjat ja e-äänikirjat tutuiksi", "Bekanta dig med e-böcker och e-ljudböcker",
     "Getting started with e-books and e-audiobooks"},
    {"Tietoturvakurssi senioreille", "Datasäkerhetskurs för seniorer",
     "Cyber safety course for seniors"},
};
static const Tri TITLES_POPUP[] = {
    {"Kirjasto tulee kylään", "Biblioteket kommer på besök", "The library comes to you"},
    {"Kirjakirppis", "Boklopis", "Book flea market"},
    {"Lautapeli-ilta", "Brädspelskväll", "Board game night"},
    {"Siemenvaihtopäivä", "Fröbytesdag", "Seed swap day"},
    {"Pop-up-kirjasto torilla", "Popup-bibliotek på torget", "Pop-up library at the market square"},
};
static const Tri TITLES_VISIT[] = {
    {"Kirjailijavierailu: Rosa Liksom", "Författarbesök: Rosa Liksom", "Author visit: Rosa Liksom"},
    {"Runoilta: lavalla nuoret runoilijat", "Poesikväll: unga poeter på scen",
     "Poetry evening: young poets on stage"},
    {"Kuvittaja kertoo työstään", "Illustratören berättar om sitt arbete",
     "An illustrator on their work"},
    {"Tietokirjailija vieraana: Itämeren tulevaisuus",
     "Fackboksförfattare på besök: Östersjöns framtid",
     "Non-fiction author visit: the future of the Baltic Sea"},
    {"Kirjailijavierailu: Monika Fagerholm", "Författarbesök: Monika Fagerholm",
     "Author visit: Monika Fagerholm"},
};
static const Tri TITLES_CLUB[] = {
    {"Lukupiiri", "Läscirkel", "Book club"},
    {"Kielikahvila: suomea aloittelijoille", "Språkcafé: finska för nybörjare",
     "Language café: Finnish for beginners"},
    {"Kielikahvila: русский язык", "Språkcafé: ryska", "Language café: Russian"},
    {"Shakkikerho", "Schackklubb", "Chess club"},
    {"Neulekerho", "Stickklubb", "Knitting club"},
    {"Manga- ja animekerho", "Manga- och animeklubb", "Manga and anime club"},
    {"Pelikerho: Minecraft", "Spelklubb: Minecraft", "Gaming club: Minecraft"},
    {"Dekkaripiiri", "Deckarcirkel", "Crime fiction circle"},
};
static const Tri TITLES_OTHER[] = {
    {"Kirjaston opastettu kierros", "Guidad tur i biblioteket", "Guided library tour"},
    {"Musiikkihuoneen esittely", "Presentation av musikrummet", "Music room introduction"},
    {"Elokuvailta: kotimaisia klassikoita", "Filmkväll: inhemska klassiker",
     "Film night: Finnish classics"},
    {"Lasten disko", "Barndisco", "Kids' disco"},
    {"Näyttely: Pohjoisen valo", "Utställning: Nordens ljus", "Exhibition: Northern light"},
};
static const struct {
    const Tri *t;
    int n;
} TITLES[] = {
    {TITLES_STORYTIME, COUNT(TITLES_STORYTIME)}, {TITLES_WORKSHOP, COUNT(TITLES_WORKSHOP)},
    {TITLES_COWORKING, COUNT(TITLES_COWORKING)}, {TITLES_TRAINING, COUNT(TITLES_TRAINING)},
    {TITLES_POPUP, COUNT(TITLES_POPUP)},         {TITLES_VISIT, COUNT(TITLES_VISIT)},
    {TITLES_CLUB, COUNT(TITLES_CLUB)},           {TITLES_OTHER, COUNT(TITLES_OTHER)},
};

/* What makes titles long or short. */
static const Tri AUDIENCE_SUFFIX[] = {
    {" lapsille", " för barn", " for children"},
    {" nuorille", " för unga", " for teens"},
    {" senioreille", " för seniorer", " for seniors"},
    {" koko perheelle", " för hela familjen", " for the whole family"},
};
static const Tri LONG_SUFFIX[] = {
    {" – tule mukaan, kaikki ovat tervetulleita eikä ennakkotietoja tarvita",
     " – kom med, alla är välkomna och inga förkunskaper behövs",
     " – come along, everyone is welcome and no experience is needed"},
    {" (syyskauden viimeinen kerta ennen joulutaukoa)", " (höstterminens sista gång före jullovet)",
     " (the last session of the term before the winter break)"},
    {" yhteistyössä kansalaisopiston ja kaupunginmuseon kanssa",
     " i samarbete med medborgarinstitutet och stadsmuseet",
     " together with the adult education centre and the city museum"},
};
static const Tri SERIES_WORD = {"osa", "del", "part"};

static const Tri SUMMARIES[] = {
    {"Tervetuloa mukaan! Tilaisuus on maksuton.", "Välkommen! Evenemanget är avgiftsfritt.",
     "Welcome! The event is free of charge."},
    {"Pieni ryhmä, joten ohjaajalla on aikaa jokaiselle.",
     "En liten grupp, så handledaren hinner med alla.",
     "A small group, so the instructor has time for everyone."},
    {"Rento tapaaminen kirjaston tunnelmallisessa tilassa.",
     "En avslappnad träff i bibliotekets mysiga lokal.",
     "A relaxed meet-up in the library's cosy room."},
};
static const Tri DESCRIPTION_LINES[] = {
    {"Tila on esteetön, ja induktiosilmukka on käytössä.",
     "Lokalen är tillgänglig och har hörslinga.", "The room is accessible and has a hearing loop."},
    {"Ilmoittautuneille lähetetään muistutus edellisenä päivänä.",
     "De anmälda får en påminnelse dagen innan.",
     "Those who sign up get a reminder the day before."},
    {"Ota mukaan oma kannettava tietokone, jos sinulla on sellainen.",
     "Ta med din egen bärbara dator om du har en.", "Bring your own laptop if you have one."},
    {"Kahvitarjoilu alkaa puoli tuntia ennen tilaisuutta.",
     "Kaffeserveringen börjar en halvtimme före evenemanget.",
     "Coffee is served half an hour before the event."},
};

typedef struct {
    Tri name;
    const char *street;
    Tri city;
} Venue;

static const Venue VENUES[] = {
    {{"Keskustakirjasto Oodi", "Centrumbiblioteket Ode", "Helsinki Central Library Oodi"},
     "Töölönlahdenkatu 4",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Pasilan kirjasto", "Böle bibliotek", "Pasila Library"},
     "Kellosilta 9",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Kallion kirjasto", "Berghälls bibliotek", "Kallio Library"},
     "Viides linja 11",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Rikhardinkadun kirjasto", "Richardsgatans bibliotek", "Rikhardinkatu Library"},
     "Rikhardinkatu 3",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Itäkeskuksen kirjasto", "Östra centrums bibliotek", "Itäkeskus Library"},
     "Turunlinnantie 1",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Vuosaaren kirjasto", "Nordsjö bibliotek", "Vuosaari Library"},
     "Mosaiikkitori 2",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Kontulan kirjasto", "Gårdsbacka bibliotek", "Kontula Library"},
     "Ostostie 4",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Malmin kirjasto", "Malms bibliotek", "Malmi Library"},
     "Ala-Malmin tori 1",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Töölön kirjasto", "Tölö bibliotek", "Töölö Library"},
     "Topeliuksenkatu 6",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Lauttasaaren kirjasto", "Drumsö bibliotek", "Lauttasaari Library"},
     "Pajalahdentie 10",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Maunulan kirjasto – Maunula-talo", "Månsas bibliotek – Månsashuset",
      "Maunula Library – Maunula House"},
     "Metsäpurontie 4",
     {"Helsinki", "Helsingfors", "Helsinki"}},
    {{"Entressen kirjasto", "Entresse bibliotek", "Entresse Library"},
     "Siltakatu 11",
     {"Espoo", "Esbo", "Espoo"}},
    {{"Sellon kirjasto", "Sello bibliotek", "Sello Library"},
     "Leppävaarankatu 9",
     {"Espoo", "Esbo", "Espoo"}},
    {{"Ison Omenan kirjasto", "Iso Omena bibliotek", "Iso Omena Library"},
     "Piispansilta 11",
     {"Espoo", "Esbo", "Espoo"}},
    {{"Tapiolan kirjasto", "Hagalunds bibliotek", "Tapiola Library"},
     "Kulttuuriaukio 2",
     {"Espoo", "Esbo", "Espoo"}},
    {{"Tikkurilan kirjasto", "Dickursby bibliotek", "Tikkurila Library"},
     "Lummetie 4",
     {"Vantaa", "Vanda", "Vantaa"}},
    {{"Myyrmäen kirjasto", "Myrbacka bibliotek", "Myyrmäki Library"},
     "Paalutori 3",
     {"Vantaa", "Vanda", "Vantaa"}},
    {{"Lahden pääkirjasto", "Lahtis huvudbibliotek", "Lahti Main Library"},
     "Kirjastokatu 1",
     {"Lahti", "Lahtis", "Lahti"}},
    {{"Kouvolan pääkirjasto", "Kouvola huvudbibliotek", "Kouvola Main Library"},
     "Salpausselänkatu 33",
     {"Kouvola", "Kouvola", "Kouvola"}},
    {{"Tampereen pääkirjasto Metso", "Tammerfors huvudbibliotek Metso",
      "Tampere Main Library Metso"},
     "Pirkankatu 2",
     {"Tampere", "Tammerfors", "Tampere"}},
    {{"Turun pääkirjasto", "Åbo stadsbibliotek", "Turku Main Library"},
     "Linnankatu 2",
     {"Turku", "Åbo", "Turku"}},
    {{"Oulun pääkirjasto", "Uleåborgs huvudbibliotek", "Oulu Main Library"},
     "Kaarlenväylä 3",
     {"Oulu", "Uleåborg", "Oulu"}},
    {{"Jyväskylän pääkirjasto", "Jyväskylä huvudbibliotek", "Jyväskylä Main Library"},
     "Vapaudenkatu 39–41",
     {"Jyväskylä", "Jyväskylä", "Jyväskylä"}},
    {{"Kuopion pääkirjasto", "Kuopio huvudbibliotek", "Kuopio Main Library"},
     "Maaherrankatu 12",
     {"Kuopio", "Kuopio", "Kuopio"}},
    {{"Rovaniemen kirjasto", "Rovaniemi bibliotek", "Rovaniemi Library"},
     "Jorma Eton tie 6",
     {"Rovaniemi", "Rovaniemi", "Rovaniemi"}},
    {{"Vaasan pääkirjasto", "Vasa huvudbibliotek", "Vaasa Main Library"},
     "Kirjastonkatu 13",
     {"Vaasa", "Vasa", "Vaasa"}},
    {{"Porvoon pääkirjasto", "Borgå huvudbibliotek", "Porvoo Main Library"},
     "Papinkatu 20",
     {"Porvoo", "Borgå", "Porvoo"}},
    {{"Joensuun pääkirjasto", "Joensuu huvudbibliotek", "Joensuu Main Library"},
     "Koskikatu 25",
     {"Joensuu", "Joensuu", "Joensuu"}},
    {{"Seinäjoen kirjasto Apila", "Seinäjoki bibliotek Apila", "Seinäjoki Library Apila"},
     "Alvar Aallon katu 14",
     {"Seinäjoki", "Seinäjoki", "Seinäjoki"}},
    {{"Kirjastoauto Sampo", "Biblioteksbussen Sampo", "Mobile library Sampo"},
     "Pysäkit vaihtelevat",
     {"Inari", "Enare", "Inari"}},
};

static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fputc('\\', f);
        if (*s == '\n') {
            fputs("\\n", f);
            continue;
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

/* "KEY":{"fi":..,"sv":..,"en":..} with the languages in MASK (bit 0 fi, 1 sv, 2 en). */
static void put_ltext(FILE *f, const char *key, const char *const v[3], int mask)
{
    static const char *const codes[3] = {"fi", "sv", "en"};
    fprintf(f, "\"%s\":{", key);
    bool first = true;
    for (int i = 0; i < 3; i++) {
        if (!(mask & (1 << i)) || !v[i] || !v[i][0]) continue;
        fprintf(f, "%s\"%s\":", first ? "" : ",", codes[i]);
        put_str(f, v[i]);
        first = false;
    }
    fputc('}', f);
}

static void put_tri(FILE *f, const char *key, const Tri *t, int mask)
{
    const char *v[3] = {t->fi, t->sv, t->en};
    put_ltext(f, key, v, mask);
}

static void put_time(FILE *f, const char *key, int64_t t)
{
    char buf[32];
    event_format_time(t, buf, sizeof(buf));
    fprintf(f, ",\"%s\":\"%s\"", key, buf);
}

static void put_question(FILE *f, int kind, bool first)
{
    static const Tri photo = {"Saako sinua kuvata tilaisuudessa?",
                              "Får du fotograferas under evenemanget?",
                              "May we take photos of you at the event?"};
    static const Tri level = {"Millä tasolla olet?", "På vilken nivå är du?",
                              "What is your level?"};
    static const Tri levels[3] = {{"Aloittelija", "Nybörjare", "Beginner"},
                                  {"Jonkin verran kokemusta", "Viss erfarenhet", "Some experience"},
                                  {"Konkari", "Van", "Experienced"}};
    static const char *const level_ids[3] = {"beginner", "some", "experienced"};
    static const Tri diet = {"Ruokavalio tai allergiat", "Specialdiet eller allergier",
                             "Diet or allergies"};
    if (!first) fputc(',', f);
    if (kind == 0) {
        fputs("{\"id\":\"photos\",\"type\":\"yesno\",\"required\":true,", f);
        put_tri(f, "label", &photo, 7);
        fputc('}', f);
    } else if (kind == 1) {
        fputs("{\"id\":\"level\",\"type\":\"single\",\"required\":true,", f);
        put_tri(f, "label", &level, 7);
        fputs(",\"options\":[", f);
        for (int i = 0; i < 3; i++) {
            fprintf(f, "%s{\"id\":\"%s\",", i ? "," : "", level_ids[i]);
            put_tri(f, "label", &levels[i], 7);
            fputc('}', f);
        }
        fputs("]}", f);
    } else {
        fputs("{\"id\":\"diet\",\"type\":\"text\",\"required\":false,", f);
        put_tri(f, "label", &diet, 7);
        fputc('}', f);
    }
}

static void put_event(FILE *f, int i, int64_t now, GenStats *gs)
{
    /* Category and title, in a mix of languages and lengths. */
    int c = 0, roll = (int)rnd(100);
    while (roll >= CATEGORY_CUMUL[c])
        c++;
    const Tri *base = &TITLES[c].t[rnd((uint32_t)TITLES[c].n)];
    const char *b[3] = {base->fi, base->sv, base->en};
    char title[3][160];
    int shape = (int)rnd(100);
    int part = 1 + (int)rnd(12);
    const Tri *sfx = shape < 45   ? NULL
                     : shape < 60 ? &AUDIENCE_SUFFIX[rnd(COUNT(AUDIENCE_SUFFIX))]
                     : shape < 80 ? NULL
                                  : &LONG_SUFFIX[rnd(COUNT(LONG_SUFFIX))];
    const char *s[3] = {sfx ? sfx->fi : "", sfx ? sfx->sv : "", sfx ? sfx->en : ""};
    const char *sw[3] = {SERIES_WORD.fi, SERIES_WORD.sv, SERIES_WORD.en};
    for (int l = 0; l < 3; l++) {
        if (shape >= 60 && shape < 80)
            snprintf(title[l], sizeof(title[l]), "%s: %s %d", b[l], sw[l], part);
        else
            snprintf(title[l], sizeof(title[l]), "%s%s", b[l], s[l]);
    }
    int lroll = (int)rnd(100);
    int mask = lroll < 60 ? 7 : lroll < 85 ? 5 : lroll < 95 ? 1 : 3;
    const Venue *v = &VENUES[rnd(COUNT(VENUES))];
    int venue_index = (int)(v - VENUES);

    /* Time: a quarter hour between 08 and 19 UTC on one of the next DAYS days. */
    int64_t day0 = now / 86400 * 86400;
    int64_t start = day0 + (int64_t)rnd(GEN_DAYS) * 86400 + (6 + (int64_t)rnd(12)) * 3600 +
                    (int64_t)rnd(4) * 900;
    if (start < now + 900) start += 86400;
    int minutes = (c == 2 || c == 4) ? 120 + 30 * (int)rnd(7) : 30 + 15 * (int)rnd(7);
    int64_t end = rnd(100) < 5 ? 0 : start + minutes * 60;
    int sroll = (int)rnd(100);
    const char *status = sroll < 2   ? "EventCancelled"
                         : sroll < 3 ? "EventPostponed"
                         : sroll < 4 ? "EventRescheduled"
                                     : "EventScheduled";
    bool postponed = sroll == 2;
    gs->cancelled += sroll < 2;
    gs->postponed += postponed;

    fprintf(f, "%s{\"id\":\"bench:ev-%05d\",", i ? ",\n" : "", i);
    const char *tv[3] = {title[0], title[1], title[2]};
    put_ltext(f, "name", tv, mask);
    fputc(',', f);
    put_tri(f, "short_description", &SUMMARIES[rnd(COUNT(SUMMARIES))], mask);
    char desc[3][512];
    const Tri *d1 = &DESCRIPTION_LINES[rnd(COUNT(DESCRIPTION_LINES))];
    const Tri *d2 = &DESCRIPTION_LINES[rnd(COUNT(DESCRIPTION_LINES))];
    snprintf(desc[0], sizeof(desc[0]), "%s\n\n%s %s", title[0], d1->fi, d2->fi);
    snprintf(desc[1], sizeof(desc[1]), "%s\n\n%s %s", title[1], d1->sv, d2->sv);
    snprintf(desc[2], sizeof(desc[2]), "%s\n\n%s %s", title[2], d1->en, d2->en);
    const char *dv[3] = {desc[0], desc[1], desc[2]};
    fputc(',', f);
    put_ltext(f, "description", dv, mask);
    char provider[3][128];
    snprintf(provider[0], sizeof(provider[0]), "%s kirjasto", v->city.fi);
    snprintf(provider[1], sizeof(provider[1]), "%s bibliotek", v->city.sv);
    snprintf(provider[2], sizeof(provider[2]), "%s Library", v->city.en);
    const char *pv[3] = {provider[0], provider[1], provider[2]};
    fputc(',', f);
    put_ltext(f, "provider", pv, 7);
    if (postponed) {
        fputs(",\"start_time\":null,\"end_time\":null", f);
    } else {
        put_time(f, "start_time", start);
        if (end) put_time(f, "end_time", end);
    }
    fprintf(f, ",\"event_status\":\"%s\"", status);
    fprintf(f, ",\"location\":{\"id\":\"bench:place-%02d\",", venue_index);
    put_tri(f, "name", &v->name, 7);
    const char *street[3] = {v->street, v->street, v->street};
    fputc(',', f);
    put_ltext(f, "street_address", street, 7);
    fputc(',', f);
    put_tri(f, "address_locality", &v->city, 7);
    fputc('}', f);
    fputs(",\"keywords\":[", f);
    int n_kw = 1 + (int)rnd(3);
    for (int k = 0; k < n_kw; k++)
        fprintf(f, "%s{\"id\":\"yso:p%d\"}", k ? "," : "", 1000 + (int)rnd(30000));
    fputc(']', f);
    if (c == 0) fputs(",\"audience_min_age\":0,\"audience_max_age\":6", f);

    /* Registration: drop-in 35 %, limited seats 35 %, unlimited 15 %, large halls 15 %. */
    int rroll = (int)rnd(100);
    bool registration = rroll >= 35;
    if (rroll >= 35 && rroll < 70) {
        int cap = 6 + (int)rnd(35);
        fprintf(f, ",\"maximum_attendee_capacity\":%d", cap);
        int w = (int)rnd(10);
        if (w < 4)
            fputs(",\"waiting_list_capacity\":0", f);
        else if (w < 8)
            fprintf(f, ",\"waiting_list_capacity\":%d", 5 + (int)rnd(6));
        fprintf(f, ",\"maximum_group_size\":%d", 1 + (int)rnd(4));
        if (!postponed) {
            if (rnd(10) == 0) {
                put_time(f, "enrolment_start_time", start - 7 * 86400);
            } else {
                put_time(f, "enrolment_start_time", now - 3 * 86400);
                if (start - 3600 > now) put_time(f, "enrolment_end_time", start - 3600);
            }
        }
        gs->limited++;
    } else if (rroll >= 70 && rroll < 85) {
        fprintf(f, ",\"maximum_group_size\":%d", 1 + (int)rnd(6));
        gs->unlimited++;
    } else if (rroll >= 85) {
        fprintf(f, ",\"maximum_attendee_capacity\":%d", 200 + (int)rnd(400));
        fprintf(f, ",\"waiting_list_capacity\":20,\"maximum_group_size\":%d", 1 + (int)rnd(6));
        gs->large++;
    } else {
        gs->no_registration++;
    }

    fprintf(f, ",\"x_aukio\":{\"category\":\"%s\",\"registration\":%s", CATEGORY_IDS[c],
            registration ? "true" : "false");
    if (rnd(3) == 0) {
        static const Tri audiences[] = {{"Lapsiperheet", "Barnfamiljer", "Families"},
                                        {"Aikuiset", "Vuxna", "Adults"},
                                        {"Nuoret", "Unga", "Teens"},
                                        {"Seniorit", "Seniorer", "Seniors"}};
        fputc(',', f);
        put_tri(f, "audience", &audiences[rnd(COUNT(audiences))], 7);
    }
    if (registration) {
        int e = (int)rnd(10), p = (int)rnd(10);
        fprintf(f, ",\"contact_fields\":{\"email\":\"%s\",\"phone\":\"%s\"}",
                e < 5   ? "required"
                : e < 8 ? "optional"
                        : "hidden",
                p < 1   ? "required"
                : p < 5 ? "optional"
                        : "hidden");
        if (rroll < 70 && rnd(4) == 0) fprintf(f, ",\"reserved_seats\":%d", (int)rnd(5));
        if (rnd(10) < 3) {
            fputs(",\"questions\":[", f);
            int first = (int)rnd(3), n = 1 + (int)rnd(3);
            for (int q = 0; q < n; q++)
                put_question(f, (first + q) % 3, q == 0);
            fputc(']', f);
            gs->with_questions++;
        }
    }
    fputs("}}", f);
}

int gen_events_write(const char *path, int n, int64_t now, GenStats *gs)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    memset(gs, 0, sizeof(*gs));
    g_rng = 0x9E3779B97F4A7C15ULL; /* the same catalogue every time */
    fprintf(f, "{\"meta\":{\"count\":%d,\"next\":null,\"previous\":null},\"data\":[\n", n);
    for (int i = 0; i < n; i++)
        put_event(f, i, now, gs);
    fputs("\n]}\n", f);
    return fclose(f) == 0 ? 0 : -1;
}

const char *gen_events_multiply(const char *db, int copies)
{
    static char why[256];
    sqlite3 *h;
    if (sqlite3_open(db, &h) != SQLITE_OK) {
        snprintf(why, sizeof why, "%s: cannot open", db);
        sqlite3_close(h);
        return why;
    }
    char sql[1024];
    int rc = sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    for (int k = 1; rc == SQLITE_OK && k < copies; k++) {
        snprintf(sql, sizeof sql,
                 "CREATE TEMP TABLE e AS SELECT * FROM main.events WHERE id NOT LIKE '%%~%%';"
                 "UPDATE e SET id = id || '~%d';"
                 "INSERT INTO main.events SELECT * FROM e; DROP TABLE e;"
                 "CREATE TEMP TABLE d AS SELECT * FROM main.event_docs WHERE id NOT LIKE '%%~%%';"
                 "UPDATE d SET id = id || '~%d';"
                 "INSERT INTO main.event_docs SELECT * FROM d; DROP TABLE d;",
                 k, k);
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    const char *out = NULL;
    if (rc != SQLITE_OK) {
        snprintf(why, sizeof why, "%s", sqlite3_errmsg(h));
        out = why;
    }
    sqlite3_close(h);
    return out;
}
