#!/bin/bash
# One urban-sdg batch plan as a Slurm job array: each array task computes its shard (shards are
# balanced by estimated cost), then `urban-sdg merge` combines the shard folders into exactly what
# one machine would have written. Submit from the folder that holds the manifest:
#
#   MANIFEST=country.yaml OUT=$PWD/run sbatch --array=0-7 slurm-array.sh
#   # when the array is done (or chain it: sbatch --dependency=afterok:<jobid> ...):
#   urban-sdg merge run/shard-* --out run/country
#
# The number of shards is the array's size (SLURM_ARRAY_TASK_COUNT); `--array=1-8` works too.
#SBATCH --job-name=urban-sdg
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --output=urban-sdg-%A_%a.log
set -euo pipefail
MANIFEST=${MANIFEST:?set MANIFEST to the batch manifest}
OUT=${OUT:?set OUT to the folder that receives one shard folder per array task}
URBAN_SDG=${URBAN_SDG:-urban-sdg}
status=0
$URBAN_SDG batch "$MANIFEST" --shard auto --out "$OUT/shard-$SLURM_ARRAY_TASK_ID" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet || status=$?
# Exit 3: some units failed and the others were written; merge lists them in failures.csv.
if [ "$status" -eq 3 ]; then exit 0; fi
exit "$status"
