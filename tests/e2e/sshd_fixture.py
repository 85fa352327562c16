"""A throwaway OpenSSH server on 127.0.0.1 and a private tmux server, for end-to-end tests.

``start_sshd`` makes a host key, a user key and a config in a temporary folder and runs
``sshd -D -e`` on a free loopback port as the current user (root in CI). ``Tmux`` drives its own
tmux server (``tmux -L``), so the tests never touch a user's sessions. Anything missing raises
:class:`Unavailable`, whose message is the reason to skip.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SSHD_CANDIDATES = ("sshd", "/usr/sbin/sshd", "/usr/local/sbin/sshd")


class Unavailable(Exception):
    """sshd, ssh or tmux cannot run here; the message says why."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float, alive: Callable[[], bool] = lambda: True) -> bytes:
    """Connect until the port answers; returns the first bytes it sends (b"" if none)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise Unavailable(f"the server on port {port} exited before it listened")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.settimeout(1)
                try:
                    return conn.recv(64)
                except TimeoutError:
                    return b""
        except OSError:
            time.sleep(0.05)
    raise Unavailable(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f}s")


def forwarded_env() -> str:
    """``NAME=value`` words for a remote command: ssh carries no environment, so the same
    ``newsreader`` the tests import (say, from a PYTHONPATH checkout) needs them spelt out."""
    names = ("PYTHONPATH",)
    return " ".join(f"{n}={shlex.quote(os.environ[n])}" for n in names if os.environ.get(n))


def _find_sshd() -> str | None:
    for name in SSHD_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class SSHServer:
    """A running sshd: log in as ``user`` with ``key`` on 127.0.0.1:``port``."""

    port: int
    user: str
    key: Path
    process: subprocess.Popen[bytes]
    log: Path

    def ssh_argv(self, remote_command: str) -> list[str]:
        """``ssh -tt`` with a pseudo-terminal, never prompting, trusting the throwaway host."""
        return [
            "ssh",
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(self.key),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-p",
            str(self.port),
            f"{self.user}@127.0.0.1",
            remote_command,
        ]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""


def _keygen(path: Path) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "newsreader-e2e", "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


def start_sshd(folder: Path) -> SSHServer:
    """Start sshd on a free loopback port with keys and config in ``folder``."""
    sshd = _find_sshd()
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            raise Unavailable(f"{tool} is not installed (Debian: apt-get install openssh-client)")
    if sshd is None:
        raise Unavailable("sshd is not installed (Debian: apt-get install openssh-server)")
    if os.geteuid() == 0 and not Path("/run/sshd").is_dir():
        # sshd running as root insists on its privilege-separation directory.
        try:
            Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
        except OSError as exc:
            raise Unavailable(f"sshd needs /run/sshd, which cannot be made: {exc}") from exc
    folder.mkdir(parents=True, exist_ok=True)
    host_key, user_key = folder / "host_ed25519", folder / "user_ed25519"
    _keygen(host_key)
    _keygen(user_key)
    authorized = folder / "authorized_keys"
    authorized.write_text((folder / "user_ed25519.pub").read_text())
    authorized.chmod(0o600)
    user = getpass.getuser()
    last_error = ""
    for _attempt in range(3):
        port = free_port()
        config = folder / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    "ListenAddress 127.0.0.1",
                    f"Port {port}",
                    f"HostKey {host_key}",
                    f"PidFile {folder / 'sshd.pid'}",
                    f"AuthorizedKeysFile {authorized}",
                    f"AllowUsers {user}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "StrictModes no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "X11Forwarding no",
                    "AllowTcpForwarding local",  # ssh -L, for the serve tunnel
                    "LogLevel INFO",
                    "",
                ]
            )
        )
        log = folder / f"sshd-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sshd, "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = SSHServer(port, user, user_key, process, log)
        try:
            banner = wait_for_port(port, 10, alive=lambda: process.poll() is None)  # noqa: B023
        except Unavailable as exc:
            server.stop()
            said = server.log_text().strip()[-800:]
            last_error = f"{exc}; sshd said: {said}"
            if "in use" in said:
                continue  # another program took the free port first: try another
            if os.geteuid() == 0:
                # As root sshd can always run: a failure here is a bug in this fixture.
                raise RuntimeError(f"sshd did not start: {last_error}") from exc
            raise Unavailable(f"sshd cannot run as an ordinary user here: {last_error}") from exc
        if banner.startswith(b"SSH-"):
            return server
        server.stop()
        last_error = f"port {port} answered {banner!r}, not an SSH banner"
    raise RuntimeError(f"sshd did not start: {last_error}")


@dataclass
class Tmux:
    """A private tmux server with status bar off and OSC 52 accepted into its paste buffer."""

    folder: Path
    socket_name: str = field(default_factory=lambda: f"nr-e2e-{uuid.uuid4().hex[:10]}")

    def __post_init__(self) -> None:
        if shutil.which("tmux") is None:
            raise Unavailable("tmux is not installed (Debian: apt-get install tmux)")
        self.config = self.folder / "tmux.conf"
        self.config.write_text(
            "set -g status off\n"
            "set -g set-clipboard on\n"  # an app's OSC 52 lands in tmux's paste buffer
            "set -g remain-on-exit off\n"
            "set -g escape-time 10\n"
            "set -g history-limit 100\n"
        )

    def __call__(self, *args: str, check: bool = False) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket_name, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def new_session(
        self,
        name: str,
        argv: list[str],
        *,
        width: int = 80,
        height: int = 24,
        gate: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """Start ``argv`` in a detached session; the pane stays open afterwards and prints
        ``EXIT=<status>`` so a failure can be read from the screen. With ``gate``, ``argv``
        waits until that file exists (so :meth:`pipe_output` can be attached first)."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        line = " ".join(shlex.quote(a) for a in argv)
        wait = ""
        if gate is not None:
            wait = f"while [ ! -e {shlex.quote(str(gate))} ]; do sleep 0.01; done; "
        script = f"{wait}env {exports} {line}; echo EXIT=$?; sleep 60"
        self(
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(width),
            "-y",
            str(height),
            "-e",
            f"PATH={os.environ.get('PATH', '')}",
            script,
            check=True,
        )

    def screen(self, name: str) -> str:
        return self("capture-pane", "-p", "-t", name)

    def keys(self, name: str, *keys: str) -> None:
        self("send-keys", "-t", name, *keys)

    def wait_for(
        self, name: str, test: str | Callable[[str], bool], timeout: float = 20.0
    ) -> tuple[str, float]:
        """Poll the screen until ``test`` (text on screen, or a predicate) holds; returns the
        screen and the seconds it took."""
        start = time.monotonic()
        check = (lambda s: test in s) if isinstance(test, str) else test
        shown = ""
        while time.monotonic() - start < timeout:
            shown = self.screen(name)
            if check(shown):
                return shown, time.monotonic() - start
            time.sleep(0.02)
        raise AssertionError(f"{name}: {test!r} not on screen after {timeout:.0f}s:\n{shown}")

    def pipe_output(self, name: str, path: Path) -> None:
        """Append everything the pane's program writes (what came over the link) to ``path``."""
        self("pipe-pane", "-o", "-t", name, f"cat >> {shlex.quote(str(path))}", check=True)

    def buffer(self) -> str:
        """The newest paste buffer (set by an application's OSC 52 clipboard write)."""
        return self("show-buffer")

    def kill(self) -> None:
        self("kill-server")
