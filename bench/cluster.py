"""Replicas of the app behind Debian's nginx on loopback, configured by deploy/nginx/intake.conf as shipped.

Used by tests/browser/test_replicas.py and the load figure (bench/load.py). Everything runs on 127.0.0.1 on
free ports; nginx runs as an unprivileged user (`nobody` when this runs as root) with every file it writes
in one throw-away folder, and a throw-away TLS certificate made here with the openssl command.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx" / "intake.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
START_SECONDS = 90
NOBODY = 65534


class ClusterError(RuntimeError):
    """A replica or nginx did not come up; str() says which, with the end of its output."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A throw-away self-signed certificate and key for localhost and 127.0.0.1, valid one day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 (fixed arguments)
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def render_nginx(run_dir: Path, ports: dict[str, int], replica_ports: list[int], cert: Path, key: Path) -> Path:
    """deploy/nginx/intake.conf with its @PLACEHOLDERS@ (ports, paths) filled in, written into run_dir."""
    text = NGINX_CONF.read_text(encoding="utf-8")
    values = {"RUN_DIR": str(run_dir), "CERT": str(cert), "KEY": str(key), **ports}
    values.update({f"REPLICA_PORT_{n}": port for n, port in enumerate(replica_ports, start=1)})
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    if "@" in "".join(line.split("#")[0] for line in text.splitlines()):
        raise ClusterError(f"{NGINX_CONF} has a placeholder left unfilled (replicas given: {len(replica_ports)})")
    conf = run_dir / "intake.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def healthy(url: str, context: ssl.SSLContext | None = None) -> bool:
    """Whether Streamlit's health endpoint at `url` answers 'ok'."""
    try:
        with urllib.request.urlopen(url, timeout=2, context=context) as reply:  # noqa: S310 (loopback)
            return bool(reply.status == 200 and reply.read().strip() == b"ok")
    except OSError:
        return False


@dataclass
class Replica:
    """One `streamlit run app.py` on a loopback port."""

    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def output(self) -> str:
        """The end of what it printed."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-2000:]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop it (SIGTERM as Kubernetes does, or the signal given); SIGKILL if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_replica(port: int, cookie_secret: str) -> Replica:
    """Start one replica (not waiting for it). All replicas share one cookie secret, as in Kubernetes."""
    env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Cluster.stop)
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)  # noqa: S603
    return Replica(port, process, log)


def wait_healthy(replica: Replica) -> None:
    """Wait for a replica's health check; ClusterError when it exits or takes too long."""
    deadline = time.monotonic() + START_SECONDS
    while not healthy(f"http://127.0.0.1:{replica.port}/_stcore/health"):
        if replica.process.poll() is not None or time.monotonic() > deadline:
            replica.stop()
            raise ClusterError(f"replica on port {replica.port} did not start:\n{replica.output()}")
        time.sleep(0.2)


@dataclass
class Cluster:
    """Replicas behind nginx: the HTTPS address patients use, and handles to stop any part."""

    run_dir: Path
    https_port: int
    http_port: int
    cert: Path
    replicas: list[Replica]
    nginx: subprocess.Popen[bytes] | None = None
    cookie_secret: str = field(default_factory=lambda: secrets.token_hex(32))

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}/"

    def tls(self) -> ssl.SSLContext:
        """A client TLS context that trusts exactly the throw-away certificate."""
        return ssl.create_default_context(cafile=str(self.cert))

    def access_log(self) -> str:
        path = self.run_dir / "access.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def replica_of(self, user_agent: str) -> Replica:
        """The replica the browser with this user agent is routed to now (from nginx's log).

        nginx logs a request when it ends, so a live websocket is not there yet; the browser's other requests
        to Streamlit (health, host config) carry the same route cookie, so they went to the same replica.
        """
        upstream = ""
        for line in self.access_log().splitlines():
            if "/_stcore/" in line and f'"{user_agent}"' in line and "upstream=127." in line:
                # "127.0.0.1:A, 127.0.0.1:B" when A refused and B answered: the last one answered.
                upstream = line.split("upstream=")[1].split(" rt=")[0].split(", ")[-1]
        port = int(upstream.rsplit(":", 1)[1]) if upstream else -1
        return next(r for r in self.replicas if r.port == port)

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish requests, then exit
            try:
                self.nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        for replica in self.replicas:
            replica.stop()
            replica.log.close()


def _run_dir() -> Path:
    """A folder nginx may write to; owned by `nobody` when this runs as root (nginx never runs as root here)."""
    folder = Path(tempfile.mkdtemp(prefix="intake-nginx-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    return folder


def _start_nginx(conf: Path, run_dir: Path) -> subprocess.Popen[bytes]:
    root = os.geteuid() == 0
    if root:
        for path in run_dir.iterdir():
            os.chown(path, NOBODY, NOBODY)
    command = [NGINX, "-p", str(run_dir), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"]
    with (run_dir / "nginx.out").open("wb") as out:
        if root:  # never as root: nginx starts as nobody, so its master and workers are unprivileged
            return subprocess.Popen(  # noqa: S603
                command, stdout=out, stderr=subprocess.STDOUT, user=NOBODY, group=NOBODY, extra_groups=[]
            )
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


@contextlib.contextmanager
def cluster(replicas: int = 3) -> Iterator[Cluster]:
    """`replicas` app replicas behind nginx with TLS, all on loopback; everything stopped and removed after."""
    if not Path(NGINX).exists():
        raise ClusterError("nginx is not installed (Debian: apt-get install nginx)")
    run_dir = _run_dir()
    cert, key = make_certificate(run_dir)
    ports = [free_port() for _ in range(replicas)]
    made = Cluster(run_dir, free_port(), free_port(), cert, [])
    try:
        made.replicas = [start_replica(port, made.cookie_secret) for port in ports]
        conf = render_nginx(run_dir, {"HTTPS_PORT": made.https_port, "HTTP_PORT": made.http_port}, ports, cert, key)
        made.nginx = _start_nginx(conf, run_dir)
        for replica in made.replicas:
            wait_healthy(replica)
        deadline = time.monotonic() + START_SECONDS
        while not healthy(f"{made.url}_stcore/health", made.tls()):
            if made.nginx.poll() is not None or time.monotonic() > deadline:
                output = (run_dir / "nginx.out").read_text(errors="replace")[-2000:]
                raise ClusterError(f"nginx did not start:\n{output}")
            time.sleep(0.2)
        yield made
    finally:
        made.stop()
        shutil.rmtree(run_dir, ignore_errors=True)
