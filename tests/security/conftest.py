"""A PostgreSQL server of the tests' own, which they may stop and start (the shared one is left
alone: other suites and people use it).

``initdb`` and ``pg_ctl`` from Debian's /usr/lib/postgresql/<version>/bin; they refuse to run as
root, so when the tests run as root the cluster is made and run as the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from st_harness import skip_or_fail  # noqa: E402

START_TIMEOUT_S = 30


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A throw-away PostgreSQL cluster on a free port, with trust authentication."""

    bin_dir: Path
    data_dir: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True,
                       timeout=START_TIMEOUT_S)

    def start(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-w", "-l",
                  str(self.data_dir / "log"), "-o", f"-p {self.port} -k {self.data_dir} "
                  "-c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate",
                  "-w", "stop")


@pytest.fixture
def postgres_cluster() -> Iterator[Cluster]:
    bin_dir = _postgres_bin()
    if bin_dir is None:
        skip_or_fail("PostgreSQL server binaries not found under /usr/lib/postgresql "
                     "(apt-get install postgresql)")
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="planner_pg_"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(bin_dir, folder / "data", _free_port(), as_user)
    try:
        cluster._run(str(bin_dir / "initdb"), "-D", str(cluster.data_dir), "-A", "trust",
                     "-U", "postgres", "--no-sync")
        cluster.start()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(folder, ignore_errors=True)
        skip_or_fail(f"could not start a throw-away PostgreSQL cluster: {error}")
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped by the test
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
