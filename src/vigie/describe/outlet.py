"""The outlet that published the page: declared, from the page's metadata, from the URL host,
or from a masthead name (a domain-like name the page repeats in its header and footer)."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

#: A masthead must be repeated: one mention of a domain could be a link to another site.
MASTHEAD_MIN_REPEATS = 2

_DOMAIN_NAME = re.compile(r"\b([A-Z][\w-]+\.(?:fr|ca|ch|be|com|net|org|info|ma|dz|tn|lb|lu|sn|ci|eu))\b")


def detect_outlet(
    declared: str | None, sitename: str | None, url: str | None, aside: list[str]
) -> tuple[str | None, str | None]:
    if declared:
        return declared, "declared by the source"
    if sitename:
        return sitename, "page metadata (site name)"
    if url:
        host = urlsplit(url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host, f"URL host {host}"
    counts = Counter(m.group(1) for line in aside for m in _DOMAIN_NAME.finditer(line))
    if counts:
        name, n = counts.most_common(1)[0]
        if n >= MASTHEAD_MIN_REPEATS:
            return name, f"masthead name repeated {n} times on the page"
    return None, None
