#!/bin/sh
# The whole workbench on a colour image folder at 64 px, timing every step: a gallery model, a small
# model alone and compatibility-trained, their evaluations, and a small CMP-NAS pipeline (supernet,
# search, export of one budget, evaluation). The folder: tools/make_colour_folder.py (5,000 JPEGs).
# Usage: bench/colour-pipeline.sh FOLDER STORE     (prints one "step seconds" line a step, then the evaluations)
set -eu
cd "$(dirname "$0")/.."
folder=$1 store=$2
budgets=1M,1.5M,2.4M
step() { # step NAME COMMAND...: runs it, prints its wall time, returns its last line (a run id)
  name=$1
  shift
  t=$(date +%s)
  id=$("$@" --store "$store" | tail -n 1)
  echo "$name $(( $(date +%s) - t ))s $id" >&2
  echo "$id"
}
G=$(step "train resnet-g" ./cmpnas train --arch resnet-g --data "$folder" --image-size 64)
Q=$(step "train resnet-q" ./cmpnas train --arch resnet-q --data "$folder" --image-size 64)
C=$(step "train resnet-q bct+l2" ./cmpnas train --arch resnet-q --data "$folder" --image-size 64 --loss bct+l2 --gallery "$G")
for pair in "$G $G" "$Q $Q" "$Q $G" "$C $C" "$C $G"; do
  set -- $pair
  step "evaluate $1 $2" ./cmpnas evaluate --query "$1" --gallery "$2" --json >/dev/null
done
S=$(step "supernet" ./cmpnas supernet --gallery "$G" --budgets "$budgets")
P=$(step "search" ./cmpnas search --supernet "$S" --budgets "$budgets")
E=$(step "export 1.5M" ./cmpnas export --search "$P" --budget 1.5M --finetune-epochs 8)
step "evaluate export" ./cmpnas evaluate --query "$E" --gallery "$G" >/dev/null
for pair in "$G $G" "$Q $Q" "$Q $G" "$C $C" "$C $G" "$E $E" "$E $G"; do
  set -- $pair
  ./cmpnas evaluate --query "$1" --gallery "$2" --json --store "$store" | tail -n 1
done
