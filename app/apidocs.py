"""The interactive API documentation at /docs, served from vendored Swagger UI files.

FastAPI's default /docs and /redoc pages load their scripts from a CDN, which municipal networks
often block and which would need a CSP exception. The files in app/static/vendor/swagger-ui come
from the npm package swagger-ui-dist (scripts/vendor-assets.sh); ReDoc is not offered.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER = "/static/vendor/swagger-ui"
# No online validator badge: it would send the schema's URL to validator.swagger.io.
PARAMETERS = {"validatorUrl": None, "deepLinking": True, "showExtensions": True}


def install(app: FastAPI) -> None:
    """Add GET /docs (the app must be built with docs_url=None and redoc_url=None)."""

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = str(request.scope.get("root_path", "")).rstrip("/")  # behind a path prefix
        return get_swagger_ui_html(
            openapi_url=root + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} API",
            swagger_js_url=f"{root}{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{root}{SWAGGER}/favicon-32x32.png",
            swagger_ui_parameters=PARAMETERS,
        )
