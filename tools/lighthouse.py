"""Build the site into a temporary folder, serve it on 127.0.0.1 and print Lighthouse's four scores.

Not part of the test suite (one run takes 10-20 s). Lighthouse comes from npm, pinned:

    npm install --no-save --prefix /tmp/lighthouse lighthouse@12.2.3
    python tools/lighthouse.py --lighthouse /tmp/lighthouse/node_modules/.bin/lighthouse

or `npm install --no-save lighthouse@12.2.3` in the project (node_modules/ is ignored by git)
and run `python tools/lighthouse.py`. Chromium is /usr/bin/chromium unless CHROME_PATH says
otherwise. Exit status 1 when a score is below --min (default 1.0, that is 100).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citypages.pipeline import build_site, load_site

ROOT = Path(__file__).resolve().parent.parent

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def scores(lighthouse: str, url: str, report: Path) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run([lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=env)
    data = json.loads(report.read_text(encoding="utf-8"))
    for audit in data["audits"].values():  # say what cost points, so the fix is obvious
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") != "manual":
            shown = audit.get("displayValue", "")
            print(f"  below 100: {audit['id']} ({audit['score']}) {audit['title']} {shown}", file=sys.stderr)
    return {name: data["categories"][name]["score"] for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-C", dest="site", type=Path, default=ROOT, help="site folder (default: this project)")
    parser.add_argument("--lighthouse", default=str(ROOT / "node_modules" / ".bin" / "lighthouse"))
    parser.add_argument("--page", help="path of the page to audit, e.g. es/san-jose-ca/ (default: first city)")
    parser.add_argument("--min", type=float, default=1.0, help="lowest acceptable score, 0-1")
    args = parser.parse_args(argv)
    if not Path(args.lighthouse).exists():
        print(f"{args.lighthouse} not found; install it with: "
              "npm install --no-save --prefix /tmp/lighthouse lighthouse@12.2.3", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        result = build_site(args.site, out, base_url=base)
        if not result.ok:
            for diag in result.diagnostics:
                print(diag.as_text(), file=sys.stderr)
            return 1
        page = args.page
        if page is None:
            inp, _ = load_site(args.site, base)
            assert inp is not None
            page = next(f"{c.slug}/" for c in inp.cities if not c.draft)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            found = scores(args.lighthouse, base + page, Path(tmp) / "report.json")
        finally:
            httpd.shutdown()
            httpd.server_close()
    print(f"Lighthouse 12.2.3, {page}:")
    for name, score in found.items():
        print(f"  {name:15} {round(score * 100)}")
    return 0 if all(score >= args.min for score in found.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
