"""Accessibility: the site frame (skip link, footer) and the tilgængelighedserklæring.

The statement follows the structure Digitaliseringsstyrelsen's WAS-Tool uses (from the EU's
standard statement, implementing decision 2018/1523): compliance status, content that is not
accessible, how the statement was prepared, feedback and contact, enforcement.
"""

DA = {
    "a11y.skip": "Spring til indhold",
    "a11y.nav": "Hovedmenu",
    "a11y.footer.statement": "Tilgængelighedserklæring",
    "a11y.footer.api": "API",
    "a11y.title": "Tilgængelighedserklæring",
    "a11y.intro": "{organisation} er forpligtet til at gøre sit websted tilgængeligt i "
    "overensstemmelse med lov om tilgængelighed af offentlige organers websteder og "
    "mobilapplikationer (webtilgængelighedsloven). Denne tilgængelighedserklæring gælder for "
    "Kvarterkort på {site}.",
    "a11y.organisation.default": "Kommunen, der driver denne installation af Kvarterkort,",
    "a11y.status.h": "Overholdelsesstatus",
    "a11y.status": "Webstedet er delvist i overensstemmelse med WCAG 2.1 niveau AA "
    "(EN 301 549) på grund af de undtagelser og den manglende overholdelse, der er nævnt "
    "nedenfor.",
    "a11y.nonaccessible.h": "Indhold, der ikke er tilgængeligt",
    "a11y.noncompliance.h": "Manglende overholdelse af lovgivningen",
    "a11y.noncompliance.maps": "Kortene (oversigtskortet, prioriteringskortet, aktivkortet, "
    "lokalekortet og placeringskortet på formularen) er tegnede billeder, som ikke kan læses "
    "fuldt ud med skærmlæser eller betjenes helt med tastatur (WCAG 1.1.1, 2.1.1). Ved siden "
    "af hvert kort står de samme oplysninger som tabel eller liste, og steder på kortet har "
    "navne, som skærmlæsere kan læse op.",
    "a11y.noncompliance.picker": "Et aktiv placeres ved at klikke på kortet. Uden mus kan du "
    "i stedet bruge stedsøgningen eller skrive koordinaterne i formularens felter (WCAG 2.1.1).",
    "a11y.noncompliance.colour": "Farverne i kortenes flader følger farveskalaer, der ikke "
    "altid har kontrastforholdet 3:1 mod baggrundskortet (WCAG 1.4.11). Tabellerne ved siden af "
    "kortene viser de samme tal.",
    "a11y.burden.h": "Uforholdsmæssig stor byrde",
    "a11y.burden": "Vi påberåber os ikke uforholdsmæssig stor byrde.",
    "a11y.outside.h": "Indhold, der ikke er omfattet af lovgivningen",
    "a11y.outside": "Baggrundskort fra tredjepart (kortfliser) og indhold, som borgere selv "
    "lægger på aktivkortet, er ikke omfattet.",
    "a11y.prepared.h": "Udarbejdelse af denne tilgængelighedserklæring",
    "a11y.prepared": "Erklæringen blev udarbejdet den {date}. Vurderingen bygger på en "
    "selvevaluering: hver side og hvert kort i demoen for Aalborg testes automatisk med "
    "axe-core (WCAG 2.1 A og AA) ved hver ændring, og de tre hovedopgaver afprøves på en "
    "telefonskærm. Erklæringen blev senest opdateret den {date}.",
    "a11y.feedback.h": "Feedback og kontaktoplysninger",
    "a11y.feedback": "Hvis du oplever indhold, du ikke kan bruge, eller har brug for "
    "oplysningerne i en anden form, kan du kontakte os:",
    "a11y.contact.email": "E-mail",
    "a11y.contact.phone": "Telefon",
    "a11y.contact.missing": "Kontaktoplysningerne er ikke angivet endnu. Kontakt den kommune, "
    "der driver dette websted, via kommunens hovednummer eller digitale post.",
    "a11y.enforcement.h": "Håndhævelsesprocedure",
    "a11y.enforcement": "Digitaliseringsstyrelsen fører tilsyn med, at offentlige organers "
    "websteder overholder webtilgængelighedsloven. Kontakt os først. Har du ikke fået svar "
    "inden for 10 arbejdsdage, eller er du ikke tilfreds med svaret, kan du henvende dig til "
    "Digitaliseringsstyrelsen:",
    "a11y.enforcement.url": "https://digst.dk/digital-inklusion/webtilgaengelighed/"
    "oplever-du-ikke-tilgaengeligt-indhold/",
    "a11y.enforcement.link": "Klag til Digitaliseringsstyrelsen over utilgængeligt indhold",
    "a11y.was": "Den ansvarlige myndighed offentliggør også denne erklæring i "
    "Digitaliseringsstyrelsens WAS-Tool (was.digst.dk) og linker til den fra sit eget websted.",
    "overview.title": "Oversigtskort",
    "overview.intro": "Alle indlæste lag på ét kort. Slå lag til og fra i kortets lagvælger, og "
    "klik på et sted for at se detaljer. Under kortet står de samme oplysninger som tabeller.",
    "overview.map.title": "Oversigtskort over alle indlæste lag",
    "overview.legend": "Signaturforklaring",
    "overview.hidden": "slået fra, når kortet åbner",
    "overview.legend.help": "Flader er områder; prikker er steder. Hvert lag kan slås til og fra "
    "i kortets lagvælger.",
    "overview.tables": "Lagene som tabeller",
    "overview.truncated": "Viser {shown} af {total}. Hent alle via API'et.",
}

