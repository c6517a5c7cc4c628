#!/bin/sh
# Runs our engine's `bench` and the PyTorch/FAISS peer (bench/peer.py) one after the other and prints
# a Markdown table: name | unit | ours | peer | ratio (ours/peer). Builds nothing.
# Usage: bench/compare.sh [--quick] [--only PREFIX] [--ann-index INDEX]   (from anywhere; paths are relative to the project root)
#   --only PREFIX: only the measurements whose names start with PREFIX (e.g. embed.), on both sides
#   --ann-index INDEX: the ann. rows on a gallery index's embeddings instead of synthetic rows, on both sides
#   CMPNAS_JAR: the jar to measure, if not target/cmpnas-workbench.jar
set -u
cd "$(dirname "$0")/.." || exit 1
PY=/usr/bin/python3   # Debian's python: it has python3-torch and python3-faiss (the pyenv one does not)
JAR="${CMPNAS_JAR:-target/cmpnas-workbench.jar}"
# Both sides run libtorch on OpenMP: let idle threads sleep rather than spin (see bench/README.md).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
QUICK=""
ONLY=""
ANN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=--quick ;;
    --only) [ $# -ge 2 ] || { echo "usage: $0 [--quick] [--only PREFIX] [--ann-index INDEX]" >&2; exit 2; }; ONLY="--only=$2"; shift ;;
    --ann-index) [ $# -ge 2 ] || { echo "usage: $0 [--quick] [--only PREFIX] [--ann-index INDEX]" >&2; exit 2; }; ANN="--ann-index=$2"; shift ;;
    *) echo "usage: $0 [--quick] [--only PREFIX] [--ann-index INDEX]" >&2; exit 2 ;;
  esac
  shift
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo '[]' >"$tmp/ours.json"
: >"$tmp/ours.err"
note=""
ours_load=""

if [ ! -f "$JAR" ]; then
  note="$JAR not found (build it with \`mvn -q package\`): only the peer was run."
else
  echo "running: java -jar $JAR bench --json $QUICK $ONLY $ANN" >&2
  ours_load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
  java -jar "$JAR" bench --json $QUICK $ONLY $ANN >"$tmp/ours.out" 2>"$tmp/ours.err"
  rc=$?
  if [ $rc -eq 0 ]; then
    cp "$tmp/ours.out" "$tmp/ours.json"
  elif grep -q "Unmatched argument.*'bench'" "$tmp/ours.err"; then
    note="this $JAR has no \`bench\` command yet: only the peer was run."
  else
    note="\`java -jar $JAR bench\` failed (exit $rc); its stderr was printed above the table."
    tail -n 20 "$tmp/ours.err" >&2
  fi
fi

echo "running: $PY bench/peer.py --json $QUICK $ONLY $ANN" >&2
if ! $PY bench/peer.py --json $QUICK $ONLY $ANN >"$tmp/peer.json" 2>"$tmp/peer.err"; then
  cat "$tmp/peer.err" >&2
  echo "bench/peer.py failed" >&2
  exit 1
fi

NOTE="$note" OURS_LOAD="$ours_load" JAVA_VERSION="$(java -version 2>&1 | head -n 1)" \
  $PY - "$tmp/ours.json" "$tmp/peer.json" "$tmp/peer.err" <<'EOF'
import datetime, json, os, sys

def results(path):
    """The JSON array of {name, unit, value} in a command's stdout (log lines around it are skipped)."""
    text, decoder = open(path).read(), json.JSONDecoder()
    for i, ch in enumerate(text):
        if ch == "[":
            try:
                rows = decoder.raw_decode(text, i)[0]
            except ValueError:
                continue
            if isinstance(rows, list) and all(isinstance(r, dict) and "name" in r for r in rows):
                return {r["name"]: r for r in rows}
    return {}

ours, peer = results(sys.argv[1]), results(sys.argv[2])
info = {}
for line in open(sys.argv[3]):
    if line.startswith("{"):
        info = json.loads(line)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
versions = info.get("versions", {})
print(f"## Benchmark, {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n")
print(f"- machine: {os.cpu_count()} cores (nproc), {cpu}; load average when ours started: "
      f"{', '.join(os.environ.get('OURS_LOAD', '').split()) or '–'}; when the peer started: "
      f"{', '.join(f'{x:.2f}' for x in info.get('machine', {}).get('loadavg_at_start', []))}")
print(f"- ours: {os.environ['JAVA_VERSION']}; OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')} for both")
print(f"- peer: torch {versions.get('torch')}, faiss {versions.get('faiss')}, numpy {versions.get('numpy')}, "
      f"BLAS {', '.join(versions.get('blas', [])) or '?'}")
if os.environ.get("NOTE"):
    print(f"- note: {os.environ['NOTE']}")
print("\n| name | unit | ours | peer | ratio (ours/peer) |\n|---|---|---:|---:|---:|")
for name in list(ours) + [n for n in peer if n not in ours]:
    o, p = ours.get(name), peer.get(name)
    unit = (o or p)["unit"]
    if o and p and o["unit"] != p["unit"]:
        unit = f"{o['unit']} vs {p['unit']} (!)"
    ratio = f"{o['value'] / p['value']:.2f}" if o and p and p["value"] else "–"
    cell = lambda r: (f"{r['value']:,.1f}" if abs(r["value"]) >= 100 else f"{r['value']:.4g}") if r else "–"
    print(f"| {name} | {unit} | {cell(o)} | {cell(p)} | {ratio} |")
EOF
