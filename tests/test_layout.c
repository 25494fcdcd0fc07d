/*
 * test_layout.c: every screen, at the three screen sizes the kiosk ships on, in every language,
 * with normal and large text and (in one language) high contrast, measured with the real fonts.
 *
 * The app is driven through app_update() the way a visitor drives it, the display list is built
 * with view_build() exactly as main.c builds it (requests such as scroll limits dispatched until
 * the layout settles), and every scroll area is also checked scrolled through to its end. Checks:
 *
 *   (a) every visible node lies inside the screen, and inside its scroll area horizontally
 *       (scroll areas move vertically only, so content cut off at the side is lost);
 *   (b) every pressable node is at least 48 dp in both dimensions;
 *   (c) pressable buttons, keys, fields, smileys, chips and cards do not overlap (a card may
 *       contain what is on it);
 *   (d) no text is wider than the screen;
 *   (e) text either lies on a pressable element or beside it, never half over its edge;
 *   (f) texts do not overlap each other;
 *   (g) a button's or key's label fits inside it;
 *   (h) with the keyboard up, the focused field is wholly visible above it;
 *   (i) what a visitor must read to decide or answer (question labels, consent, the privacy
 *       note, error messages, the description, the confirmation code) is shown in full, not
 *       ellipsised;
 *   (q) a QR code overlaps no text (checked as (f)) and gets at least 2 px per module inside its
 *       square with the quiet zone, so that a phone can read it;
 *   (r) in portrait, language, text size, contrast and Back lie within the lower two thirds of
 *       the screen (issue 9: out of reach at the top of a 1920-px screen), and every screen has
 *       them;
 *   (t) under large text those buttons' labels are at least 1.5 times their normal size;
 *   (s) the layout settles (stops asking the app for changes).
 *
 * Only what is above the topmost modal layer (the picker's scrim) is checked for (b), (c), (e),
 * (f): what lies beneath cannot be pressed and is drawn dimmed. A failure prints the size,
 * language, text settings, screen state, scroll position, check and the nodes involved (role,
 * text, rect); the first failing frames are also saved as PNGs in the working directory.
 * With AUKIO_LAYOUT_SHOTS=DIR every state's frame is saved there, for a look by eye.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "gfx.h"
#include "qr.h"
#include "ui.h"
#include "views.h"

#define SEC 1000LL
#define MAX_PRINTED 100000 /* failure lines printed in full; the rest are only counted */
#define MAX_SHOTS 12

/* ---- Fixture: a realistic catalogue ------------------------------------------------------- */

static int64_t local(int y, int mo, int d, int h, int mi)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    assert_true(t != (time_t)-1);
    return (int64_t)t;
}

/* Wednesday 18 March 2026, 17:45 in Lahti: some of today's events have started. */
static int64_t fixture_now(void)
{
    return local(2026, 3, 18, 17, 45);
}

typedef struct {
    const char *id;
    const char *title[LANG_COUNT];
    const char *venue[LANG_COUNT];
    const char *venue_id;
    const char *category;
    int day, hour, min, minutes; /* day of March 2026 (0 = postponed), duration */
} RowSpec;

/* Finnish library events as they are really titled: long, with colons and dashes. */
static const RowSpec ROWS[] = {
    {"lahti:satu-0318",
     {"Satutunti: Muumien kevät ja muita tarinoita koko perheelle",
      "Sagostund: Muminvårens sagor för hela familjen", "Storytime: Moomin spring stories"},
     {"Lahden pääkirjasto, lastenosasto", "Lahtis huvudbibliotek, barnavdelningen",
      "Lahti Main Library, children's section"},
     "main-children",
     "storytime",
     18,
     17,
     0,
     60},
    {"lahti:digi-0318",
     {"Digituki: älypuhelimen ja tabletin peruskäyttö ikäihmisille",
      "Digistöd: grunderna i smarttelefon och surfplatta för seniorer",
      "Digital help: smartphone and tablet basics for seniors"},
     {"Kärpäsen kirjasto", "Kärpänens bibliotek", "Kärpänen Library"},
     "karpanen",
     "training",
     18,
     18,
     0,
     90},
    {"lahti:saavutettavuus",
     {"Saavutettavuus kirjastopalveluissa kaikenikäisille – keskustelutilaisuus ja työpaja",
      "Tillgänglighet i bibliotekstjänster för alla åldrar – diskussion och verkstad",
      "Accessibility in library services for all ages – discussion and workshop"},
     {"Lahden pääkirjasto, Musiikkiosaston kokoushuone Tuuli",
      "Lahtis huvudbibliotek, musikavdelningens mötesrum Tuuli",
      "Lahti Main Library, Music Department meeting room Tuuli"},
     "main-tuuli",
     "workshop",
     18,
     18,
     30,
     120},
    {"lahti:kudonta",
     {"Avaa tila: kutomisen ja virkkaamisen avoin iltapäivä",
      "Avaa tila: öppen stick- och virkeftermiddag",
      "Avaa tila: open knitting and crochet afternoon"},
     {"Ahtialan kirjasto", "Ahtiala bibliotek", "Ahtiala Library"},
     "ahtiala",
     "popup",
     19,
     13,
     0,
     180},
    {"lahti:lukupiiri",
     {"Lukupiiri: Tove Janssonin novellit ja kirjeet",
      "Läsecirkel: Tove Janssons noveller och brev",
      "Book club: Tove Jansson's short stories and letters"},
     {"Jalkarannan kirjasto", "Jalkaranta bibliotek", "Jalkaranta Library"},
     "jalkaranta",
     "club",
     20,
     17,
     30,
     90},
    {"lahti:lautapelit",
     {"Lautapeli-ilta nuorille: strategiapelit ja roolipelien alkeet",
      "Brädspelskväll för unga: strategispel och grunderna i rollspel",
      "Board game night for young people: strategy games and role-playing basics"},
     {"Joutjärven kirjasto", "Joutjärvi bibliotek", "Joutjärvi Library"},
     "joutjarvi",
     "club",
     21,
     16,
     0,
     180},
    {"lahti:runoilta",
     {"Runoilta ja avoin lava: kevään sanat", "Poesikväll och öppen scen: vårens ord",
      "Poetry evening and open stage: words of spring"},
     {"Liipolan kirjasto", "Liipola bibliotek", "Liipola Library"},
     "liipola",
     "other",
     0,
     0,
     0,
     0},
    {"lahti:tyonhaku",
     {"Työnhakuklinikka: CV ja työhakemus kuntoon ammattilaisen kanssa",
      "Jobbsökarklinik: gör ditt CV och din ansökan klar med en expert",
      "Job search clinic: polish your CV and application with a professional"},
     {"Kirjastoauto Vekkuli, Mukkulan pysäkki", "Bokbussen Vekkuli, hållplatsen i Mukkula",
      "Mobile library Vekkuli, Mukkula stop"},
     "vekkuli",
     "coworking",
     24,
     10,
     0,
     120},
    {"lahti:henkilosto",
     {"Henkilöstökoulutus: asiakaspalvelu monikielisessä kirjastossa",
      "Personalutbildning: kundtjänst i ett flerspråkigt bibliotek",
      "Staff training: customer service in a multilingual library"},
     {"Nastolan kirjasto", "Nastola bibliotek", "Nastola Library"},
     "nastola",
     "training",
     25,
     9,
     0,
     240},
    {"lahti:vierailu",
     {"Vierailu: Hämeenkosken kirjaston kirjastoautoreitti",
      "Besök: Hämeenkoski biblioteks bokbussrutt", "Visit: the Hämeenkoski library bus route"},
     {"Hämeenkosken kirjasto", "Hämeenkoski bibliotek", "Hämeenkoski Library"},
     "hameenkoski",
     "visit",
     26,
     12,
     0,
     60},
    {"lahti:sukututkimus",
     {"Sukututkimuksen alkeet: kirkonkirjat ja digitoidut arkistot", "Släktforskning för nybörjare",
      "Genealogy for beginners"},
     {"Mukkulan kirjasto", "Mukkula bibliotek", "Mukkula Library"},
     "mukkula",
     "workshop",
     27,
     17,
     0,
     120},
};
#define N_ROWS ((int)(sizeof ROWS / sizeof ROWS[0]))
#define BIG_ROW 2      /* the accessibility workshop: open, questions, long description */
#define WAITLIST_ROW 4 /* full, waiting list open */
#define NOT_OPEN_ROW 7 /* enrolment opens later */

static EventRow make_row(const RowSpec *s)
{
    EventRow r;
    memset(&r, 0, sizeof r);
    r.id = s->id;
    for (int l = 0; l < LANG_COUNT; l++) {
        r.title[l] = s->title[l] ? s->title[l] : "";
        r.venue[l] = s->venue[l] ? s->venue[l] : "";
    }
    r.venue_id = s->venue_id ? s->venue_id : "";
    r.category = s->category ? s->category : "";
    if (s->day) {
        r.start_time = local(2026, 3, s->day, s->hour, s->min);
        r.end_time = r.start_time + s->minutes * 60;
        r.status = EVENT_SCHEDULED;
    } else {
        r.status = EVENT_POSTPONED;
    }
    r.registration = true;
    r.capacity = 30;
    r.confirmed_seats = 12;
    r.waitlist_capacity = 0;
    r.max_group_size = 4;
    return r;
}

