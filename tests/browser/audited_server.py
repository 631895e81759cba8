"""Run the app's real server in this process, watched by an audit hook: `streamlit run` with a witness.

    python tests/browser/audited_server.py app.py --server.port 8765 --server.address 127.0.0.1

It installs `sys.addaudithook` before Streamlit is imported, then runs Streamlit's own command line
in-process (`streamlit.web.cli.main`), so every file the server opens for writing, every file it renames or
removes, every process it starts and every network connection it opens or name it looks up passes the hook.
The server's child processes (the PDF build workers) install the same hook when they start
(audit_children/sitecustomize.py, found first on PYTHONPATH) and print their own report when they exit.
The hook only appends to a list in memory. When the server exits (SIGTERM or SIGINT, as Streamlit handles
them), the list is printed to stderr as one line, `AUDIT-REPORT <json>`: this wrapper writes no file of its
own. tests/browser/test_privacy.py reads that line.

Each record is {"t": unix time, "event": audit event name, ...details}; for writes, "path" (absolute) and
"mode"/"flags"; for connections, "address" (host, port) or a socket path.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import threading
import time
from typing import Any

REPORT_PREFIX = "AUDIT-REPORT "

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_FILE_EVENTS = frozenset(
    {
        "os.rename",  # also os.replace
        "os.remove",  # also os.unlink
        "os.mkdir",
        "os.rmdir",
        "os.truncate",
        "os.link",
        "os.symlink",
        "os.mkfifo",
        "os.mknod",
        "os.chmod",
        "os.chown",
        "shutil.copyfile",
        "shutil.copytree",
        "shutil.copymode",
        "shutil.copystat",
        "shutil.move",
        "shutil.rmtree",
        "shutil.make_archive",
        "shutil.unpack_archive",
        "tempfile.mkstemp",
        "tempfile.mkdtemp",
        "sqlite3.connect",
        "dbm.open",
        "shelve.open",
    }
)
_PROCESS_EVENTS = frozenset({"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork"})
_NET_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.bind",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
        "http.client.connect",
        "urllib.Request",
        "ftplib.connect",
        "smtplib.connect",
        "poplib.connect",
        "imaplib.open",
        "nntplib.connect",
        "telnetlib.Telnet.open",
        "webbrowser.open",
    }
)

EVENTS: list[dict[str, Any]] = []
_recording = threading.local()


def _text(value: Any) -> Any:
    """A JSON-friendly copy of an audit argument (paths as text, addresses as lists)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, tuple | list):
        return [_text(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return repr(value)[:300]


def _path(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        try:
            return os.path.abspath(value)
        except (ValueError, OSError):
            return value
    return value


def _writes(mode: Any, flags: Any) -> bool:
    if isinstance(mode, str) and any(c in mode for c in "wax+"):
        return True
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _record(event: str, args: tuple[Any, ...]) -> dict[str, Any] | None:
    if event == "open":
        path, mode, flags = (*tuple(args), None, None, None)[:3]
        if not _writes(mode, flags):
            return None
        return {"path": _path(path), "mode": _text(mode), "flags": flags}
    if event in _FILE_EVENTS:
        return {"args": [_path(a) if isinstance(a, str | bytes | os.PathLike) else _text(a) for a in args]}
    if event in _PROCESS_EVENTS:
        return {"args": _text(args)[:2]}
    if event in ("socket.connect", "socket.sendto", "socket.bind"):
        sock, address = args[0], args[1]
        family = getattr(sock, "family", None)
        return {"address": _text(address), "family": getattr(family, "name", _text(family))}
    if event == "socket.sendmsg":
        return {"address": _text(args[1]) if len(args) > 1 else None}
    if event in _NET_EVENTS:
        return {"args": _text(args)[:3]}
    return None


def audit(event: str, args: tuple[Any, ...]) -> None:
    """The hook: keep what writes, deletes, spawns or connects; never raise, never write."""
    if event != "open" and event not in _FILE_EVENTS and event not in _PROCESS_EVENTS and event not in _NET_EVENTS:
        return
    if getattr(_recording, "busy", False):
        return
    _recording.busy = True
    try:
        details = _record(event, args)
        if details is not None:
            EVENTS.append({"t": time.time(), "event": event, **details})
    except Exception as error:  # the hook must never break the server; keep the failure visible instead
        EVENTS.append({"t": time.time(), "event": event, "hook_error": repr(error)[:300]})
    finally:
        _recording.busy = False


def report() -> None:
    """Print every recorded event as one line on stderr (the only output this wrapper makes)."""
    line = REPORT_PREFIX + json.dumps({"pid": os.getpid(), "events": list(EVENTS)}, ensure_ascii=True)
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def install() -> None:
    """Install the hook and the report at exit (the server here; its build workers through
    audit_children/sitecustomize.py, so their own files, processes and connections are watched too)."""
    sys.addaudithook(audit)
    atexit.register(report)


def main() -> None:
    """Install the hook, then hand over to `streamlit run` with this script's arguments."""
    install()
    here = os.path.dirname(os.path.abspath(__file__))
    children = os.path.join(here, "audit_children")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (children, os.environ.get("PYTHONPATH")) if p)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]  # run the app as `streamlit run` would
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    from streamlit.web import cli

    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
