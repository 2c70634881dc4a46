"""A throwaway PostgreSQL server for tests and benchmarks: Debian's initdb + pg_ctl in a temporary folder,
on a free 127.0.0.1 port, trust authentication, no fsync. As root it runs as ``postgres`` (or ``nobody``),
because initdb refuses to run as root."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    bin: Path
    root: Path
    port: int
    run_as: str | None

    def command(self, *args: str) -> list[str]:
        return (["runuser", "-u", self.run_as, "--"] if self.run_as else []) + list(args)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Start the server (again, after ``kill``), waiting until it accepts connections."""
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -F -c fsync=off -c full_page_writes=off"
        data = str(self.root / "data")
        subprocess.run(
            self.command(
                str(self.bin / "pg_ctl"),
                "-D",
                data,
                "-o",
                options,
                "-l",
                str(self.root / "log"),
                "-w",
                "start",
            ),
            check=True,
            capture_output=True,
        )

    def kill(self) -> None:
        """Stop the server at once, as a crash or a pulled plug would (the data stays for ``start``)."""
        subprocess.run(
            self.command(str(self.bin / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "stop"),
            check=True,
            capture_output=True,
        )

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres") as conn:
            conn.autocommit = True
            conn.execute(sql)  # type: ignore[call-overload]


def start_postgres(bin_dir: Path) -> PostgresServer:
    run_as = None
    root = Path(tempfile.mkdtemp(prefix="decision_tool_pg_"))
    if os.geteuid() == 0:
        run_as = "postgres" if _user_exists("postgres") else "nobody"
        shutil.chown(root, user=run_as)
    server = PostgresServer(bin_dir, root, _free_port(), run_as)
    data = root / "data"
    subprocess.run(
        server.command(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        ),
        check=True,
        capture_output=True,
    )
    server.start()
    return server


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def stop_postgres(server: PostgresServer) -> None:
    subprocess.run(
        server.command(
            str(server.bin / "pg_ctl"), "-D", str(server.root / "data"), "-m", "immediate", "stop"
        ),
        capture_output=True,
    )
    shutil.rmtree(server.root, ignore_errors=True)
