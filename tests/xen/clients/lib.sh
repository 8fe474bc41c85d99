# Helpers for client scripts (busybox sh in the test dom0). tests/xen/run
# puts this file in front of every CLIENT script. The runner's environment:
#   GUEST     the guest's domain name        CONSOLE   its console log (grows)
#   GUEST_IP  its amphi.ip= address, if any  DOM0_IP   10.0.3.1 (bridge xenbr0)
#   JOB       the job's directory (tests/lib/cases.py's files: input...)
# netcheck (tests/xen/netcheck.c) is on PATH. The script's exit status is the
# test's: 0 passes. Afterwards the runner shuts the guest down.
PATH=/amphi/bin:$PATH

# wait_console REGEX SECONDS — until the guest's console has a matching line
wait_console() {
	n=$(($2 * 5))
	while [ $n -gt 0 ]; do
		grep -Eq -- "$1" "$CONSOLE" 2>/dev/null && return 0
		usleep 200000
		n=$((n - 1))
	done
	echo "FAIL: no console line matching '$1' within $2 s"
	return 1
}

# guest_ip SECONDS — print the guest's IPv4 address: GUEST_IP, or the one
# its console reports (a DHCP lease: "... up: <netif> A.B.C.D/N ...")
guest_ip() {
	if [ -n "${GUEST_IP:-}" ]; then echo "$GUEST_IP"; return 0; fi
	wait_console ' up: [^ ]+ [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/' "$1" >/dev/null || return 1
	grep -Eo ' up: [^ ]+ [0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/' "$CONSOLE" | tail -1 | sed 's/.* \([0-9.]*\)\//\1/'
}

# check DESCRIPTION CMD... — run CMD and say ok, or say FAIL and end the
# script (status 1): the first failure decides, and against a wedged guest
# every later step would only wait out its own timeout
check() {
	desc=$1
	shift
	if "$@"; then echo "ok: $desc"; else echo "FAIL: $desc (exit $?)"; exit 1; fi
}
