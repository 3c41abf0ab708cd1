#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine (Debian's slurmctld, slurmd, munge), for the
# tests and for trying `timescales make --executor slurm`.
#
#   scripts/slurm-localhost.sh up       install (if missing) and start munged, slurmctld, slurmd;
#                                       returns once a probe job has run
#   scripts/slurm-localhost.sh down     cancel every job, stop the daemons (by their PID files)
#   scripts/slurm-localhost.sh status   what is running
#
# Needs root (it installs packages and starts daemons). No systemd is needed or used. State,
# spool, logs, PID files and the cluster's slurm.conf live in $TIMESCALES_SLURM_DIR (default
# /var/lib/timescales-slurm), independent of any project. /etc/slurm/slurm.conf is made a link to
# that slurm.conf if it does not exist; otherwise export SLURM_CONF=$TIMESCALES_SLURM_DIR/slurm.conf.
set -euo pipefail

DIR=${TIMESCALES_SLURM_DIR:-/var/lib/timescales-slurm}
CONF=$DIR/slurm.conf
export SLURM_CONF=$CONF
NODE=$(hostname -s)
T="timeout 10"

log() { echo "slurm-localhost: $*" >&2; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=()
  for p in slurmctld slurmd slurm-client munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || { log "run as root to install ${missing[*]}"; exit 1; }
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
}

write_conf() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/log" "$DIR/run"
  local cpus mem
  cpus=$(nproc)
  # RealMemory at or below the real value (claiming more drains the node); leave some headroom.
  mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)
  mem=$(( ${mem:-2048} * 9 / 10 ))
  cat > "$CONF.tmp" <<EOF
# Written by scripts/slurm-localhost.sh: a single-node cluster on $NODE.
ClusterName=localhost
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SlurmctldPort=6817
SlurmdPort=6818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
# A job asking for more than the partition has is refused by sbatch (instead of pending forever).
EnforcePartLimits=ALL
# Keep finished jobs' records (a dependency on an unknown id counts as satisfied).
MinJobAge=86400
MaxJobCount=100000
SlurmdTimeout=300
InactiveLimit=0
KillWait=5
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.tmp" "$CONF"
  mkdir -p /etc/slurm
  if [ ! -e /etc/slurm/slurm.conf ] && [ ! -L /etc/slurm/slurm.conf ]; then
    ln -s "$CONF" /etc/slurm/slurm.conf
  elif [ "$(readlink /etc/slurm/slurm.conf || true)" != "$CONF" ]; then
    log "note: /etc/slurm/slurm.conf is not this cluster's; export SLURM_CONF=$CONF"
  fi
}

start_munge() {
  if pid_alive "$DIR/run/munged.pid"; then return 0; fi
  chmod 0700 /etc/munge
  [ -f /etc/munge/munge.key ] || { log "no /etc/munge/munge.key (reinstall munge)"; exit 1; }
  chown munge:munge /etc/munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  chmod 0755 /run/munge
  rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  # Daemons get no stdin/stdout of ours: a caller reading our output to its end must not wait for them.
  su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=/run/munge/munged.pid --force" </dev/null >>"$DIR/log/munged.out" 2>&1
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  cp /run/munge/munged.pid "$DIR/run/munged.pid"
}

up() {
  install_packages
  write_conf
  start_munge
  if ! pid_alive "$DIR/run/slurmctld.pid"; then
    /usr/sbin/slurmctld -f "$CONF" </dev/null >>"$DIR/log/slurmctld.out" 2>&1
  fi
  if ! pid_alive "$DIR/run/slurmd.pid"; then
    /usr/sbin/slurmd -f "$CONF" -N "$NODE" </dev/null >>"$DIR/log/slurmd.out" 2>&1
  fi
  # "idle" in sinfo is not readiness: the first scheduling pass comes a few seconds after
  # slurmctld starts. Submit a probe job and wait for it to complete.
  local id="" state=""
  for _ in $(seq 100); do
    id=$($T sbatch --parsable -J probe -o /dev/null --wrap true 2>/dev/null) && break
    sleep 0.2
  done
  [ -n "$id" ] || { log "the controller does not accept jobs; see $DIR/log/slurmctld.log"; exit 1; }
  for _ in $(seq 300); do
    state=$($T squeue --states=all -h -j "$id" -o %T 2>/dev/null || true)
    [ "$state" = COMPLETED ] && break
    case $state in FAILED|CANCELLED|TIMEOUT|NODE_FAIL) log "probe job $id ended $state"; exit 1 ;; esac
    # A node left DOWN/DRAINED by an earlier run comes back here.
    $T scontrol update NodeName="$NODE" State=RESUME >/dev/null 2>&1 || true
    sleep 0.1
  done
  [ "$state" = COMPLETED ] || { log "probe job $id did not run (state ${state:-unknown}); see $DIR/log"; exit 1; }
  log "up: node $NODE, partition local (slurm.conf: $CONF)"
}

stop_pidfile() {
  local f=$1
  pid_alive "$f" || { rm -f "$f"; return 0; }
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

down() {
  # Job processes outlive slurmd: cancel every job first and wait for them to leave.
  if pid_alive "$DIR/run/slurmctld.pid"; then
    $T scancel --full --state=PENDING >/dev/null 2>&1 || true
    $T scancel --full >/dev/null 2>&1 || true
    for _ in $(seq 100); do
      [ -z "$($T squeue -h -t RUNNING,COMPLETING,PENDING -o %i 2>/dev/null || true)" ] && break
      sleep 0.1
    done
  fi
  stop_pidfile "$DIR/run/slurmd.pid"
  stop_pidfile "$DIR/run/slurmctld.pid"
  stop_pidfile "$DIR/run/munged.pid"
  log "down"
}

status() {
  local rc=0
  for d in munged slurmctld slurmd; do
    if pid_alive "$DIR/run/$d.pid"; then echo "$d running (pid $(cat "$DIR/run/$d.pid"))"; else echo "$d stopped"; rc=1; fi
  done
  if [ $rc -eq 0 ]; then $T sinfo -h -o "%P %t %D %C" | sed 's/^/partition /' || true; fi
  return $rc
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
