"""Record the bytes of every published file of three builds, or compare them with a record.

    python tools/same_bytes.py record before.json     # before moving code
    python tools/same_bytes.py compare before.json    # after: exit 1 and the files that differ

A refactoring keeps behaviour; this is how it is shown. The three builds: the sample site,
the sample with `--base-url https://example.org/sub/`, and a generated 600-city site in
English and Spanish (bench/run.py's generator, fixed seed). Each is built with this
checkout's build.py into a temporary folder; the build's own state is not published and
is left out (a `.citypages` folder, where an engine keeps it inside the output).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))


def _digests(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".citypages" not in p.relative_to(out).parts}


def _build(site: Path, out: Path, *extra: str) -> dict[str, str]:
    cmd = [sys.executable, str(ROOT / "build.py"), "-C", str(site), "build", "--quiet", "--out", str(out), *extra]
    env = {**os.environ, "XDG_CACHE_HOME": str(out.parent / "cache")}  # the build's cache, if it keeps one apart
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return _digests(out)


def record() -> dict[str, dict[str, str]]:
    """{build name: {published path: sha256}} for the three builds."""
    from run import make_site  # bench/run.py

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sample = work / "sample"
        shutil.copytree(ROOT, sample, ignore=shutil.ignore_patterns(
            ".git", ".venv*", "output", "node_modules", "__pycache__", ".output-*", "responses", "deliveries"))
        generated = make_site(work / "generated", 600, ["en", "es"])
        return {"sample": _build(sample, work / "out-sample"),
                "sample-sub": _build(sample, work / "out-sub", "--base-url", "https://example.org/sub/"),
                "generated-600-en-es": _build(generated, work / "out-600")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["record", "compare"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    now = record()
    if args.mode == "record":
        args.file.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {sum(map(len, now.values()))} files of {len(now)} builds in {args.file}")
        return 0
    before = json.loads(args.file.read_text(encoding="utf-8"))
    differ = 0
    for name in sorted(set(before) | set(now)):
        old, new = before.get(name, {}), now.get(name, {})
        for path in sorted(set(old) | set(new)):
            if old.get(path) != new.get(path):
                differ += 1
                what = "added" if path not in old else "gone" if path not in new else "changed"
                print(f"{name}: {path}: {what}")
    print(f"{differ} of {sum(map(len, now.values()))} files differ" if differ
          else f"the same bytes: {sum(map(len, now.values()))} files of {len(now)} builds")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
