"""Schemathesis hooks for the demo: real page tokens.

`page` is an opaque token that the server signs for one listing (it comes from the
`Link: <...>; rel="next"` header of the previous page). The OpenAPI document says what
a token looks like (lowercase hex), but no schema can say which tokens this server
made, so a random token of the right shape is rightly refused with a 422 naming `page`.

Before each call, a generated `page` of valid shape is swapped for a real token of the
same listing, fetched from the server (`limit=1`, the same listing parameters), or
dropped when that listing has no next page. Malformed tokens are left alone: the
server must refuse them, and the checks say whether it did.
"""

import os
import re
import urllib.error
import urllib.parse
import urllib.request

import schemathesis

TOKEN = re.compile(r"^([0-9a-f]{2})+$")
MAX_TOKEN = 2048
BASE_URL = os.environ["DEMO_BASE_URL"].rstrip("/")
LINK = re.compile(r'<([^>]*)>\s*;\s*rel="next"')


def real_token(path, params):
    query = urllib.parse.urlencode({**params, "limit": "1"})
    try:
        with urllib.request.urlopen(f"{BASE_URL}{path}?{query}", timeout=10) as answer:
            link = answer.headers.get("Link") or ""
    except urllib.error.HTTPError:
        return None  # the listing parameters themselves are refused
    found = LINK.search(link)
    if not found:
        return None
    next_query = urllib.parse.urlparse(found.group(1)).query
    return urllib.parse.parse_qs(next_query).get("page", [None])[0]


@schemathesis.hook
def before_call(context, case, kwargs):
    query = case.query
    if not isinstance(query, dict):
        return
    page = query.get("page")
    if not isinstance(page, str) or len(page) > MAX_TOKEN or not TOKEN.match(page):
        return
    others = {k: v for k, v in query.items() if k not in ("page", "limit") and isinstance(v, str)}
    token = real_token(case.operation.path, others)
    if token is None:
        del query["page"]
    else:
        query["page"] = token