EN = {
    "a11y.skip": "Skip to content",
    "a11y.nav": "Main menu",
    "a11y.footer.statement": "Accessibility statement",
    "a11y.footer.api": "API",
    "a11y.title": "Accessibility statement",
    "a11y.intro": "{organisation} is committed to making its website accessible in accordance "
    "with the Danish Act on the accessibility of public sector bodies' websites and mobile "
    "applications. This accessibility statement applies to Kvarterkort at {site}.",
    "a11y.organisation.default": "The municipality that runs this installation of Kvarterkort",
    "a11y.status.h": "Compliance status",
    "a11y.status": "This website is partially compliant with WCAG 2.1 level AA (EN 301 549) "
    "because of the exemptions and the non-compliance listed below.",
    "a11y.nonaccessible.h": "Non-accessible content",
    "a11y.noncompliance.h": "Non-compliance with the law",
    "a11y.noncompliance.maps": "The maps (overview map, ranking map, asset map, venue map and "
    "the location picker on the form) are drawn pictures that cannot be fully read with a "
    "screen reader or fully operated with a keyboard (WCAG 1.1.1, 2.1.1). Beside every map the "
    "same information is given as a table or list, and places on the maps have names that "
    "screen readers announce.",
    "a11y.noncompliance.picker": "An asset is placed by clicking on the map. Without a mouse "
    "you can use the place search or type the coordinates into the form's fields instead "
    "(WCAG 2.1.1).",
    "a11y.noncompliance.colour": "The colours of map areas follow colour scales that do not "
    "always reach a 3:1 contrast against the background map (WCAG 1.4.11). The tables beside "
    "the maps show the same figures.",
    "a11y.burden.h": "Disproportionate burden",
    "a11y.burden": "We do not claim disproportionate burden.",
    "a11y.outside.h": "Content outside the scope of the law",
    "a11y.outside": "Third-party background maps (tiles) and content that residents put on the "
    "asset map themselves are outside the scope.",
    "a11y.prepared.h": "Preparation of this accessibility statement",
    "a11y.prepared": "This statement was prepared on {date}. It is based on a self-assessment: "
    "every page and map of the Aalborg demo is tested automatically with axe-core (WCAG 2.1 A "
    "and AA) on every change, and the three main tasks are tried on a phone screen. The "
    "statement was last reviewed on {date}.",
    "a11y.feedback.h": "Feedback and contact information",
    "a11y.feedback": "If you meet content you cannot use, or need the information in another "
    "form, please contact us:",
    "a11y.contact.email": "Email",
    "a11y.contact.phone": "Phone",
    "a11y.contact.missing": "The contact details have not been given yet. Contact the "
    "municipality that runs this website through its main phone number or digital mail.",
    "a11y.enforcement.h": "Enforcement procedure",
    "a11y.enforcement": "The Danish Agency for Digital Government (Digitaliseringsstyrelsen) "
    "supervises public sector websites' compliance with the accessibility act. Contact us "
    "first. If you have no answer within 10 working days, or are not satisfied with the answer, "
    "you can turn to the Agency:",
    "a11y.enforcement.url": "https://digst.dk/digital-inklusion/webtilgaengelighed/"
    "oplever-du-ikke-tilgaengeligt-indhold/",
    "a11y.enforcement.link": "Complain to the Danish Agency for Digital Government about "
    "inaccessible content",
    "a11y.was": "The responsible authority also publishes this statement in the Agency's "
    "WAS-Tool (was.digst.dk) and links to it from its own website.",
    "overview.title": "Overview map",
    "overview.intro": "All loaded layers on one map. Switch layers on and off in the map's layer "
    "control and click a place for details. Below the map, the same information as tables.",
    "overview.map.title": "Overview map of all loaded layers",
    "overview.legend": "Legend",
    "overview.hidden": "off when the map opens",
    "overview.legend.help": "Shapes are areas; dots are places. Each layer can be switched on and "
    "off in the map's layer control.",
    "overview.tables": "The layers as tables",
    "overview.truncated": "Showing {shown} of {total}. Get them all through the API.",
}