static EventRow *make_rows(void)
{
    EventRow *rows = malloc(sizeof(EventRow) * N_ROWS);
    assert_non_null(rows);
    for (int i = 0; i < N_ROWS; i++)
        rows[i] = make_row(&ROWS[i]);
    rows[1].capacity = -1;                   /* unlimited */
    rows[3].registration = false;            /* drop in */
    rows[WAITLIST_ROW].confirmed_seats = 30; /* full, waiting list open */
    rows[WAITLIST_ROW].waitlist_capacity = -1;
    rows[WAITLIST_ROW].waitlisted_count = 11;
    rows[5].status = EVENT_CANCELLED;
    rows[NOT_OPEN_ROW].enrolment_start = local(2026, 3, 20, 9, 0);
    rows[8].confirmed_seats = 30; /* full, no waiting list */
    rows[10].capacity = 1;
    rows[10].confirmed_seats = 0; /* "1 seat left" */
    return rows;
}

static char *dup(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static LText lt(const char *fi, const char *sv, const char *en)
{
    LText t = {{dup(fi), dup(sv), dup(en)}};
    return t;
}

/* The full event behind ROWS[ROW]: email required, phone optional, groups up to 4, and one
 * question of each kind with long labels. Strings are malloc'd (the app frees them). */
static Event make_event(int row)
{
    const RowSpec *s = &ROWS[row];
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.id = dup(s->id);
    ev.name = lt(s->title[LANG_FI], s->title[LANG_SV], s->title[LANG_EN]);
    ev.short_description =
        lt("Miten kirjaston palvelut palvelevat kaikkia – lapsista ikäihmisiin, näkövammaisista "
           "maahan vasta muuttaneisiin? Tule kertomaan, mikä toimii ja mikä ei.",
           "Hur når bibliotekets tjänster alla – från barn till äldre, från synskadade till "
           "nyinflyttade? Kom och berätta vad som fungerar och vad som inte gör det.",
           "How do the library's services reach everyone – from children to the elderly, from the "
           "visually impaired to newcomers? Come and tell us what works and what does not.");
    ev.description = lt(
        "Lahden kaupunginkirjasto uudistaa palvelujaan, ja haluamme kuulla juuri sinua. "
        "Tilaisuuden aluksi saavutettavuusasiantuntija Päivi Häkkinen-Lindqvist esittelee, mitä "
        "saavutettavuusdirektiivi ja yhdenvertaisuuslaki edellyttävät julkisilta palveluilta, "
        "ja kirjaston henkilökunta kertoo, mitä on jo tehty: selkokieliset aineistot, "
        "induktiosilmukat, esteettömät kulkureitit ja kirjastoauton uudet pysäkit.\n"
        "Työpajaosuudessa kuljemme pienryhmissä kirjaston läpi ja kirjaamme havaintoja. "
        "Mukaan tarvitset vain omat kokemuksesi; kyniä, tarralappuja ja kahvia on tarjolla. "
        "Tilaisuus tulkataan viittomakielelle ja kirjoitustulkataan.\n"
        "Tilaisuuteen on esteetön pääsy Kirkkokadun sisäänkäynnin kautta. Avustaja pääsee "
        "maksutta. Jos tarvitset muuta tukea osallistumiseen, kerro siitä ilmoittautuessasi, "
        "niin järjestämme sen.\n"
        "Järjestäjinä Lahden kaupunginkirjasto, Päijät-Hämeen vammaisneuvosto ja "
        "Kansalaisopiston saavutettavuushanke Kaikille avoin kirjasto 2026.",
        "Lahtis stadsbibliotek förnyar sina tjänster och vill höra just dig. Först berättar "
        "tillgänglighetsexperten Päivi Häkkinen-Lindqvist vad tillgänglighetsdirektivet och "
        "diskrimineringslagen kräver av offentliga tjänster, och bibliotekets personal berättar "
        "vad som redan har gjorts: lättlästa material, hörslingor, tillgängliga gångvägar och "
        "bokbussens nya hållplatser.\n"
        "I verkstaden går vi i små grupper genom biblioteket och antecknar iakttagelser. Du "
        "behöver bara dina egna erfarenheter; pennor, lappar och kaffe finns på plats. "
        "Evenemanget tolkas till teckenspråk och skrivtolkas.\n"
        "Tillgänglig ingång från Kyrkogatan. Assistenten deltar gratis. Berätta när du anmäler "
        "dig om du behöver annat stöd för att delta, så ordnar vi det.",
        "Lahti City Library is renewing its services, and we want to hear from you. First, "
        "accessibility expert Päivi Häkkinen-Lindqvist explains what the Accessibility Directive "
        "and the Non-Discrimination Act require of public services, and the library staff tell "
        "what has already been done: easy-read materials, induction loops, step-free routes and "
        "new stops for the mobile library.\n"
        "In the workshop we walk through the library in small groups and note what we find. "
        "Bring only your own experience; pens, sticky notes and coffee are provided. The event "
        "is interpreted into Finnish Sign Language and captioned live.\n"
        "Step-free entrance from Kirkkokatu. Personal assistants attend free of charge. If you "
        "need other support to take part, tell us when you sign up and we will arrange it.");
    ev.provider = lt("Lahden kaupunginkirjasto ja Päijät-Hämeen vammaisneuvosto",
                     "Lahtis stadsbibliotek och Päijänne-Tavastlands handikappråd",
                     "Lahti City Library and the Päijät-Häme Disability Council");
    ev.audience = lt("Kaikenikäiset kirjaston käyttäjät, omaiset ja avustajat",
                     "Biblioteksbesökare i alla åldrar, anhöriga och assistenter",
                     "Library users of all ages, their families and assistants");
    ev.location_name = lt(s->venue[LANG_FI], s->venue[LANG_SV], s->venue[LANG_EN]);
    ev.location_address = lt("Kirkkokatu 31, 15140 Lahti", "Kyrkogatan 31, 15140 Lahtis",
                             "Kirkkokatu 31, 15140 Lahti");
    ev.location_id = dup(s->venue_id);
    /* The longest price a row of facts holds, and no web page: the QR code is then a VEVENT
     * with the long title and address, the largest code the screens show. */
    ev.price_kind = EVENT_PRICED;
    ev.price = lt("Aikuiset 12 €; opiskelijat, eläkeläiset ja työttömät 6 €; alle 7-vuotiaat "
                  "maksutta",
                  "Vuxna 12 €; studerande, pensionärer och arbetslösa 6 €; under 7 år gratis",
                  "Adults €12; students, pensioners and the unemployed €6; under 7s free");
    ev.category = dup(s->category);
    ev.start_time = local(2026, 3, s->day ? s->day : 18, s->hour, s->min);
    ev.end_time = ev.start_time + s->minutes * 60;
    ev.status = EVENT_SCHEDULED;
    ev.audience_min_age = 12;
    ev.audience_max_age = 99;
    ev.registration = true;
    ev.capacity = 30;
    ev.waitlist_capacity = row == WAITLIST_ROW ? -1 : 0;
    ev.max_group_size = 4;
    ev.email_rule = FIELD_REQUIRED;
    ev.phone_rule = FIELD_OPTIONAL;
    ev.n_questions = 4;
    Question *q = ev.questions = calloc(4, sizeof *q);
    assert_non_null(q);

    q[0].id = dup("toiveet");
    q[0].kind = QUESTION_TEXT;
    q[0].label = lt("Onko sinulla ruokavalioon tai saavutettavuuteen liittyviä toiveita, jotka "
                    "meidän tulisi tietää etukäteen?",
                    "Har du önskemål om specialkost eller tillgänglighet som vi borde känna "
                    "till på förhand?",
                    "Do you have any dietary or accessibility needs we should know about in "
                    "advance?");

    q[1].id = dup("saapuminen");
    q[1].kind = QUESTION_SINGLE;
    q[1].required = true;
    q[1].label =
        lt("Mitä tukea tarvitset osallistuaksesi?", "Vilket stöd behöver du för att delta?",
           "What support do you need to take part?");
    q[1].n_options = 4;
    static const char *const single[4][3] = {
        {"Tarvitsen induktiosilmukan tai kirjoitustulkkauksen",
         "Jag behöver hörslinga eller skrivtolkning", "I need an induction loop or captioning"},
        {"Saavun pyörätuolilla tai rollaattorin kanssa", "Jag kommer med rullstol eller rollator",
         "I come with a wheelchair or a rollator"},
        {"Tulen avustajan tai tukihenkilön kanssa", "Jag kommer med en assistent eller stödperson",
         "I come with an assistant or support person"},
        {"En tarvitse erityistä tukea osallistumiseen", "Jag behöver inget särskilt stöd",
         "I need no particular support"},
    };
    static const char *const single_ids[4] = {"silmukka", "pyoratuoli", "avustaja", "ei"};
    for (int i = 0; i < 4; i++) {
        q[1].options[i].id = dup(single_ids[i]);
        q[1].options[i].label = lt(single[i][0], single[i][1], single[i][2]);
    }

    q[2].id = dup("aiheet");
    q[2].kind = QUESTION_MULTI;
    q[2].label = lt("Mistä aiheista haluaisit keskustella?", "Vilka teman vill du diskutera?",
                    "Which topics would you like to discuss?");
    q[2].n_options = 3;
    static const char *const multi[3][3] = {
        {"Selkokieli ja saavutettavat aineistot", "Lättläst och tillgängligt material",
         "Easy-read and accessible materials"},
        {"Esteettömät tilat", "Tillgängliga lokaler", "Step-free premises"},
        {"Digitaaliset palvelut", "Digitala tjänster", "Digital services"},
    };
    static const char *const multi_ids[3] = {"selko", "tilat", "digi"};
    for (int i = 0; i < 3; i++) {
        q[2].options[i].id = dup(multi_ids[i]);
        q[2].options[i].label = lt(multi[i][0], multi[i][1], multi[i][2]);
    }

    q[3].id = dup("kuvaus");
    q[3].kind = QUESTION_YESNO;
    q[3].required = true;
    q[3].label = lt("Saako tapahtumassa ottaa sinusta valokuvia kirjaston viestintää varten?",
                    "Får vi fotografera dig på evenemanget för bibliotekets kommunikation?",
                    "May we take photos of you at the event for the library's communications?");
    return ev;
}

/* ---- Context and reporting ---------------------------------------------------------------- */

typedef struct {
    Gfx *gfx;
    Ui ui;
    int w, h;
    Lang lang;
    bool large, contrast;
    const char *state;
    int scroll;    /* px the checked scroll area is scrolled, for messages */
    bool sweeping; /* scrolled by the test, not by the app */
    QrCache qr;    /* (q): the codes on screen, encoded once each */
} Ctx;

static int n_failures;
static int n_printed;
static int n_shots;
static int n_frames;
static bool frame_failed;

static void where(const Ctx *c, char *buf, size_t n)
{
    snprintf(buf, n, "[%dx%d %s%s%s] %s", c->w, c->h, lang_code(c->lang), c->large ? " large" : "",
             c->contrast ? " contrast" : "", c->state);
    if (c->scroll) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, " (scrolled %d px)", c->scroll);
    }
}

