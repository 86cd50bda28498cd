"""Words for error answers: the generic title of each HTTP status, the error page and the 503 text.

The `detail` of an error comes from the code that raised it; only these generic parts are here.
"""

DA = {
    "error.400": "Ugyldig forespørgsel",
    "error.401": "Log ind først",
    "error.403": "Ingen adgang",
    "error.404": "Ikke fundet",
    "error.405": "Metoden er ikke tilladt",
    "error.409": "Konflikt",
    "error.413": "Forespørgslen er for stor",
    "error.415": "Formatet understøttes ikke",
    "error.422": "Ugyldige data",
    "error.429": "For mange forespørgsler",
    "error.500": "Der skete en fejl på serveren",
    "error.503": "Tjenesten er midlertidigt utilgængelig",
    "error.other": "Fejl",
    "error.unavailable.detail": "Databasen er optaget eller utilgængelig lige nu. "
    "Prøv igen om et øjeblik.",
    "error.incident.detail": "Noget gik galt hos os. Oplys fejlnummer {incident} "
    "hvis du kontakter support.",
    "error.page.status": "Fejl {status}",
    "error.page.incident": "Fejlnummer",
    "error.page.retry": "Prøv igen om nogle sekunder – siden genindlæses ikke af sig selv.",
    "error.page.retry.link": "Prøv igen",
    "error.page.home": "Til forsiden",
    "error.validation.detail": "Et eller flere felter er ugyldige.",
}

EN = {
    "error.400": "Bad request",
    "error.401": "Log in first",
    "error.403": "Forbidden",
    "error.404": "Not found",
    "error.405": "Method not allowed",
    "error.409": "Conflict",
    "error.413": "Request too large",
    "error.415": "Unsupported media type",
    "error.422": "Invalid data",
    "error.429": "Too many requests",
    "error.500": "Internal server error",
    "error.503": "Service temporarily unavailable",
    "error.other": "Error",
    "error.unavailable.detail": "The database is busy or unavailable right now. "
    "Please try again in a moment.",
    "error.incident.detail": "Something went wrong on our side. Quote incident {incident} "
    "if you contact support.",
    "error.page.status": "Error {status}",
    "error.page.incident": "Incident",
    "error.page.retry": "Try again in a few seconds – the page does not reload by itself.",
    "error.page.retry.link": "Try again",
    "error.page.home": "Go to the home page",
    "error.validation.detail": "One or more fields are invalid.",
}
