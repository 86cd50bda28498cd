"""Words of the abuse protections: cross-site refusals, login backoff, size limits, photos."""

DA = {
    "abuse.cross_site": "Forespørgslen kom fra et andet websted og er afvist. Åbn siden på "
    "Kvarterkort selv og prøv igen.",
    "abuse.login_throttled": "For mange mislykkede login-forsøg. Vent {seconds} sekunder, og "
    "prøv så igen.",
    "abuse.too_large": "Forespørgslen må højst fylde {limit} bytes.",
}

EN = {
    "abuse.cross_site": "The request came from another website and was refused. Open the page "
    "on Kvarterkort itself and try again.",
    "abuse.login_throttled": "Too many failed login attempts. Wait {seconds} seconds, then try "
    "again.",
    "abuse.too_large": "The request may be at most {limit} bytes.",
}