static void describe(const Ui *ui, int i, char *buf, size_t n)
{
    const UiNode *node = &ui->nodes[i];
    char text[64] = "";
    if (node->text) {
        /* Cut on a code point boundary. */
        size_t len = strlen(node->text), max = 48;
        if (len > max) {
            while (max > 0 && ((unsigned char)node->text[max] & 0xC0) == 0x80)
                max--;
            snprintf(text, sizeof text, "%.*s…", (int)max, node->text);
        } else {
            snprintf(text, sizeof text, "%s", node->text);
        }
    }
    snprintf(buf, n, "#%d %s \"%s\" at (%d,%d %dx%d)%s", i, ui_role_name(node->role), text,
             node->r.x, node->r.y, node->r.w, node->r.h, node->clip ? " in a scroll area" : "");
}

static void fail_at(const Ctx *c, char check, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_at(const Ctx *c, char check, const char *fmt, ...)
{
    n_failures++;
    frame_failed = true;
    if (n_printed++ >= MAX_PRINTED) return;
    char w[256], msg[768];
    where(c, w, sizeof w);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    printf("LAYOUT %s: (%c) %s\n", w, check, msg);
}

/* Saves the frame of a failed check, so the report can be looked at. */
static void save_shot(Ctx *c)
{
    /* One frame per screen state: the scrolled frames of one state show the same fault. */
    static char last[320];
    char path[256], err[256];
    if (n_shots >= MAX_SHOTS) return;
    snprintf(path, sizeof path, "layout-fail-%dx%d-%s%s%s-%s.png", c->w, c->h, lang_code(c->lang),
             c->large ? "-large" : "", c->contrast ? "-contrast" : "", c->state);
    for (char *p = path; *p; p++)
        if (*p == ' ' || *p == ',') *p = '_';
    if (strcmp(path, last) == 0) return;
    snprintf(last, sizeof last, "%s", path);
    gfx_draw(c->gfx, &c->ui);
    if (gfx_save_png(c->gfx, path, err, sizeof err) == 0) {
        char w[256];
        where(c, w, sizeof w);
        printf("LAYOUT %s: frame saved as %s\n", w, path);
        n_shots++;
    }
}

/* ---- Geometry ----------------------------------------------------------------------------- */

static UiRect intersect(UiRect a, UiRect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    if (x1 < x0) x1 = x0;
    if (y1 < y0) y1 = y0;
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

static bool contains(UiRect outer, UiRect inner)
{
    return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w &&
           inner.y + inner.h <= outer.y + outer.h;
}

static long area(UiRect r)
{
    return (long)r.w * r.h;
}

/* The part of node I that is on screen (its rect within its clip and the screen). */
static UiRect shown(const Ui *ui, int i)
{
    UiRect r = intersect(ui->nodes[i].r, ui->clips[ui->nodes[i].clip]);
    return intersect(r, (UiRect){0, 0, ui->w, ui->h});
}

static bool full_screen(const Ui *ui, const UiNode *n)
{
    return n->r.x <= 0 && n->r.y <= 0 && n->r.x + n->r.w >= ui->w && n->r.y + n->r.h >= ui->h;
}

/* A touch target in the sense of (b): pressable, not a scroll area, background or scrim, and
 * not a layer that only swallows touches. */
static bool target(const Ui *ui, const UiNode *n)
{
    return n->action.kind != ACT_NONE && n->role != ROLE_SCROLL && !full_screen(ui, n) &&
           !(n->flags & UI_BLOCKS);
}

static bool overlap_role(UiRole r)
{
    return r == ROLE_BUTTON || r == ROLE_KEY || r == ROLE_INPUT || r == ROLE_SMILEY ||
           r == ROLE_CHECKBOX || r == ROLE_CARD;
}

/* ---- The checks --------------------------------------------------------------------------- */

static void check_frame(Ctx *c, const App *app)
{
    Ui *ui = &c->ui;
    const int W = ui->w, H = ui->h;
    const int min_px = ui_px(ui, 48) - 1;
    char a[256], b[256];
    frame_failed = false;
    n_frames++;

    /* Nodes under the topmost modal layer (a full-screen pressable scrim drawn over the screen)
     * cannot be touched; only what is above it is checked for touch and overlap rules. */
    int live = 0;
    for (int i = 1; i < ui->n; i++)
        if (ui->nodes[i].action.kind != ACT_NONE && ui->nodes[i].role != ROLE_SCROLL &&
            full_screen(ui, &ui->nodes[i]))
            live = i;

    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (!ui_node_visible(ui, i)) continue;
        UiRect r = n->r;

        /* (a) Inside the screen; in a scroll area, not cut off at its sides. */
        if (n->clip == 0) {
            if (r.x < 0 || r.y < 0 || r.x + r.w > W || r.y + r.h > H) {
                describe(ui, i, a, sizeof a);
                fail_at(c, 'a', "%s is not inside the %dx%d screen", a, W, H);
            }
        } else {
            UiRect clip = ui->clips[n->clip];
            UiRect s = shown(ui, i);
            if (s.x < 0 || s.y < 0 || s.x + s.w > W || s.y + s.h > H) {
                describe(ui, i, a, sizeof a);
                fail_at(c, 'a', "%s shows outside the screen", a);
            }
            if (r.x < clip.x || r.x + r.w > clip.x + clip.w) {
                describe(ui, i, a, sizeof a);
                fail_at(c, 'a', "%s is cut off at the side of its scroll area (x %d..%d)", a,
                        clip.x, clip.x + clip.w);
            }
        }

        /* (d) No text wider than the screen. */
        if (n->role == ROLE_TEXT && r.w > W) {
            describe(ui, i, a, sizeof a);
            fail_at(c, 'd', "%s is wider than the screen (%d px)", a, W);
        }

        /* (q) A QR code has modules a camera can read: whole pixels, at least two each. */
        if (n->role == ROLE_QR) {
            const QrEntry *q = qr_cache_get(&c->qr, n->text);
            int side = r.w < r.h ? r.w : r.h;
            if (!q || qr_module_px(side, q->width) < 2) {
                describe(ui, i, a, sizeof a);
                fail_at(c, 'q', "%s: %d modules do not get 2 px each in %d px", a, q ? q->width : 0,
                        side);
            }
        }

        /* (g) A label fits its button or key (gfx.c draws them bold, centred). */
        if ((n->role == ROLE_BUTTON || (n->role == ROLE_KEY && !n->extra)) && n->text &&
            n->text[0] && !(n->flags & UI_LABEL_APART)) {
            int px = n->px ? n->px : ui_font_px(ui, (UiFont)n->font);
            int tw = gfx_measure(c->gfx, px, true, n->text);
            if (tw > r.w) {
                describe(ui, i, a, sizeof a);
                fail_at(c, 'g', "the label of %s is %d px wide, wider than its %d px", a, tw, r.w);
            }
        }

        /* (b) Touch targets of at least 48 dp. */
        if (i >= live && target(ui, n) && (r.w < min_px || r.h < min_px)) {
            describe(ui, i, a, sizeof a);
            fail_at(c, 'b', "%s is smaller than 48 dp (%d px) for a finger", a, min_px + 1);
        }
    }

    /* Pairs above the modal layer. */
    for (int i = live; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (!ui_node_visible(ui, i)) continue;
        bool n_target = target(ui, n) && overlap_role(n->role);
        bool n_text = n->role == ROLE_TEXT || n->role == ROLE_QR;
        if (!n_target && !n_text) continue;
        UiRect ns = shown(ui, i);
        for (int j = i + 1; j < ui->n; j++) {
            const UiNode *m = &ui->nodes[j];
            if (!ui_node_visible(ui, j)) continue;
            bool m_target = target(ui, m) && overlap_role(m->role);
            bool m_text = m->role == ROLE_TEXT || m->role == ROLE_QR;
            if (!m_target && !m_text) continue;
            UiRect ms = shown(ui, j);
            UiRect both = intersect(ns, ms);
            if (area(both) == 0) continue;
            if (n_target && m_target) {
                /* (c) A card may hold other things; nothing else may touch another target. */
                if ((n->role == ROLE_CARD && contains(n->r, m->r)) ||
                    (m->role == ROLE_CARD && contains(m->r, n->r)))
                    continue;
                describe(ui, i, a, sizeof a);
                describe(ui, j, b, sizeof b);
                fail_at(c, 'c', "%s overlaps %s", a, b);
            } else if (n_text && m_text) {
                describe(ui, i, a, sizeof a);
                describe(ui, j, b, sizeof b);
                fail_at(c, 'f', "%s overlaps %s", a, b);
            } else {
                /* (e) Text on a target lies wholly on it. */
                int t = n_text ? i : j, p = n_text ? j : i;
                if (contains(ui->nodes[p].r, ui->nodes[t].r)) continue;
                describe(ui, t, a, sizeof a);
                describe(ui, p, b, sizeof b);
                fail_at(c, 'e', "%s sticks out over the edge of %s", a, b);
            }
        }
    }

    /* (h) The focused field is in view above the keyboard (as the screen comes up: a visitor
     * may scroll it away afterwards). */
    if (app_osk_visible(app) && !c->sweeping) {
        int focused = -1;
        for (int i = 0; i < ui->n; i++)
            if (ui->nodes[i].role == ROLE_INPUT && (ui->nodes[i].flags & UI_FOCUSED)) focused = i;
        if (focused < 0) {
            fail_at(c, 'h', "the keyboard is up but no field on screen has focus");
        } else if (!ui_node_visible(ui, focused) ||
                   !contains(shown(ui, focused), ui->nodes[focused].r)) {
            describe(ui, focused, a, sizeof a);
            fail_at(c, 'h', "the focused field %s is hidden (shown part %dx%d)", a,
                    shown(ui, focused).w, shown(ui, focused).h);
        } else {
            int top = ui->h;
            for (int i = 0; i < ui->n; i++)
                if (ui->nodes[i].role == ROLE_KEY && ui->nodes[i].r.y < top) top = ui->nodes[i].r.y;
            if (ui->nodes[focused].r.y + ui->nodes[focused].r.h > top) {
                describe(ui, focused, a, sizeof a);
                fail_at(c, 'h', "the focused field %s is under the keyboard (top %d)", a, top);
            }
        }
    }
}

/* ---- (i): text that must be shown in full ----------------------------------------------- */

/* All text of the list in order, lines joined by one space (wrapping drops the space at a line
 * break), whether scrolled into view or not: views lay out their whole content. */
static char *joined_text(const Ui *ui)
{
    size_t cap = 1, used = 0;
    for (int i = 0; i < ui->n; i++)
        if (ui->nodes[i].role == ROLE_TEXT && ui->nodes[i].text)
            cap += strlen(ui->nodes[i].text) + 1;
    char *all = malloc(cap);
    assert_non_null(all);
    all[0] = '\0';
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        if (n->role != ROLE_TEXT || !n->text) continue;
        size_t len = strlen(n->text);
        if (used) all[used++] = ' ';
        memcpy(all + used, n->text, len + 1);
        used += len;
    }
    return all;
}

