#!/bin/sh
# Starts a single-node Slurm cluster for the integration test: munged with its own key, slurmctld and
# slurmd on this host, all state, sockets and logs under $1, as the current user (Debian slurm-wlm).
# Prints the SLURM_CONF path. Stop it with stop-slurm.sh $1.
set -eu
base=$1
mkdir -p "$base/state" "$base/spool" "$base/log" "$base/munge"
chmod 700 "$base/munge"
host=$(hostname -s)
head -c 1024 /dev/urandom > "$base/munge/munge.key"
chmod 600 "$base/munge/munge.key"
cat > "$base/slurm.conf" <<CONF
ClusterName=usdg-test
SlurmctldHost=$host
AuthType=auth/munge
AuthInfo=socket=$base/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
SlurmctldPort=16817
SlurmdPort=16818
SlurmctldPidFile=$base/slurmctld.pid
SlurmdPidFile=$base/slurmd.pid
StateSaveLocation=$base/state
SlurmdSpoolDir=$base/spool
SlurmctldLogFile=$base/log/slurmctld.log
SlurmdLogFile=$base/log/slurmd.log
NodeName=$host CPUs=$(nproc) RealMemory=$(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
munged --force --socket="$base/munge/munge.socket" --pid-file="$base/munge/munged.pid" \
  --log-file="$base/log/munged.log" --seed-file="$base/munge/seed" --key-file="$base/munge/munge.key"
slurmctld -f "$base/slurm.conf"
slurmd -f "$base/slurm.conf"
echo "$base/slurm.conf"
