"""A production-like Vogter on this machine: `vogter serve` with DEBUG=false behind Debian's
nginx with TLS, as docs/operations.md tells an installation to run it.

nginx runs the site file the docs ship (deploy/nginx/vogter.conf) with only its
placeholders replaced (the name, the ports, the certificate paths, the app's address),
inside a stand-in for Debian's /etc/nginx/nginx.conf that keeps its pid, logs and
temporary files in a directory of its own. Everything listens on free ports and nothing
runs as a daemon, so the check never meets another nginx or server on the machine.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO_DIR = Path(__file__).resolve().parents[2]
VOGTER = REPO_DIR / ".venv" / "bin" / "vogter"
SITE_FILE = REPO_DIR / "deploy" / "nginx" / "vogter.conf"
# What an installation replaces in the site file, and what this check puts there.
NAME = "vogter.example.org"
HTTP_PORT = "80"
HTTPS_PORT = "443"
CERTIFICATE = "/etc/ssl/vogter/fullchain.pem"
KEY = "/etc/ssl/vogter/privkey.pem"
APP = "127.0.0.1:8000"
# A stand-in for Debian 12's /etc/nginx/nginx.conf (its http settings, verbatim), with the
# pid, the logs and the temporary files in the check's own directory.
MAIN_CONFIG = """\
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{
    worker_connections 768;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {dir}/access.log;
    gzip on;
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    include {dir}/sites-enabled/vogter;
}}
"""


def free_port() -> int:
    """A port free on every address, IPv4 and IPv6 (the site file listens on both)."""
    while True:
        with socket.socket() as probe:
            probe.bind(("0.0.0.0", 0))  # noqa: S104 - a probe, closed at once
            port = int(probe.getsockname()[1])
        try:
            with socket.socket(socket.AF_INET6) as probe6:
                probe6.bind(("::", port))
        except OSError:
            if not socket.has_ipv6:
                return port
            continue
        return port


def render_site(https_port: int, http_port: int, certificate: Path, key: Path, app: str) -> str:
    """The docs' site file with this check's name, ports, certificate and app address."""
    text = SITE_FILE.read_text()
    for placeholder in (NAME, CERTIFICATE, KEY, APP):
        assert placeholder in text, f"{placeholder} is no longer in {SITE_FILE}"
    text = (
        text.replace(NAME, "localhost")
        .replace(CERTIFICATE, str(certificate))
        .replace(KEY, str(key))
        .replace(APP, app)
    )
    for shipped, port in ((HTTP_PORT, http_port), (HTTPS_PORT, https_port)):
        # `listen 80;` and `listen [::]:80;`, `listen 443 ssl http2;` and its IPv6 twin.
        text, found = re.subn(
            rf"^(\s*listen\s+(?:\[::\]:)?){shipped}\b", rf"\g<1>{port}", text, flags=re.MULTILINE
        )
        assert found == 2, f"{SITE_FILE} should listen on {shipped} for IPv4 and IPv6"
    return text


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise AssertionError("No nginx on this machine: apt-get install nginx (.ci/run does).")
    return found


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(  # noqa: S603 - openssl from PATH with fixed arguments
        [  # noqa: S607
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@dataclass
class Site:
    https: str  # https://127.0.0.1:PORT
    http: str  # http://127.0.0.1:PORT (nginx's redirect to HTTPS)
    app: str  # http://127.0.0.1:PORT, the app server itself
    certificate: Path
    env: dict[str, str]
    server_log: Path
    nginx_dir: Path

    def tls(self) -> ssl.SSLContext:
        """Trusts this site's self-signed certificate and nothing else."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def vogter(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own command
            [str(VOGTER), *args],
            env=self.env,
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"vogter {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def python(self, code: str) -> str:
        """Run `code` after django.setup() in the site's environment; its stdout."""
        done = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "vogter.settings"},
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode:
            raise AssertionError(f"script failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout.strip()


def _wait_for(
    url: str, process: subprocess.Popen[bytes], log: Path, context: ssl.SSLContext | None
) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"{url} stopped (exit {process.returncode}):\n{log.read_text()[-3000:]}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, verify=context or True, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within two minutes:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@contextlib.contextmanager
def running_site(directory: Path, extra_env: dict[str, str]) -> Iterator[Site]:
    """Vogter (DEBUG=false, the demo loaded) behind nginx with TLS, until the block ends."""
    certificate, key = self_signed_certificate(directory)
    data = directory / "data"
    data.mkdir()
    app_port, https_port, http_port = free_port(), free_port(), free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        # The embedded database in the temporary directory, never the machine's own.
        if name not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SITE_URL=f"https://localhost:{https_port}",
        VOGTER_TRUSTED_PROXIES="127.0.0.1,::1",
        TRUST_X_FORWARDED_PROTO="true",
        VOGTER_DATA_DIR=str(data),
        PYTHONUNBUFFERED="1",
        **extra_env,
    )
    site = Site(
        https=f"https://127.0.0.1:{https_port}",
        http=f"http://127.0.0.1:{http_port}",
        app=f"http://127.0.0.1:{app_port}",
        certificate=certificate,
        env=env,
        server_log=directory / "server.log",
        nginx_dir=directory / "nginx",
    )
    site.vogter("migrate", "--verbosity", "0")
    site.vogter("createcachetable")
    site.vogter("demo", "--if-empty")

    with site.server_log.open("ab") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [str(VOGTER), "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(app_port)],
            env=env,
            cwd=REPO_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    nginx_dir = site.nginx_dir
    (nginx_dir / "sites-enabled").mkdir(parents=True)
    (nginx_dir / "temp").mkdir()
    (nginx_dir / "sites-enabled" / "vogter").write_text(
        render_site(https_port, http_port, certificate, key, f"127.0.0.1:{app_port}")
    )
    # Run as root (CI), nginx's workers would switch to `nobody`, who cannot enter pytest's
    # private temporary directory; Debian's www-data could not either.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (nginx_dir / "nginx.conf").write_text(MAIN_CONFIG.format(user=user, dir=nginx_dir))
    nginx_log = nginx_dir / "error.log"
    nginx = subprocess.Popen(  # noqa: S603 - nginx with our own configuration
        [
            nginx_binary(),
            "-p",
            str(nginx_dir),
            "-c",
            str(nginx_dir / "nginx.conf"),
            "-e",
            str(nginx_log),
            "-g",
            "daemon off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(f"{site.app}/healthz", server, site.server_log, None)
        _wait_for(f"{site.https}/healthz", nginx, nginx_log, site.tls())
        yield site
    finally:
        _stop(nginx, signal.SIGQUIT)
        _stop(server, signal.SIGTERM)