static void must_show(Ctx *c, const char *all, const char *what, const char *text)
{
    if (!text || !text[0]) return;
    /* Paragraphs are wrapped separately: check each. */
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char para[4096];
        if (len >= sizeof para) len = sizeof para - 1;
        memcpy(para, p, len);
        para[len] = '\0';
        if (len && !strstr(all, para)) {
            size_t cut = len > 80 ? 80 : len; /* on a code point boundary */
            while (cut < len && ((unsigned char)para[cut] & 0xC0) == 0x80)
                cut--;
            fail_at(c, 'i', "%s is not shown in full: \"%.*s%s\"", what, (int)cut, para,
                    cut < len ? "…" : "");
        }
        if (!end) break;
        p = end + 1;
    }
}

static void check_must_read(Ctx *c, const App *app)
{
    Lang lang = app->lang;
    char *all = joined_text(&c->ui);
    if (app->screen == SCREEN_FORM && app->detail_loaded) {
        for (int q = 0; q < app->detail.n_questions; q++)
            must_show(c, all, "a question", ltext_get(&app->detail.questions[q].label, lang));
        must_show(c, all, "the consent", tr(lang, "form.consent"));
        must_show(c, all, "the privacy note", tr(lang, "form.privacy"));
        if (app->show_errors && app->errors[FORM_SLOT_CONSENT])
            must_show(c, all, "an error", tr(lang, "form.err.consent_missing"));
        if (app->show_errors && app->errors[FORM_SLOT_NAME])
            must_show(c, all, "an error", tr(lang, "form.err.name_missing"));
        if (app->show_errors && app->errors[FORM_SLOT_EMAIL] == FORM_EMAIL_MISSING)
            must_show(c, all, "an error", tr(lang, "form.err.email_missing"));
        if (app->store_failed) must_show(c, all, "the failure", tr(lang, "form.store_failed"));
    } else if (app->screen == SCREEN_DETAIL && app->detail_loaded) {
        must_show(c, all, "the summary", ltext_get(&app->detail.short_description, lang));
        must_show(c, all, "the description", ltext_get(&app->detail.description, lang));
    } else if (app->screen == SCREEN_CONFIRM && app->confirming) {
        must_show(c, all, "the wait", tr(lang, "confirm.confirming"));
        must_show(c, all, "the note", tr(lang, "confirm.confirming_note"));
    } else if (app->screen == SCREEN_CONFIRM && app->result.outcome == SIGNUP_REJECTED) {
        must_show(c, all, "the title", tr(lang, "confirm.title_rejected"));
        must_show(c, all, "the reason", tr(lang, "confirm.rejected_full"));
    } else if (app->screen == SCREEN_CONFIRM) {
        char code[RECORD_CODE_LEN + 2]; /* shown in groups of three, for reading aloud */
        snprintf(code, sizeof code, "%.3s %s", app->result.code, app->result.code + 3);
        must_show(c, all, "the code", code);
        const char *note = app->result.outcome == SIGNUP_PROVISIONAL  ? "confirm.provisional_note"
                           : app->result.outcome != SIGNUP_WAITLISTED ? "confirm.note"
                           : app->visitor.gave_email ? "confirm.waitlist_note_email"
                                                     : "confirm.waitlist_note";
        must_show(c, all, "the note", tr(lang, note));
    }
    free(all);
}

/* ---- Building like main.c ----------------------------------------------------------------- */

static void drain(App *app)
{
    EffectKind out[APP_MAX_EFFECTS];
    while (app_take_effects(app, out, APP_MAX_EFFECTS) > 0) {
    }
}

/* Builds the screen and hands the layout's requests to the app until it settles. */
static void settle(Ctx *c, App *app)
{
    for (int round = 0; round < 6; round++) {
        ui_begin(&c->ui, c->w, c->h, app->large_text, app->high_contrast);
        view_build(&c->ui, app);
        int n = c->ui.n_requests;
        if (n == 0) return;
        Action req[8];
        memcpy(req, c->ui.requests, sizeof(Action) * (size_t)n);
        for (int i = 0; i < n; i++)
            app_update(app, &req[i]);
        drain(app);
    }
    fail_at(c, 's', "the layout still asks for changes after 6 rounds (request kind %d)",
            c->ui.n_requests ? c->ui.requests[0].kind : 0);
}

/* The scroll area of the screen as it stands, or -1. */
static int active_scroll(const App *app)
{
    switch (app->screen) {
    case SCREEN_LIST:
        return app->picker != PICKER_NONE ? SCROLL_PICKER : SCROLL_LIST;
    case SCREEN_DETAIL:
        return SCROLL_DETAIL;
    case SCREEN_FORM:
        return SCROLL_FORM;
    default:
        return -1;
    }
}

