"""The server settings that keep internals off the page and let a real export upload."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ingest.common import DEFAULT_MAX_MEGABYTES

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_users_see_no_tracebacks() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_a_million_message_export_fits_every_upload_limit() -> None:
    nginx = (ROOT / "docs" / "nginx.conf.example").read_text(encoding="utf-8")
    [nginx_mb] = re.findall(r"client_max_body_size (\d+)m;", nginx)
    assert CONFIG["server"]["maxUploadSize"] == DEFAULT_MAX_MEGABYTES == int(nginx_mb) >= 60
