#!/usr/bin/env bash
# Peer comparison: the same synthetic corpus and questions as `nichiro-bench`, through the bm25s
# Python package (BM25 over NumPy/SciPy sparse matrices), reporting per-query latency and
# nichiro's speed as a ratio. Not part of `cargo test`: it installs packages and takes minutes.
#
#   scripts/peer_bm25.sh                  # 100,000 passages: nichiro-bench, then bm25s
#   PASSAGES=20000 scripts/peer_bm25.sh   # another size
#   REUSE=1 scripts/peer_bm25.sh          # keep the nichiro figures of the previous run
#   NICE=-15 scripts/peer_bm25.sh         # both at a higher priority (root), on a busy machine
#
# Both sides run back to back so they see the same machine; compare only figures taken so.
# The virtualenv lives in target/peer-venv (kept between runs, removed by `cargo clean`).
set -euo pipefail
cd "$(dirname "$0")/.."

PASSAGES="${PASSAGES:-100000}"
VENV="target/peer-venv"
OUT="target/peer"
mkdir -p "$OUT"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check bm25s PyStemmer numpy scipy

# nichiro's figures on the same corpus; the JSON also says where the corpus and questions are.
NICHIRO_JSON="${NICHIRO_JSON:-$OUT/nichiro-bench-$PASSAGES.json}"
PRIORITY=()
if [ -n "${NICE:-}" ]; then
    PRIORITY=(nice -n "$NICE")
fi
cargo build --release --workspace --quiet
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$NICHIRO_JSON" ]; then
    "${PRIORITY[@]}" target/release/nichiro-bench --passages "$PASSAGES" --import-pages 0 --json > "$NICHIRO_JSON"
fi

"${PRIORITY[@]}" "$VENV/bin/python" scripts/peer_bm25.py --nichiro-json "$NICHIRO_JSON" \
    --out "$OUT/peer-bm25s-$PASSAGES.json" "$@"