/* Checks the screen of APP as STATE, then again scrolled through its scroll area in steps of
 * three quarters of a viewport, to the end; leaves the scroll position as it was. */
/* (r) In portrait the language, text size, contrast and Back buttons are within the lower two
 * thirds of the screen, where a child or a wheelchair user reaches them; each is on every
 * screen once (Back where the screen has one). (t) Under large text, their labels, like every
 * text, are at least 1.5 times their normal size. */
static void check_controls(Ctx *c, const App *app)
{
    const Ui *ui = &c->ui;
    int seen = 0;
    for (int i = 0; i < ui->n; i++) {
        const UiNode *n = &ui->nodes[i];
        ActionKind k = n->action.kind;
        bool control = n->role == ROLE_BUTTON && (k == ACT_SET_LANG || k == ACT_TOGGLE_LARGE ||
                                                  k == ACT_TOGGLE_CONTRAST || k == ACT_BACK);
        if (!control || !ui_node_visible(ui, i)) continue;
        /* Back in a dialog's or the picker's panel is not the screen's own. */
        if (k == ACT_BACK && app->dialog != DIALOG_NONE) continue;
        seen++;
        char a[256];
        if (c->h > c->w && n->r.y < c->h / 3) {
            describe(ui, i, a, sizeof a);
            fail_at(c, 'r', "%s is in the top third of a portrait screen, out of reach", a);
        }
        Ui plain = *ui; /* the same screen under normal text, for the size to compare with */
        plain.text_scale = 1.0f;
        int normal = ui_font_px(&plain, (UiFont)n->font);
        if (c->large && (float)n->px < 1.5f * (float)normal - 1.0f) {
            describe(ui, i, a, sizeof a);
            fail_at(c, 't', "%s is drawn at %d px under large text, not 1.5x", a, n->px);
        }
    }
    if (seen < LANG_COUNT + 2) fail_at(c, 'r', "only %d of the screen's controls are on it", seen);
}

static void check(Ctx *c, App *app, const char *state)
{
    c->state = state;
    c->scroll = 0;
    c->sweeping = false;
    settle(c, app);
    check_frame(c, app);
    check_must_read(c, app);
    check_controls(c, app);
    if (frame_failed) save_shot(c);
    const char *dir = getenv("AUKIO_LAYOUT_SHOTS"); /* every state, for a look by eye */
    if (dir && *dir) {
        char path[512], err[256];
        snprintf(path, sizeof path, "%s/%dx%d-%s%s%s-%s.png", dir, c->w, c->h, lang_code(c->lang),
                 c->large ? "-large" : "", c->contrast ? "-contrast" : "", state);
        for (char *p = path + strlen(dir) + 1; *p; p++)
            if (*p == ' ' || *p == ',') *p = '_';
        gfx_draw(c->gfx, &c->ui);
        if (gfx_save_png(c->gfx, path, err, sizeof err) != 0) printf("%s\n", err);
    }
    int id = active_scroll(app);
    if (id < 0) return;
    int viewport = 0;
    for (int i = 0; i < c->ui.n; i++)
        if (c->ui.nodes[i].role == ROLE_SCROLL && c->ui.nodes[i].action.a == id)
            viewport = c->ui.nodes[i].r.h;
    float start = app->scroll[id].pos;
    float max = app->scroll[id].max;
    if (max <= 0 || viewport <= 0) return;
    float step = (float)viewport * 3 / 4;
    c->sweeping = true;
    for (float pos = step;; pos += step) {
        if (pos > max) pos = max;
        Action by = {.kind = ACT_SCROLL_BY, .a = id, .f = pos - app->scroll[id].pos};
        app_update(app, &by);
        c->scroll = (int)app->scroll[id].pos;
        settle(c, app);
        check_frame(c, app);
        if (frame_failed) save_shot(c);
        if (pos >= max || app->scroll[id].pos >= app->scroll[id].max) break;
    }
    Action back = {.kind = ACT_SCROLL_BY, .a = id, .f = start - app->scroll[id].pos};
    app_update(app, &back);
    c->scroll = 0;
    c->sweeping = false;
    settle(c, app);
}

/* ---- Driving the app ---------------------------------------------------------------------- */

static void act(App *app, ActionKind kind, int a)
{
    Action x = {.kind = kind, .a = a};
    app_update(app, &x);
    drain(app);
}

static void act2(App *app, ActionKind kind, int a, int b)
{
    Action x = {.kind = kind, .a = a, .b = b};
    app_update(app, &x);
    drain(app);
}

static void type(App *app, const char *s)
{
    Action x = {.kind = ACT_TEXT, .s = s};
    app_update(app, &x);
}

/* Opens ROWS[ROW] and delivers its full event, as main.c does for EFFECT_LOAD_DETAIL. */
static void open_event(App *app, int row)
{
    act(app, ACT_OPEN_EVENT, row);
    assert_int_equal(app->screen, SCREEN_DETAIL);
    Event ev = make_event(row);
    Action loaded = {.kind = ACT_DETAIL_LOADED, .a = 0, .p = &ev};
    app_update(app, &loaded);
    event_deinit(&ev);
    assert_true(app->detail_loaded);
}

/* A long but real name, address and number, and every question answered. */
static void fill_form(App *app)
{
    act(app, ACT_FOCUS, FIELD_NAME);
    type(app, "Aino-Maria Järvinen-Lindqvist");
    act(app, ACT_FOCUS, FIELD_EMAIL);
    type(app, "aino-maria.jarvinen-lindqvist@kirjastot.example.fi");
    act(app, ACT_FOCUS, FIELD_PHONE);
    type(app, "+358 40 123 4567");
    act(app, ACT_FOCUS, FIELD_Q0);
    type(app, "Gluteeniton ja laktoositon ruokavalio, kiitos. Tulen avustajan kanssa.");
    act(app, ACT_BACK, 0); /* the keyboard */
    act2(app, ACT_CHOOSE, 1, 2);
    act2(app, ACT_CHOOSE, 2, 0);
    act2(app, ACT_CHOOSE, 2, 2);
    act2(app, ACT_CHOOSE, 3, 0);
    for (int i = 0; i < 3; i++)
        act(app, ACT_GROUP_STEP, 1);
    act(app, ACT_TOGGLE_CONSENT, 0);
}

static void signup_done(App *app, SignupOutcome outcome, Availability reason)
{
    SignupResult r;
    memset(&r, 0, sizeof r);
    r.outcome = outcome;
    r.position = outcome == SIGNUP_WAITLISTED ? 12 : 0;
    r.reason = reason;
    snprintf(r.code, sizeof r.code, "K7M4QX");
    Action x = {.kind = ACT_SIGNUP_DONE, .p = &r};
    app_update(app, &x);
    drain(app);
}

/* A sign-up beyond the kiosk's grants: stored as provisional while the hub is asked. */
static void signup_confirming(App *app)
{
    SignupResult r;
    memset(&r, 0, sizeof r);
    r.outcome = SIGNUP_PROVISIONAL;
    snprintf(r.code, sizeof r.code, "K7M4QX");
    snprintf(r.uuid, sizeof r.uuid, "0f8fad5b-d9cb-469f-a165-70867728950e");
    Action x = {.kind = ACT_SIGNUP_DONE, .p = &r, .b = 1};
    app_update(app, &x);
    drain(app);
}

/* The index of the longest venue among the venue picker's choices. */
static int longest_venue_choice(const App *app)
{
    const char *ids[APP_MAX_CHOICES];
    int rows[APP_MAX_CHOICES];
    int n = app_picker_choices(app, ids, rows, APP_MAX_CHOICES);
    int best = 0;
    size_t best_len = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(app->rows[rows[i]].venue[app->lang]);
        if (len > best_len) best = i, best_len = len;
    }
    return best;
}

/* Every screen state, for one size, language and text setting. */
/* "My sign-up": typing the code and its messages (the longest is "not made here and the
 * library's system cannot be reached"), the wait after wrong codes, and every status with its
 * buttons, on the event with the longest title. */
