#!/usr/bin/env python3
"""Screenshots of the web page (desktop, phone, dark) for docs/images/, made the same way every time.

    .venv/bin/python scripts/web_screenshots.py /tmp/screens.db --seed
    .venv/bin/python scripts/web_screenshots.py DB [--out docs/images] [--event-article ID]

``DB`` is the database to serve (an SQLite file or a postgresql:// URL). With ``--seed``
the script first codes ``examples/seed-article.txt`` and the hand-written reports of
``tests/fixtures/web/reports.jsonl`` into it (``sitrep code``), so the pictures are the
same on any machine. It then starts ``sitrep serve`` on a free local port, drives
Debian's ``/usr/bin/chromium`` (or ``$SITREP_CHROMIUM``) through Playwright and writes:

* ``page.png``: 1440 x 900, the incident with the most reports open, its reports listed;
* ``page-phone.png``: 390 x 844, an event opened from the list, its panel over the map;
* ``page-dark.png``: 1440 x 900 with the system's dark preference, the table view.

Nothing is fetched from another host: the page and its map data come from the server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = [ROOT / "examples" / "seed-article.txt", ROOT / "tests" / "fixtures" / "web" / "reports.jsonl"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(base: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"sitrep serve exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"sitrep serve did not answer at {base} within {timeout:.0f} s")


def shoot(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    chromium = os.environ.get("SITREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            # desktop: incidents, the one with the most reports open
            page = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="light").new_page()
            page.goto(f"{base}/")
            page.wait_for_selector("body[data-state=ready]")
            items = page.locator(".event-item[data-reports]")
            if items.count():
                best = max(range(items.count()), key=lambda i: int(items.nth(i).get_attribute("data-reports") or 0))
                items.nth(best).click()
                expect(page.locator("#panel")).to_have_attribute("data-state", "ready")
            page.wait_for_timeout(400)
            written.append(out / "page.png")
            page.screenshot(path=str(written[-1]))
            page.context.close()

            # phone: an event opened from the list
            page = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                       is_mobile=True, has_touch=True).new_page()
            page.goto(f"{base}/#mode=events")
            page.wait_for_selector("body[data-state=ready]")
            item = page.locator(".event-item").first
            item.scroll_into_view_if_needed()
            item.tap()
            expect(page.locator("#panel")).to_have_attribute("data-state", "ready")
            page.wait_for_timeout(400)
            written.append(out / "page-phone.png")
            page.screenshot(path=str(written[-1]))
            page.context.close()

            # dark: the table view of events
            page = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme="dark").new_page()
            page.goto(f"{base}/#mode=events&view=table&sort=-killed")
            page.wait_for_selector("body[data-state=ready]")
            page.wait_for_timeout(400)
            written.append(out / "page-dark.png")
            page.screenshot(path=str(written[-1]))
            page.context.close()
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="the database to serve (SQLite file or postgresql:// URL)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNG files")
    parser.add_argument("--seed", action="store_true",
                        help="code examples/seed-article.txt and tests/fixtures/web/reports.jsonl into DB first")
    args = parser.parse_args()
    if args.seed:
        subprocess.run([sys.executable, "-m", "sitrep", "code", "--db", args.db, "--format", "jsonl",
                        "-o", os.devnull, *map(str, SEED)], check=True)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "sitrep", "serve", "--db", args.db, "--port", str(port),
                               "--log-level", "warning"])
    try:
        wait_for(base, server)
        for path in shoot(base, args.out):
            print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    finally:
        server.terminate()
        server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
