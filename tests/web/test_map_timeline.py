"""The map and the timeline draw with no network: country shapes and points, checked on a
screenshot, and bars."""

from __future__ import annotations

import io
from pathlib import Path

from tests.conftest import EXAMPLES
from tests.web.conftest import LiveServer
from vigie.runner import run


def test_map_and_timeline_render_offline(tmp_path: Path, offline_page):
    db = tmp_path / "v.db"
    run([EXAMPLES / "articles"], db)
    page = offline_page
    with LiveServer(db) as server:
        page.goto(f"{server.url}/incidents")
        page.wait_for_selector(".vigie-map[data-rendered='1']", timeout=15000)
        page.wait_for_selector(".vigie-timeline[data-rendered='1']", timeout=15000)
        vmap = page.locator(".vigie-map")
        assert int(vmap.get_attribute("data-countries")) > 100
        assert int(vmap.get_attribute("data-points")) + int(vmap.get_attribute("data-clusters") or 0) > 0
        assert int(page.locator(".vigie-timeline").get_attribute("data-bars")) > 0
        shot = vmap.screenshot(path=str(tmp_path / "map.png"))
    from PIL import Image

    image = Image.open(io.BytesIO(shot)).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 20)
    land = sum(n for n, (r, g, b) in colors if abs(r - 0xD9) < 6 and abs(g - 0xD9) < 6 and abs(b - 0xD9) < 6)
    points = sum(n for n, (r, g, b) in colors if r > 150 and r - b > 60 and r - g > 20)  # orange/red marks
    assert land > image.width * image.height * 0.05, "no country shapes drawn"
    assert points > 30, "no incident points drawn"
    assert page.outside_requests == []  # type: ignore[attr-defined]
    assert page.js_errors == []  # type: ignore[attr-defined]
