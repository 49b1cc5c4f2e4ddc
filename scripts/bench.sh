#!/usr/bin/env bash
# Runs the benchmark (10,000, 100,000 and 1,000,000 claims, against raw rusqlite and the sqlite3
# shell) and writes BENCHMARKS.md. Takes about twenty minutes on two cores (about half an hour more with --postgres). Options go to
# claims-bench: e.g. `scripts/bench.sh --claims 100000` for a quick look, and
# `--postgres postgres://user@host:port/db` to run every size on PostgreSQL too, against psql
# (a new database bench_<pid>_... per size on that server, dropped at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v sqlite3 >/dev/null; then
  echo "note: no sqlite3 shell (Debian: apt install sqlite3): its rows will be skipped" >&2
fi
cargo build --release --bins --locked --quiet
exec target/release/claims-bench --report BENCHMARKS.md "$@"
