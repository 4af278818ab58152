"""A throwaway PostgreSQL 15 cluster for the benchmarks, started as the tests start theirs:
initdb and pg_ctl as the postgres user (PostgreSQL refuses root) in a temp folder, on a free port
of 127.0.0.1, stopped and removed afterwards."""
import os, shutil, socket, subprocess, tempfile

PG = os.environ.get("ORCHESTRATOR_PG_BIN", "/usr/lib/postgresql/15/bin")


def as_postgres(args, **kw):
    prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, text=True, **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """`with Cluster() as pg:` starts the server; `pg.psql` runs SQL; `pg.url(db)` names a database."""

    def __enter__(self):
        self.work = tempfile.mkdtemp(prefix="pgbench-")
        if os.getuid() == 0:
            shutil.chown(self.work, "postgres", "postgres")
        self.port = free_port()
        self.data = self.work + "/data"
        as_postgres([PG + "/initdb", "-D", self.data, "-U", "postgres", "--auth-local=trust", "--auth-host=trust",
                     "--no-sync", "-E", "UTF8", "--locale=C"])
        as_postgres([PG + "/pg_ctl", "-D", self.data, "-l", self.work + "/log", "-w", "-o",
                     f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.work}", "start"])
        self.psql = [PG + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
        return self

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create(self, database):
        subprocess.run(self.psql + ["-c", f"CREATE DATABASE {database}"], check=True)
        return self.url(database)

    def query(self, database, sql):
        """Rows of `sql` as lists of strings (tab-separated output)."""
        out = subprocess.run(self.psql + ["-d", database, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def __exit__(self, *exc):
        as_postgres([PG + "/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.work, ignore_errors=True)
