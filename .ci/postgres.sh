# Start a private PostgreSQL server for the tests and export TEST_DATABASE_URL.
# Source it (`. .ci/postgres.sh`): idempotent, quick when the server already runs, and it
# recovers from a stale postmaster.pid (a killed server, or its PID reused by another program).
# Settings: PG_PORT (below 32768: higher ports are the kernel's ephemeral range), PG_DIR,
# PG_USER, PG_PASS, PG_DB.

PG_PORT=${PG_PORT:-15432}
PG_DIR=${PG_DIR:-/tmp/kurs-pg}
PG_USER=${PG_USER:-kurs}
PG_PASS=${PG_PASS:-kurs}
PG_DB=${PG_DB:-kurs_test}

_pg_main() {
    local bin pid i
    if [ -z "$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null)" ]; then
        echo "postgres.sh: installing PostgreSQL" >&2
        timeout 600 apt-get -o Acquire::Retries=3 update -qq || return 1
        timeout 600 apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends postgresql >/dev/null || return 1
    fi
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    _pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

    if [ ! -s "$PG_DIR/data/PG_VERSION" ]; then
        rm -rf "$PG_DIR"
        mkdir -p "$PG_DIR"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
        _pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null || return 1
    fi

    # a postmaster.pid whose process is gone, a zombie, or not postgres would block the start
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
        for i in 1 2 3 4 5 6 7 8 9 10; do
            [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] || break
            sleep 0.5
        done
        if ! ps -o comm= -p "$pid" 2>/dev/null | grep -q postgres; then
            rm -f "$PG_DIR/data/postmaster.pid"
        fi
    fi

    if ! _pg "$bin/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; then
        for i in 1 2 3 4 5; do
            # the server outlives the caller: it must not inherit the caller's descriptors (a script's
            # lock on fd 9, held by the server, would never be released)
            _pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 start \
                -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
                >/dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- && break
            [ "$i" = 5 ] && { tail -n 20 "$PG_DIR/server.log" >&2; return 1; }
            sleep 1
        done
    fi

    _pg psql -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
        -v user="$PG_USER" -v pass="$PG_PASS" -v db="$PG_DB" >/dev/null <<'SQL' || return 1
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'user', :'pass') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

if _pg_main; then
    # pooled, as Kurs should run on PostgreSQL: a new connection per request costs 10-20 ms here
    export TEST_DATABASE_URL="postgresql+pool://$PG_USER:$PG_PASS@127.0.0.1:$PG_PORT/$PG_DB?max_connections=20&stale_timeout=300"
    echo "PostgreSQL ready: TEST_DATABASE_URL=$TEST_DATABASE_URL"
else
    echo "postgres.sh: could not start PostgreSQL (log: $PG_DIR/server.log)" >&2
    false
fi
