"""Scale-out: two app processes on one PostgreSQL behind nginx with sticky sessions.

nginx runs with docs/nginx.conf.example, the config docs/deploy.md tells people to use; only its
upstream `server` lines and its `listen` line are replaced with the ports picked here.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from st_harness import (
    ROOT,
    WAIT_MS,
    StreamlitServer,
    expect_rerun,
    free_port,
    new_context,
    open_app,
    wait_idle,
)

EXAMPLE_CONF = ROOT / "docs" / "nginx.conf.example"
START_TIMEOUT_S = 20.0
UPSTREAM_SERVER = re.compile(r"^(\s*)server 127\.0\.0\.1:\d+;$", re.MULTILINE)
LISTEN = re.compile(r"^(\s*)listen 80;$", re.MULTILINE)
ROUTE_COOKIE = "planner_route"


def render_site_conf(ports: list[int], listen_port: int) -> str:
    """docs/nginx.conf.example with these upstream ports and this listen address."""
    text = EXAMPLE_CONF.read_text()
    assert len(UPSTREAM_SERVER.findall(text)) == len(ports), (
        f"{EXAMPLE_CONF} should list {len(ports)} upstream 'server 127.0.0.1:PORT;' lines")
    assert len(LISTEN.findall(text)) == 1, f"{EXAMPLE_CONF} should have one 'listen 80;' line"
    remaining = iter(ports)
    text = UPSTREAM_SERVER.sub(lambda m: f"{m.group(1)}server 127.0.0.1:{next(remaining)};", text)
    return LISTEN.sub(lambda m: f"{m.group(1)}listen 127.0.0.1:{listen_port};", text)


def main_conf(folder: Path, site_conf: Path) -> str:
    """The nginx.conf around the site: foreground, everything written under ``folder``."""
    user = "user root root;\n" if os.geteuid() == 0 else ""  # workers must read tmp/ (0700)
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    log_format routes '$request_uri $status upstream=$upstream_addr route=$planner_route';
    access_log {folder / "access.log"} routes;
{temp}
    include {site_conf};
}}
"""


@dataclass
class Nginx:
    process: subprocess.Popen[bytes]
    port: int
    folder: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def upstreams(self, route: str) -> list[str]:
        """Upstream addresses of the logged requests that carried this route."""
        lines = (self.folder / "access.log").read_text().splitlines()
        return [line.split("upstream=")[1].split()[0] for line in lines
                if line.endswith(f"route={route}")]

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else "(no log)"


def health(url: str, cookie: str | None = None) -> tuple[str, list[str]]:
    """The health answer and the cookies set with it."""
    request = urllib.request.Request(f"{url}/_stcore/health")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=5) as reply:
        return reply.read().decode().strip(), reply.headers.get_all("Set-Cookie") or []


def start_nginx(nginx_path: str, folder: Path, ports: list[int]) -> Nginx:
    folder.mkdir(parents=True, exist_ok=True)
    listen_port = free_port()
    site = folder / "planner.conf"
    site.write_text(render_site_conf(ports, listen_port))
    conf = folder / "nginx.conf"
    conf.write_text(main_conf(folder, site))
    process = subprocess.Popen([nginx_path, "-c", str(conf), "-p", str(folder), "-e",
                                str(folder / "error.log")],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=(folder / "stderr.log").open("wb"),
                               start_new_session=True)
    nginx = Nginx(process, listen_port, folder)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with code {process.returncode}:\n"
                               f"{(folder / 'stderr.log').read_text()}\n{nginx.error_log()}")
        try:
            health(nginx.url)
            return nginx
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)  # polling interval while nginx binds its port, not a test wait
    stop_nginx(nginx)
    raise RuntimeError(f"nginx not answering after {START_TIMEOUT_S:.0f} s:\n{nginx.error_log()}")


def stop_nginx(nginx: Nginx) -> None:
    if nginx.process.poll() is None:
        nginx.process.terminate()  # SIGTERM: fast shutdown of master and workers
        try:
            nginx.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            nginx.process.kill()
            nginx.process.wait(timeout=10)


