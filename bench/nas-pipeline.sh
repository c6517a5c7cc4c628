#!/bin/sh
# One CMP-NAS pipeline on the full protocol, as the ablation in docs/results.md runs it: supernet ->
# search over five budgets -> export of one budget's subnet with fine-tuning -> test-protocol evaluation
# against the gallery. Prints each step's wall time and the evaluation as JSON lines.
# Usage: bench/nas-pipeline.sh LABEL GALLERY_RUN "SUPERNET OPTIONS" EXPORT_BUDGET FINETUNE_EPOCHS
#   e.g. bench/nas-pipeline.sh budget-aware 20261126-152110-927d "--loss bct+l2 --limit 8000" 1M 8
#   CMPNAS_STORE: the run store (it must hold the gallery run)
set -eu
cd "$(dirname "$0")/.."
label=$1 gallery=$2 supernet_options=$3 budget=$4 finetune=$5
budgets=0.5M,0.75M,1M,1.5M,2.4M
run() { # the last line a command prints is its run id
  "$@" | tail -n 1
}
t0=$(date +%s)
# shellcheck disable=SC2086
supernet=$(run ./cmpnas supernet --gallery "$gallery" $supernet_options --name "supernet $label")
t1=$(date +%s)
search=$(run ./cmpnas search --supernet "$supernet" --budgets "$budgets" --name "search $label")
t2=$(date +%s)
export_run=$(run ./cmpnas export --search "$search" --budget "$budget" --finetune-epochs "$finetune" --name "searched $budget $label")
t3=$(date +%s)
./cmpnas evaluate --json --query "$export_run" --gallery "$gallery" >"/tmp/nas-pipeline-$$.json"
./cmpnas evaluate --json --query "$export_run" --gallery "$export_run" >"/tmp/nas-pipeline-$$-qq.json"
echo "{\"label\": \"$label\", \"supernet\": \"$supernet\", \"search\": \"$search\", \"export\": \"$export_run\", \"supernet_s\": $((t1 - t0)), \"search_s\": $((t2 - t1)), \"export_s\": $((t3 - t2)), \"QG\": $(cat /tmp/nas-pipeline-$$.json), \"QQ\": $(cat /tmp/nas-pipeline-$$-qq.json)}"
rm -f "/tmp/nas-pipeline-$$.json" "/tmp/nas-pipeline-$$-qq.json"
