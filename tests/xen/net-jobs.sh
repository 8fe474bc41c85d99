# net_jobs TYPE [SUFFIX] (sourced by tests/xen/jobs and pvh-net.jobs): the
# network jobs for a TYPE guest on bridge xenbr0 (dom0 10.0.3.1): httpd,
# 4 pages x 125 checked GETs; echo, 4 x 2 MiB of TCP and 2,000 datagrams;
# then the vif detached and re-attached. KNOWN and KNOWN_IF pass through.
# 15-100 s a job nested in TCG, depending on the host's load (a round trip
# takes 1-30 ms); netcheck fails within 10 s when the guest stops answering.
net_jobs() {
	local type=$1 sfx=${2:-} gw=amphi.gw=10.0.3.1
	OPTS="amphi.ip=10.0.3.10/24 $gw" ARGS=80 TIMEOUT=180 CLIENT=tests/xen/clients/httpd.sh \
		CLIENT_ENV="HTTP_COUNT=125" \
		job "httpd-$type$sfx" httpd "$type" 0 'httpd: listening on port 80'
	OPTS="amphi.ip=10.0.3.11/24 $gw" ARGS=7 TIMEOUT=180 CLIENT=tests/xen/clients/echo.sh \
		CLIENT_ENV="TCP_BYTES=2097152 TCP_CONNS=4 UDP_COUNT=2000" \
		job "echo-$type$sfx" echo "$type" 0 'echo: listening on port 7'
	OPTS="amphi.ip=10.0.3.12/24 $gw" ARGS=7 TIMEOUT=60 CLIENT=tests/xen/clients/reattach.sh \
		job "vif-reattach-$type$sfx" echo "$type" 0 'echo: listening on port 7'
}
