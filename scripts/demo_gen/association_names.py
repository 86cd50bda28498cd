"""Name, activity and size templates for synthetic foreninger (plain data, no logic)."""

from __future__ import annotations

from geodata.models import ASSOCIATION_CATEGORIES

CATEGORIES = ASSOCIATION_CATEGORIES  # the loader's list
# share of the population-spread associations per category
WEIGHTS = {
    "idraet": 0.32,
    "kultur": 0.16,
    "social": 0.14,
    "aeldre": 0.11,
    "boern_unge": 0.12,
    "religion": 0.05,
    "other": 0.10,
}
# (median members, log-sd)
MEMBERS = {
    "idraet": (150, 0.9),
    "kultur": (45, 0.7),
    "social": (35, 0.7),
    "aeldre": (90, 0.6),
    "boern_unge": (60, 0.6),
    "religion": (70, 0.7),
    "other": (110, 0.8),
}
VENUE_TYPES = {
    "idraet": ("idraetshal", "skole", "fitness"),
    "kultur": ("kulturhus", "bibliotek", "faelleshus", "other"),
    "social": ("faelleshus", "beboerlokale", "aktivitetscenter", "bibliotek", "other"),
    "aeldre": ("aktivitetscenter", "kirke_sognegaard", "faelleshus", "other"),
    "boern_unge": ("skole", "idraetshal", "kirke_sognegaard", "kulturhus"),
    "religion": ("kirke_sognegaard", "other"),
    "other": ("other", "faelleshus", "kulturhus", "bibliotek"),
    "beboerforening": ("beboerlokale", "faelleshus"),
}
# (name template, activities): activities match the kind of forening the name implies
NAMES = {
    "idraet": (
        ("{p} Idrætsforening", "Fodbold, gymnastik og motion for alle aldre"),
        ("{p} Boldklub", "Fodbold for børn, unge og veteraner"),
        ("{p} Gymnastikforening", "Springgymnastik, forældre-barn-hold og seniorgymnastik"),
        ("{p} Badmintonklub", "Badminton for motionister og juniorer"),
        ("{p} Håndboldklub", "Håndbold for børn og voksne"),
        ("{p} Løbeklub", "Løbetræning for begyndere og øvede"),
        ("{p} Petanqueklub", "Petanque og hygge"),
        ("{p} Svømmeklub", "Svømmeundervisning og motionssvømning"),
        ("{p} Cykelklub", "Motionscykling og cykelture"),
        ("{p} Floorballklub", "Floorball for alle"),
        ("{p} Yogaforening", "Yoga og afspænding"),
        ("Seniormotion {p}", "Motionshold for seniorer"),
        ("{p} Gåklub", "Gåture hver uge"),
    ),
    "kultur": (
        ("{p} Koret", "Korsang hver uge"),
        ("{p} Lokalhistoriske Forening", "Lokalhistorisk arkiv, foredrag og byvandringer"),
        ("{p} Teaterforening", "Amatørteater og forestillinger"),
        ("{p} Musikforening", "Koncerter og musikcafé"),
        ("{p} Kunstforening", "Udstillinger og kunstudlodning"),
        ("Læsekredsen {p}", "Læsegrupper og fælleslæsning"),
        ("{p} Filmklub", "Film og debat"),
        ("{p} Folkedansere", "Folkedans og spillemandsmusik"),
        ("{p} Fotoklub", "Fototure og billedaftener"),
    ),
    "social": (
        ("Netværkscaféen {p}", "Café og netværk for nye i området"),
        ("{p} Frivilligforening", "Frivillige hjælper naboer i hverdagen"),
        ("Lektiecafé {p}", "Lektiehjælp til børn og unge"),
        ("Mandeklubben {p}", "Fællesskab og aktiviteter for mænd"),
        ("Fællesspisning i {p}", "Fællesspisning hver anden uge"),
        ("Besøgsvennerne {p}", "Besøgsvenner til ensomme"),
        ("Kvindenetværket {p}", "Netværk og aktiviteter for kvinder"),
        ("Strikkecaféen {p}", "Strik, kaffe og snak"),
        ("Mødregruppen {p}", "Netværk for mødre på barsel"),
        ("Sprogcaféen {p}", "Sprogtræning i dansk og hygge"),
    ),
    "aeldre": (
        ("Pensionistforeningen {p}", "Kortspil, foredrag og udflugter"),
        ("Seniorklubben {p}", "Hyggeeftermiddage og seniormotion"),
        ("{p} Ældreklub", "Spisefællesskab og banko"),
        ("Seniordans {p}", "Dans for seniorer"),
        ("Seniorcaféen {p}", "Café, foredrag om sundhed og gåture"),
    ),
    "boern_unge": (
        ("Spejdergruppen {p}", "Spejdermøder og lejre"),
        ("Ungdomsklubben {p}", "Ungdomsklub om aftenen"),
        ("{p} Juniorklub", "Aktiviteter for 10-14-årige"),
        ("Børneteatret {p}", "Teater for børn"),
        ("Pigeklubben {p}", "Pigeklub med sport og snak"),
        ("Familieklubben {p}", "Legestue og udflugter for familier"),
    ),
    "religion": (
        ("{p} Kirkekor", "Korsang ved gudstjenester"),
        ("Menighedsplejen {p}", "Besøgstjeneste og sorggrupper"),
        ("Kristent Fællesskab {p}", "Samtalegrupper og fællesspisning"),
        ("Muslimsk Kulturforening {p}", "Kulturaftener og lektiehjælp"),
        ("Babysalmesang {p}", "Babysalmesang for forældre og børn"),
    ),
    "other": (
        ("{p} Grundejerforening", "Fællesarealer og vejfest"),
        ("{p} Haveforening", "Kolonihaver og havedage"),
        ("{p} Borgerforening", "Byfest og lokale arrangementer"),
        ("{p} Naturforening", "Naturpleje og ture"),
        ("{p} Hundeklub", "Hundetræning"),
        ("{p} Biavlerforening", "Biavl og honninghøst"),
        ("Repair Café {p}", "Reparation af ting sammen med frivillige"),
        ("{p} Byhaveforening", "Byhave og bytteboder"),
    ),
}
BEBOER_ACTIVITIES = (
    "Sommerfest og fællesspisning",
    "Arbejdsdage i gården",
    "Legeplads og byhave",
    "Beboercafé",
    "Juletræsfest",
)
SAMRAAD_ACTIVITIES = "Borgermøder, lokaludvikling og samarbejde med kommunen"
PEER_ACTIVITIES = "Frivillige sundhedsformidlere: gåhold, fællesspisning og temaaftener"
ROLES = ("Formanden", "Bestyrelsen", "Sekretæren", "Kontaktperson (frivillig)")
