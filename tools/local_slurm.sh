#!/usr/bin/env bash
# A single-node SLURM cluster on this machine, for testing the SLURM profile (needs root).
#   tools/local_slurm.sh start   install slurm-wlm and munge if missing, write the config, start
#                                munged, slurmctld and slurmd directly (no systemd, no cgroups)
#   tools/local_slurm.sh stop    stop each daemon by its PID
# Daemon state and logs live in $SLURM_RUN_DIR (default /tmp/smmjourney-slurm).
set -euo pipefail
run_dir=${SLURM_RUN_DIR:-/tmp/smmjourney-slurm}

start() {
    if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
    fi
    mkdir -p "$run_dir"/{spool/ctld,spool/d,log} /etc/slurm
    [ -s /etc/munge/munge.key ] || { dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
    local cpus memory
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
    cat > /etc/slurm/slurm.conf <<CONF
ClusterName=smmjourney
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$run_dir/spool/ctld
SlurmdSpoolDir=$run_dir/spool/d
SlurmctldPidFile=$run_dir/slurmctld.pid
SlurmdPidFile=$run_dir/slurmd.pid
SlurmctldLogFile=$run_dir/log/slurmctld.log
SlurmdLogFile=$run_dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MinJobAge=300
DefMemPerCPU=1000
ReturnToService=2
NodeName=localhost CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    munged --force --num-threads=10
    slurmctld
    slurmd -N localhost
    for _ in $(seq 1 30); do
        if sinfo -h -o %T 2>/dev/null | grep -q -E '^idle'; then
            echo "local SLURM is up: $(sinfo -h -o '%P %D %T %c CPUs')"
            return 0
        fi
        sleep 1
    done
    echo "local SLURM did not come up; logs in $run_dir/log" >&2
    return 1
}

stop() {
    local pids=()
    for pid_file in "$run_dir/slurmd.pid" "$run_dir/slurmctld.pid" /run/munge/munged.pid; do
        [ -f "$pid_file" ] && pids+=("$(cat "$pid_file")")
    done
    [ ${#pids[@]} -eq 0 ] && return 0
    kill "${pids[@]}" 2>/dev/null || true
    # The daemons take a moment to shut down; wait for them, then end any that would not.
    for _ in $(seq 30); do
        local alive=()
        for pid in "${pids[@]}"; do running "$pid" && alive+=("$pid"); done
        [ ${#alive[@]} -eq 0 ] && return 0
        sleep 0.5
    done
    kill -9 "${alive[@]}" 2>/dev/null || true
}

# A process that exists and is not a zombie (exited, waiting for a parent that may never reap it).
running() {
    [ -r "/proc/$1/stat" ] && [ "$(sed 's/^.*) //' "/proc/$1/stat" | cut -c1)" != "Z" ]
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
