"""Fetch plotly.js's cartesian bundle for the live charts, at the installed wheel's version.

    .venv/bin/python scripts/fetch_plotly_bundle.py

The live charts (ui/live_chart) draw only cartesian traces, so their frontend loads the npm
package plotly.js-cartesian-dist-min: 1.5 MB against the full bundle's 4.8 MB, which every
chart's frame parses before it draws. Run this after upgrading plotly (a test checks the two
versions agree); it checks the package against the registry's sha512 and writes the bundle and
its licence beside ui/live_chart/frontend/index.html.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ui.live_chart.bundle import (  # noqa: E402
    BUNDLE,
    BUNDLE_LICENSE,
    NPM_PACKAGE,
    plotly_js_version,
    wheel_plotly_js,
)

REGISTRY = "https://registry.npmjs.org"


def main() -> None:
    version = plotly_js_version(wheel_plotly_js())
    with urllib.request.urlopen(f"{REGISTRY}/{NPM_PACKAGE}/{version}", timeout=60) as reply:
        dist = json.load(reply)["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=120) as reply:
        tarball = reply.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if algorithm != "sha512" or base64.b64encode(hashlib.sha512(tarball).digest()).decode() \
            != expected:
        raise SystemExit(f"{dist['tarball']}: does not match the registry's integrity hash")
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member, target in (("package/plotly-cartesian.min.js", BUNDLE),
                               ("package/LICENSE", BUNDLE_LICENSE)):
            source = archive.extractfile(member)
            assert source is not None, member
            target.write_bytes(source.read())
    print(f"{BUNDLE.relative_to(ROOT)}: {NPM_PACKAGE} {version}, "
          f"{BUNDLE.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
