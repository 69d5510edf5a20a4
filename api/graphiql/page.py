"""The GraphiQL page: strawberry's page, with every script and style from the ledger itself and a
Content-Security-Policy that lets the browser load nothing from elsewhere."""

from __future__ import annotations

from functools import cache
from string import Template

from starlette.responses import HTMLResponse

from api.graphiql.assets import HERE, assets

# The browser refuses any script, style, font or connection from another origin, so a page that
# works here works on an intranet without internet. Styles may be inline: GraphiQL and CodeMirror
# set style attributes. Fonts and icons come as data: URLs inside graphiql.min.css.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",  # the same origin's ws:// and wss:// too (CSP Level 3)
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


@cache
def page_html() -> str:
    template = Template((HERE / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        {
            name.replace(".", "_").replace("-", "_"): asset.relative_url
            for name, asset in assets().items()
        }
    )


def graphiql_page() -> HTMLResponse:
    return HTMLResponse(
        page_html(),
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            # The page names its assets by digest; it is asked again so an update is seen.
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
        },
    )
