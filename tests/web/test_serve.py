"""`exportctl serve` runs the web interface on the API's app; `--no-web` leaves it out."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import free_port
from tests.web.conftest import web_settings


def _serve(home: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORTCTL_")}
    env["EXPORTCTL_HOME"] = str(home)
    exe = Path(sys.executable).with_name("exportctl")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port), "--log-level", "warning", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        assert proc.poll() is None, f"serve exited with {proc.returncode}"
        assert time.monotonic() < deadline, "serve never answered"
        time.sleep(0.1)


@pytest.mark.slow
def test_serve_with_and_without_the_web_interface(tmp_path: Path) -> None:
    settings = web_settings(tmp_path)
    proc, url = _serve(settings.home)
    try:
        r = httpx.get(url + "/")
        assert r.status_code == 307 and r.headers["location"] == "/ui/dashboard"
        assert httpx.get(url + "/ui/login").status_code == 200
        secret = settings.home / "web-secret"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    proc, url = _serve(settings.home, "--no-web")
    try:
        assert httpx.get(url + "/ui/login").status_code == 404
        assert httpx.get(url + "/healthz").status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
