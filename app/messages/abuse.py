"""Words of the abuse protections: cross-site refusals, login backoff, size limits, photos."""

DA = {
    "abuse.cross_site": "Forespørgslen kom fra et andet websted og er afvist. Åbn siden på "
    "Kvarterkort selv og prøv igen.",
    "abuse.login_throttled": "For mange mislykkede login-forsøg. Vent {seconds} sekunder, og "
    "prøv så igen.",
    "abuse.too_large": "Forespørgslen må højst fylde {limit} bytes.",
    "abuse.too_large_mb": "Forespørgslen fylder mere end {mb} MB.",
    "abuse.csrf_expired": "Formularen er udløbet eller kom ikke fra dette websted: genindlæs "
    "siden og prøv igen.",
    "abuse.rate_limited": "For mange forespørgsler af denne slags fra din forbindelse. Prøv igen "
    "om {minutes} minutter.",
}

EN = {
    "abuse.cross_site": "The request came from another website and was refused. Open the page "
    "on Kvarterkort itself and try again.",
    "abuse.login_throttled": "Too many failed login attempts. Wait {seconds} seconds, then try "
    "again.",
    "abuse.too_large": "The request may be at most {limit} bytes.",
    "abuse.too_large_mb": "The request is larger than {mb} MB.",
    "abuse.csrf_expired": "The form has expired or did not come from this site: reload the page "
    "and try again.",
    "abuse.rate_limited": "Too many requests of this kind from your connection; try again in "
    "{minutes} minutes.",
}