static void run_mine_states(Ctx *c, App *app)
{
    act(app, ACT_GO_LIST, 0);
    act(app, ACT_GO_MINE, 0);
    assert_int_equal(app->screen, SCREEN_MINE);
    check(c, app, "my sign-up, keyboard");
    type(app, "ZZZ ZZZ");
    act(app, ACT_MINE_LOOKUP, 0);
    check(c, app, "my sign-up, looking it up");
    act(app, ACT_MINE_RESULT, MINE_NOT_FOUND);
    check(c, app, "my sign-up, not found");
    act(app, ACT_MINE_LOOKUP, 0);
    act(app, ACT_MINE_RESULT, MINE_UNREACHABLE);
    check(c, app, "my sign-up, the hub cannot be reached");
    act(app, ACT_BACK, 0);
    check(c, app, "my sign-up, the hub cannot be reached, no keyboard");
    for (int i = 0; i < APP_MINE_FREE_TRIES; i++) {
        act(app, ACT_MINE_LOOKUP, 0);
        act(app, ACT_MINE_RESULT, MINE_NOT_FOUND);
    }
    check(c, app, "my sign-up, wait after wrong codes");
    app->mine_guard = (MineGuard){0};
    act(app, ACT_MINE_LOOKUP, 0);
    static const struct {
        MineState st;
        const char *what;
    } states[] = {{MINE_CONFIRMED, "confirmed"},
                  {MINE_WAITLISTED, "waitlisted"},
                  {MINE_PROVISIONAL, "provisional"},
                  {MINE_CANCELLED_STATE, "cancelled"},
                  {MINE_REJECTED, "rejected"}};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        MineSignup su = {.code = "K7M4QX", .state = states[i].st, .position = 12, .group_size = 1};
        snprintf(su.event_id, sizeof su.event_id, "%s", app->rows[BIG_ROW].id);
        app->mine.step = MINE_SEARCHING;
        Action found = {.kind = ACT_MINE_RESULT, .a = MINE_FOUND_IT, .p = &su};
        app_update(app, &found);
        char what[64];
        snprintf(what, sizeof what, "my sign-up, %s", states[i].what);
        check(c, app, what);
    }
    MineSignup su = {.code = "K7M4QX", .state = MINE_CONFIRMED, .group_size = 1};
    snprintf(su.event_id, sizeof su.event_id, "%s", app->rows[BIG_ROW].id);
    app->mine.step = MINE_SEARCHING;
    Action found = {.kind = ACT_MINE_RESULT, .a = MINE_FOUND_IT, .p = &su};
    app_update(app, &found);
    act(app, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    check(c, app, "my sign-up, do you really want to cancel");
    act(app, ACT_MINE_CANCEL, MINE_CANCEL_YES);
    check(c, app, "my sign-up, cancelling");
    act(app, ACT_MINE_CANCEL_DONE, MINE_UNREACHABLE);
    check(c, app, "my sign-up, the cancel failed");
    act(app, ACT_MINE_CANCEL, MINE_CANCEL_ASK);
    act(app, ACT_MINE_CANCEL, MINE_CANCEL_YES);
    act(app, ACT_MINE_CANCEL_DONE, MINE_FOUND_IT);
    check(c, app, "my sign-up, cancelled, the seat goes on");
}

/* Staff mode's export screen: no stick; a folder and sticks with long names; each sentence. */
static void run_staff_export(Ctx *c, App *app)
{
    act(app, ACT_STAFF_GO, SCREEN_STAFF_EXPORT);
    StaffExportTargets none = {.n = 0};
    Action found = {.kind = ACT_STAFF_EXPORT_TARGETS, .p = &none};
    app_update(app, &found);
    check(c, app, "staff export, no stick");
    StaffExportTargets t = {.n = 4};
    const char *names[] = {"aukio-vienti", "KINGSTON", "Kirjaston USB-muisti 64 GB (Lahti)",
                           "SANDISK_ULTRA_FIT"};
    for (int i = 0; i < 4; i++)
        snprintf(t.t[i].name, sizeof t.t[i].name, "%s", names[i]);
    found.p = &t;
    app_update(app, &found);
    check(c, app, "staff export");
    act(app, ACT_STAFF_EXPORT_TARGET, 2);
    act(app, ACT_STAFF_EXPORT, STAFF_EX_SIGNUPS_EXCEL);
    check(c, app, "staff export, saving");
    Action done = {
        .kind = ACT_STAFF_EXPORT_DONE,
        .a = STAFF_EX_OK,
        .b = 1234,
        .s = "Kirjaston USB-muisti 64 GB (Lahti)/aukio-signups-excel-2026-03-18-1830.csv"};
    app_update(app, &done);
    check(c, app, "staff export, saved");
    act(app, ACT_STAFF_EXPORT, STAFF_EX_BUNDLE);
    done.a = STAFF_EX_NOT_ENROLLED;
    app_update(app, &done);
    check(c, app, "staff export, not enrolled");
    act(app, ACT_STAFF_EXPORT, STAFF_EX_FEEDBACK);
    done.a = STAFF_EX_FAILED;
    app_update(app, &done);
    check(c, app, "staff export, failed");
    /* Import from the coordinator: each sentence, with a long file name. */
    static const StaffImportResult imports[] = {STAFF_IMPORT_OK, STAFF_IMPORT_REFUSED,
                                                STAFF_IMPORT_NONE_FOUND, STAFF_IMPORT_NOT_ENROLLED};
    act(app, ACT_STAFF_IMPORT, 0);
    check(c, app, "staff export, importing");
    for (int i = 0; i < 4; i++) {
        if (i > 0) act(app, ACT_STAFF_IMPORT, 0);
        Action imp = {.kind = ACT_STAFF_IMPORT_DONE,
                      .a = imports[i],
                      .b = 57,
                      .s = "Kirjaston USB-muisti 64 GB (Lahti)/"
                           "aukio-catalogue-lahti-aula-2026-03-18-1830.json"};
        app_update(app, &imp);
        char what[64];
        snprintf(what, sizeof what, "staff export, import answer %d", i);
        check(c, app, what);
    }
    act(app, ACT_BACK, 0);
    assert_int_equal(app->screen, SCREEN_STAFF_HOME);
}

/* Staff's "New event": empty, refused without a title, the title typed, four questions with long
 * texts (the longest the form takes), refused for a choice without answers, and made. */
static void run_staff_spot(Ctx *c, App *app)
{
    act(app, ACT_STAFF_GO, SCREEN_STAFF_SPOT);
    check(c, app, "staff new event");
    act(app, ACT_STAFF_SPOT_MAKE, 0);
    check(c, app, "staff new event, no title");
    act(app, ACT_FOCUS, FIELD_SPOT_TITLE);
    Action typed = {.kind = ACT_TEXT,
                    .s = "Avaa tila: kesäillan piknik Kirkkopuistossa suihkulähteen luona"};
    app_update(app, &typed);
    check(c, app, "staff new event, typing");
    act(app, ACT_KEY, KEY_ESCAPE); /* the keyboard goes first */
    assert_int_equal(app->screen, SCREEN_STAFF_SPOT);
    for (int k = 0; k < SPOT_QUESTIONS_MAX; k++) {
        act(app, ACT_STAFF_SPOT_ADD, k % 3);
        Action q = {.kind = ACT_TEXT,
                    .s = "Tarvitsetko lainakoneen vai tuotko oman tietokoneen mukanasi?"};
        app_update(app, &q);
        act(app, ACT_KEY, KEY_ESCAPE);
    }
    for (int i = 0; i < 6; i++)
        act2(app, ACT_STAFF_SPOT_STEP, SPOT_STEP_CAPACITY, 1);
    act2(app, ACT_STAFF_SPOT_STEP, SPOT_STEP_WAITLIST, -1);
    act2(app, ACT_STAFF_SPOT_STEP, SPOT_STEP_EMAIL, 1);
    act(app, ACT_STAFF_SPOT_MAKE, 0);
    assert_int_equal(app->staff.spot.message, SPOT_MSG_OPTIONS);
    check(c, app, "staff new event, four questions");
    act(app, ACT_FOCUS, FIELD_SPOT_OPT0 + 1);
    Action opts = {.kind = ACT_TEXT, .s = "alle 18, 18-64, yli 64"};
    app_update(app, &opts);
    act(app, ACT_KEY, KEY_ESCAPE);
    act(app, ACT_STAFF_SPOT_MAKE, 0);
    assert_true(app->staff.spot.busy);
    Action done = {.kind = ACT_STAFF_SPOT_DONE, .a = 0};
    app_update(app, &done);
    check(c, app, "staff new event, made");
    act(app, ACT_BACK, 0);
    assert_int_equal(app->screen, SCREEN_STAFF_HOME);
}

/* Staff mode's venue screen: the catalogue's venues, a pop-up venue with long names typed, the
 * keyboard up, each sentence after Save. */
