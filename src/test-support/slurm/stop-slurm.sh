#!/bin/sh
# Stops the cluster start-slurm.sh started under $1.
base=$1
for pid in "$base/slurmd.pid" "$base/slurmctld.pid" "$base/munge/munged.pid"; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
done
exit 0