@dataclass
class Cluster:
    replicas: list[StreamlitServer]
    nginx: Nginx
    database_url: str


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory, postgres_url: str, nginx_path: str,
            browser: Any) -> Iterator[Cluster]:
    """Two replicas (same cookieSecret, same DATABASE_URL) behind nginx, each warmed up."""
    folder = tmp_path_factory.mktemp("scale_out")
    cookie_secret = secrets.token_urlsafe(32)
    replicas = [StreamlitServer(
        app=ROOT / "app.py", log_path=folder / f"replica_{name}.log",
        # Streamlit refuses server.cookieSecret on the command line (it would show in `ps`).
        env_overrides={"DATABASE_URL": postgres_url,
                       "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret},
        extra_args=["--server.enableXsrfProtection", "true"],
    ) for name in "ab"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        started = [pool.submit(replica.start) for replica in replicas]
    try:
        for future in started:
            future.result()
        nginx = start_nginx(nginx_path, folder / "nginx", [r.port for r in replicas])
    except Exception:
        for replica in replicas:
            replica.stop()
        raise
    try:
        # Warm both up at once: the first visit pays each replica's cold start (imports).
        contexts = [new_context(browser) for _ in replicas]
        try:
            pages = [context.new_page() for context in contexts]
            for page, replica in zip(pages, replicas):
                page.goto(f"{replica.url}/", wait_until="commit")
            for page in pages:
                wait_idle(page, after=0)
        finally:
            for context in contexts:
                context.close()
        yield Cluster(replicas, nginx, postgres_url)
    finally:
        stop_nginx(nginx)
        for replica in replicas:
            replica.stop()


def test_health_through_nginx(cluster: Cluster) -> None:
    body, cookies = health(cluster.nginx.url)
    assert body == "ok"
    assert any(c.startswith(f"{ROUTE_COOKIE}=") for c in cookies), cookies
    for replica in cluster.replicas:
        assert health(replica.url)[0] == "ok"


def test_sessions_are_sticky_and_spread(cluster: Cluster) -> None:
    route = uuid.uuid4().hex
    for _ in range(12):
        assert health(cluster.nginx.url, cookie=f"{ROUTE_COOKIE}={route}")[0] == "ok"
    assert len(set(cluster.nginx.upstreams(route))) == 1, cluster.nginx.upstreams(route)

    replicas = {f"127.0.0.1:{r.port}" for r in cluster.replicas}
    used: Counter[str] = Counter()
    for _ in range(24):  # 24 browsers: all on one replica with odds of about 1 in 8 million
        route = uuid.uuid4().hex
        health(cluster.nginx.url, cookie=f"{ROUTE_COOKIE}={route}")
        used.update(cluster.nginx.upstreams(route))
    assert set(used) == replicas, used


def test_app_runs_through_nginx(cluster: Cluster, browser: Any) -> None:
    """The page loads and its script runs: the websocket got through the proxy."""
    context = new_context(browser)
    try:
        page = context.new_page()
        open_app(page, f"{cluster.nginx.url}/")
        page.locator('[data-testid="stMetricValue"]').first.wait_for(state="visible")
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert ROUTE_COOKIE in cookies
        upstreams = set(cluster.nginx.upstreams(cookies[ROUTE_COOKIE]))
        assert len(upstreams) == 1, upstreams  # page, assets and websocket: one replica
    finally:
        context.close()


def save_scenario(page: Any, name: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    with expect_rerun(page):
        page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(f"Saved '{name}'.").wait_for(timeout=WAIT_MS)


def test_saved_on_one_replica_is_listed_by_the_other(cluster: Cluster, browser: Any) -> None:
    from store.repository import ScenarioStore

    name = f"Scale-out check {uuid.uuid4().hex[:8]}"
    first, second = cluster.replicas
    contexts = [new_context(browser), new_context(browser)]
    try:
        page = contexts[0].new_page()
        open_app(page, f"{first.url}/scenarios")
        save_scenario(page, name)

        other = contexts[1].new_page()
        open_app(other, f"{second.url}/scenarios")
        choice = other.locator('[data-testid="stSelectbox"]').filter(has_text="Scenario")
        choice.scroll_into_view_if_needed()  # near the bottom: the list must have room to open
        choice.locator("input").click()
        other.get_by_role("option", name=name, exact=True).wait_for(timeout=WAIT_MS)
    except Exception as error:  # say what the two replicas logged
        logs = "\n".join(f"--- replica on port {r.port}:\n{r.log_tail()}"
                         for r in cluster.replicas)
        raise AssertionError(f"{error}\n\n{logs}") from error
    finally:
        for context in contexts:
            context.close()
        store = ScenarioStore(cluster.database_url)
        try:
            for summary in store.list():
                if summary.name == name:
                    store.delete(summary.id)
        finally:
            store.close()