static void run_staff_venue(Ctx *c, App *app)
{
    act(app, ACT_STAFF_GO, SCREEN_STAFF_VENUE);
    check(c, app, "staff venue, the catalogue's venues");
    act(app, ACT_STAFF_VENUE_SAVE, 0);
    check(c, app, "staff venue, none picked");
    act(app, ACT_STAFF_VENUE_PICK, 0);
    act(app, ACT_STAFF_VENUE_SHOW_ALL, 1);
    act(app, ACT_STAFF_VENUE_LANG, LANG_SV);
    check(c, app, "staff venue, picked");
    act(app, ACT_STAFF_VENUE_MODE, 1);
    check(c, app, "staff venue, pop-up, empty");
    act(app, ACT_STAFF_VENUE_SAVE, 0);
    check(c, app, "staff venue, pop-up without a name");
    act(app, ACT_FOCUS, FIELD_VENUE_NAME + LANG_FI);
    Action t = {.kind = ACT_TEXT,
                .s = "Kauppatorin kesäkioski, Lahden torin pohjoislaita, teltta 3"};
    app_update(app, &t);
    check(c, app, "staff venue, typing the name");
    act(app, ACT_FOCUS, FIELD_VENUE_NOTE + LANG_FI);
    t.s = "Suihkulähteen vieressä, Rautatienkadun puolella, vihreän katoksen alla";
    app_update(app, &t);
    check(c, app, "staff venue, typing the description");
    act(app, ACT_STAFF_VENUE_TEXT_LANG, LANG_SV);
    check(c, app, "staff venue, typing in Swedish");
    act(app, ACT_BACK, 0);
    act(app, ACT_STAFF_VENUE_SAVE, 0);
    check(c, app, "staff venue, saving");
    Action saved = {
        .kind = ACT_STAFF_VENUE_SAVED, .a = 0, .s = "popup:0b6f2c1e-8d1a-4c5e-9f3a-2b7d4e6a8c10"};
    app_update(app, &saved);
    check(c, app, "staff venue, saved");
    act(app, ACT_STAFF_VENUE_SAVE, 0);
    saved.a = -1;
    app_update(app, &saved);
    check(c, app, "staff venue, failed");
    act(app, ACT_BACK, 0);
    check(c, app, "staff home, at a pop-up venue");
    assert_int_equal(app->screen, SCREEN_STAFF_HOME);
}

/* Staff mode (issue 10): the pad and its lock, the home, sync with a failure, the attendee list
 * with long names and answers, the questions, a new PIN. */
static void run_staff_states(Ctx *c, App *app)
{
    act(app, ACT_GO_LIST, 0);
    Action known = {.kind = ACT_STAFF_PIN_STATE, .a = 1};
    app_update(app, &known);
    act2(app, ACT_STAFF_HOLD, 0, 1);
    Action held = {.kind = ACT_TICK, .t = app->now_ms + APP_STAFF_HOLD_MS};
    app_update(app, &held);
    drain(app);
    assert_int_equal(app->screen, SCREEN_STAFF_PAD);
    check(c, app, "staff pad");
    for (int i = 0; i < 5; i++)
        act(app, ACT_STAFF_PAD_KEY, 7);
    Action locked = {.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_WRONG, .t = app->now_ms + 60000};
    act(app, ACT_STAFF_PAD_KEY, STAFF_KEY_OK);
    app_update(app, &locked);
    check(c, app, "staff pad, locked");
    Action ok = {.kind = ACT_STAFF_PIN_RESULT, .a = STAFF_PIN_OK};
    app_update(app, &ok);
    drain(app);
    StaffSync sync = {.loaded = true,
                      .hub = true,
                      .last_ok = fixture_now() - 3600,
                      .queued = 42,
                      .error_at = fixture_now() - 60,
                      .error = 3};
    Action synced = {.kind = ACT_STAFF_SYNC_LOADED, .p = &sync};
    app_update(app, &synced);
    check(c, app, "staff home");
    act(app, ACT_STAFF_ASK, STAFF_ASK_QUIT);
    check(c, app, "staff home, quit?");
    act(app, ACT_STAFF_ANSWER, 0);
    act(app, ACT_STAFF_GO, SCREEN_STAFF_SYNC);
    app_update(app, &synced);
    check(c, app, "staff sync");
    act(app, ACT_STAFF_GO, SCREEN_STAFF_EVENTS);
    check(c, app, "staff attendees");
    act(app, ACT_STAFF_OPEN_EVENT, BIG_ROW);
    StaffSignup *su = calloc(3, sizeof *su);
    assert_non_null(su);
    snprintf(su[0].name, sizeof su[0].name, "Maria-Kristiina Åkerblom-Väänänen von Hertzen");
    snprintf(
        su[0].answers, sizeof su[0].answers,
        "Mitä palvelua tarvitset apua?: Kela, OmaVero ja TE-palvelut\nRuokavalio: gluteeniton");
    su[0].group_size = 3;
    snprintf(su[1].name, sizeof su[1].name, "Eero");
    su[1].state = STAFF_SU_WAITLISTED;
    su[1].position = 12;
    su[1].group_size = 1;
    su[1].local_only = true;
    su[2].state = STAFF_SU_CANCELLED;
    su[2].group_size = 2;
    Action listed = {.kind = ACT_STAFF_SIGNUPS_LOADED, .p = su, .a = 3};
    app_update(app, &listed);
    check(c, app, "staff sign-ups");
    act2(app, ACT_STAFF_ASK, STAFF_ASK_CANCEL, 0);
    check(c, app, "staff sign-ups, cancel?");
    act(app, ACT_STAFF_ANSWER, 0);
    act(app, ACT_BACK, 0);
    act(app, ACT_BACK, 0);
    act(app, ACT_STAFF_CHANGE_PIN, 0);
    check(c, app, "staff new PIN");
    act(app, ACT_BACK, 0);
    run_staff_export(c, app);
    run_staff_spot(c, app);
    run_staff_venue(c, app);
    act(app, ACT_STAFF_LEAVE, 0);
}

static void run_states(Ctx *c)
{
    App app;
    int64_t now = fixture_now() * SEC;
    app_init(&app, c->lang, 60, 20, now);
    snprintf(app.kiosk_name, sizeof app.kiosk_name,
             "Lahden pääkirjasto, aulan ilmoittautumispiste");
    drain(&app);
    Action loaded = {.kind = ACT_EVENTS_LOADED, .p = make_rows(), .a = N_ROWS};
    app_update(&app, &loaded);
    Action tick = {.kind = ACT_TICK, .t = now};
    app_update(&app, &tick);
    drain(&app);

    /* The attract screen is always in plain text and colours: idle resets both. */
    if (!c->large && !c->contrast) {
        check(c, &app, "attract");
        for (int i = 1; i < 4; i++) {
            /* The featured events in turn, as the rotation shows them. */
            now += 7 * SEC;
            Action later = {.kind = ACT_TICK, .t = now};
            app_update(&app, &later);
            check(c, &app, "attract, next featured event");
        }
    }
    act(&app, ACT_WAKE, 0);
    if (c->large) act(&app, ACT_TOGGLE_LARGE, 0);
    if (c->contrast) act(&app, ACT_TOGGLE_CONTRAST, 0);
    assert_int_equal(app.lang, c->lang);

    check(c, &app, "list");
    /* The sync indicator is for staff (issue 9, defect 7): never on a visitor's list, shown in
     * staff mode. */
    Action synced = {.kind = ACT_SYNC_STATUS, .t = app.now_ms / 1000 - 600, .a = 3};
    app_update(&app, &synced);
    char queued[64]; /* "Synkronoitu ": the indicator's start, which is never ellipsised */
    snprintf(queued, sizeof queued, "%s", tr(c->lang, "sync.last"));
    *strchr(queued, '%') = '\0';
    settle(c, &app);
    if (ui_has_text(&c->ui, queued)) fail_at(c, 'v', "the sync indicator is shown to visitors");
    app.staff_mode = true;
    app.dirty = true;
    check(c, &app, "list, staff mode, sync indicator");
    if (!ui_has_text(&c->ui, queued)) fail_at(c, 'v', "staff mode shows no sync indicator");
    app.staff_mode = false;
    app.dirty = true;
    act(&app, ACT_SET_TIME, TIME_TODAY);
    check(c, &app, "list, today");
    act(&app, ACT_SET_TIME, TIME_ALL);
    act(&app, ACT_OPEN_PICKER, PICKER_CATEGORY);
    check(c, &app, "list, topic picker");
    act(&app, ACT_PICK, 1);
    check(c, &app, "list, a topic chosen");
    act(&app, ACT_OPEN_PICKER, PICKER_CATEGORY);
    act(&app, ACT_PICK, -1);
    act(&app, ACT_OPEN_PICKER, PICKER_VENUE);
    check(c, &app, "list, venue picker");
    act(&app, ACT_PICK, longest_venue_choice(&app));
    check(c, &app, "list, the longest venue chosen");
    act(&app, ACT_OPEN_PICKER, PICKER_VENUE);
    act(&app, ACT_PICK, -1);
    /* Filters that leave nothing: the way out is on the screen. */
    snprintf(app.category, sizeof app.category, "no-such-topic");
    act(&app, ACT_SET_TIME, TIME_TODAY);
    assert_int_equal(app.n_visible, 0);
    check(c, &app, "list, nothing matches");
    act(&app, ACT_CLEAR_FILTERS, 0);
    assert_true(app.n_visible > 0);

    open_event(&app, BIG_ROW);
    check(c, &app, "detail, long description");
    act(&app, ACT_START_SIGNUP, 0);
    assert_int_equal(app.screen, SCREEN_FORM);
    check(c, &app, "form, keyboard for the name");
    act(&app, ACT_FOCUS, FIELD_EMAIL);
    check(c, &app, "form, keyboard for the email");
    act(&app, ACT_FOCUS, FIELD_PHONE);
    check(c, &app, "form, keypad for the phone");
    act(&app, ACT_FOCUS, FIELD_Q0);
    check(c, &app, "form, keyboard for the text question");
    act(&app, ACT_BACK, 0);
    check(c, &app, "form, empty");
    act(&app, ACT_SUBMIT, 0);
    assert_true(app.show_errors);
    check(c, &app, "form, all errors, keyboard for the name");
    act(&app, ACT_BACK, 0);
    check(c, &app, "form, all errors");
    /* Issue 9: a required question left unanswered is outlined in red, option by option, as
     * the summary under the form says ("marked in red"). */
    for (int q = 0; q < app.detail.n_questions; q++) {
        const Question *qu = &app.detail.questions[q];
        if (!qu->required || qu->kind == QUESTION_TEXT || qu->kind == QUESTION_YESNO) continue;
        for (int o = 0; o < qu->n_options; o++) {
            const char *label = ltext_get(&qu->options[o].label, app.lang);
            bool found = false;
            for (int i = 0; i < c->ui.n; i++) {
                const UiNode *n = &c->ui.nodes[i];
                if (!n->text || strcmp(n->text, label) != 0) continue;
                found = true;
                if (n->border != COL_BAD) fail_msg("option \"%s\" is not outlined in red", label);
            }
            if (!found) fail_msg("option \"%s\" is not on the form", label);
        }
    }

    fill_form(&app);
    check(c, &app, "form, filled in");
    act(&app, ACT_BACK, 0);
    assert_int_equal(app.dialog, DIALOG_DISCARD_BACK);
    check(c, &app, "form, discard question");
    act(&app, ACT_DIALOG_KEEP, 0);
    Action idle = {.kind = ACT_TICK, .t = app.now_ms + APP_IDLE_TYPED_MS};
    app_update(&app, &idle);
    assert_int_equal(app_idle_warning_s(&app), 10);
    check(c, &app, "form, are you still there");
    act(&app, ACT_IDLE_STAY, 0);
    /* Two seats left and a group of four: the stepper says it goes to the waiting list. */
    app.rows[BIG_ROW].confirmed_seats = 28;
    app.rows[BIG_ROW].waitlist_capacity = -1;
    app.dirty = true;
    check(c, &app, "form, a group larger than the seats left");
    app.rows[BIG_ROW].waitlist_capacity = 0;
    app.dirty = true;
    check(c, &app, "form, a group larger than the seats left, no waiting list");
    app.rows[BIG_ROW].confirmed_seats = 12;
    act(&app, ACT_FOCUS, FIELD_EMAIL);
    check(c, &app, "form, keyboard for a long email");
    act(&app, ACT_BACK, 0);
    act(&app, ACT_SUBMIT, 0);
    assert_true(app.busy);
    signup_done(&app, SIGNUP_REJECTED, AVAIL_FULL);
    check(c, &app, "form, the event filled up");
    act(&app, ACT_SUBMIT, 0);
    act(&app, ACT_STORE_FAILED, 0);
    check(c, &app, "form, the store failed");
    act(&app, ACT_SUBMIT, 0);
    signup_done(&app, SIGNUP_CONFIRMED, AVAIL_OPEN);
    assert_int_equal(app.screen, SCREEN_CONFIRM);
    check(c, &app, "confirm, confirmed");

    act(&app, ACT_GO_LIST, 0);
    open_event(&app, WAITLIST_ROW);
    check(c, &app, "detail, waiting list");
    act(&app, ACT_START_SIGNUP, 0);
    assert_int_equal(app.screen, SCREEN_FORM);
    act(&app, ACT_BACK, 0);
    check(c, &app, "form, waiting list");
    act(&app, ACT_SUBMIT, 0);
    act(&app, ACT_BACK, 0);
    check(c, &app, "form, waiting list, all errors");
    fill_form(&app);
    act(&app, ACT_SUBMIT, 0);
    signup_done(&app, SIGNUP_WAITLISTED, AVAIL_WAITLIST);
    assert_int_equal(app.screen, SCREEN_CONFIRM);
    check(c, &app, "confirm, waitlisted");

    /* Beyond the grants: "confirming" while the hub is asked, then provisional (no answer) or
     * the hub's no. */
    act(&app, ACT_GO_LIST, 0);
    open_event(&app, BIG_ROW);
    act(&app, ACT_START_SIGNUP, 0);
    fill_form(&app);
    act(&app, ACT_SUBMIT, 0);
    signup_confirming(&app);
    assert_true(app.confirming);
    check(c, &app, "confirm, confirming");
    app.confirming = false;
    app.dirty = true;
    check(c, &app, "confirm, provisional");
    app.result.outcome = SIGNUP_REJECTED;
    app.result.reason = AVAIL_FULL;
    app.dirty = true;
    check(c, &app, "confirm, the hub said full");

    act(&app, ACT_GO_LIST, 0);
    open_event(&app, NOT_OPEN_ROW);
    check(c, &app, "detail, enrolment not open yet");

    act(&app, ACT_GO_FEEDBACK, 0);
    assert_int_equal(app.screen, SCREEN_FEEDBACK);
    check(c, &app, "feedback");
    act(&app, ACT_FEEDBACK_TARGET, BIG_ROW);
    check(c, &app, "feedback, an event chosen");
    act(&app, ACT_FEEDBACK_SCORE, 4);
    Action stored = {.kind = ACT_FEEDBACK_DONE, .s = "0f8fad5b-d9cb-469f-a165-70867728950e"};
    app_update(&app, &stored);
    assert_int_equal(app.feedback_step, FEEDBACK_FOLLOWUP);
    check(c, &app, "feedback follow-up, good score");
    act(&app, ACT_FEEDBACK_REASON, 0);
    act(&app, ACT_FEEDBACK_REASON, 1);
    check(c, &app, "feedback follow-up, two reasons");
    act(&app, ACT_FOCUS, FIELD_COMMENT);
    check(c, &app, "feedback follow-up, keyboard");
    type(&app, "Kiitos, tosi hyvä ja hyödyllinen tilaisuus! Induktiosilmukka toimi hienosti.");
    check(c, &app, "feedback follow-up, keyboard, a comment");
    act(&app, ACT_BACK, 0);
    check(c, &app, "feedback follow-up, a comment");
    act(&app, ACT_FEEDBACK_SCORE, 1); /* a changed mind: the poor score's reasons */
    stored.b = 1;
    app_update(&app, &stored);
    check(c, &app, "feedback follow-up, poor score");
    Action later = {.kind = ACT_TICK, .t = app.now_ms + APP_IDLE_TYPED_MS};
    app_update(&app, &later);
    assert_true(app_idle_warning_s(&app) > 0);
    check(c, &app, "feedback follow-up, are you still there");
    act(&app, ACT_IDLE_STAY, 0);
    act(&app, ACT_FEEDBACK_SEND, 0);
    app_update(&app, &stored);
    assert_int_equal(app.screen, SCREEN_THANKS);
    check(c, &app, "thanks");
    run_mine_states(c, &app);
    run_staff_states(c, &app);

    app_deinit(&app);
}

/* ---- Tests -------------------------------------------------------------------------------- */

static void run_size(int w, int h)
{
    char err[256];
    Gfx *g = gfx_new(GFX_HEADLESS, w, h, false, SOURCE_DIR "/fonts", err, sizeof err);
    if (!g) fail_msg("gfx_new %dx%d: %s", w, h, err);
    int before = n_failures;
    for (int l = 0; l < LANG_COUNT; l++) {
        for (int large = 0; large <= 1; large++) {
            for (int contrast = 0; contrast <= (l == LANG_FI ? 1 : 0); contrast++) {
                Ctx c;
                memset(&c, 0, sizeof c);
                c.gfx = g;
                c.w = w;
                c.h = h;
                c.lang = (Lang)l;
                c.large = large;
                c.contrast = contrast;
                ui_init(&c.ui, gfx_measure, g);
                run_states(&c);
                ui_deinit(&c.ui);
                qr_cache_deinit(&c.qr);
            }
        }
    }
    gfx_free(g);
    if (n_failures > before) {
        if (n_printed > MAX_PRINTED)
            printf("LAYOUT: %d more failures not printed\n", n_printed - MAX_PRINTED);
        fflush(stdout);
        fail_msg("%d layout check(s) failed at %dx%d (see the LAYOUT lines above)",
                 n_failures - before, w, h);
    }
}

static int reset_counts(void **state)
{
    (void)state;
    n_failures = 0;
    n_printed = 0;
    return 0;
}

static void test_landscape_1920x1080(void **state)
{
    (void)state;
    run_size(1920, 1080);
}

static void test_portrait_1080x1920(void **state)
{
    (void)state;
    run_size(1080, 1920);
}

static void test_small_1280x800(void **state)
{
    (void)state;
    run_size(1280, 800);
}

int main(void)
{
    setenv("TZ", "Europe/Helsinki", 0);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_landscape_1920x1080, reset_counts),
        cmocka_unit_test_setup(test_portrait_1080x1920, reset_counts),
        cmocka_unit_test_setup(test_small_1280x800, reset_counts),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    printf("layout: %d frames checked\n", n_frames);
    return rc;
}
