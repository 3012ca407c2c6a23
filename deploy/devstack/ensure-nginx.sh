#!/usr/bin/env bash
# Makes sure nginx, the API gateway of the local platform, is installed, the way mvnw makes sure of Maven: when it
# is missing and this runs as root on a machine with apt-get, it installs Debian's nginx package, saying so;
# otherwise it says what to install and exits 1 (the platform then starts without its gateway).
#   deploy/devstack/ensure-nginx.sh [name to print]      # used by ./platform.sh and .ci/run
#   deploy/devstack/ensure-nginx.sh --check              # only whether it is installed (exit 0 or 1), silently
set -euo pipefail
who=${1:-ensure-nginx}

# where the launcher looks for it (Gateway.nginx()): the usual places, then the PATH
have_nginx() {
    local candidate dirs
    IFS=: read -ra dirs <<< "${PATH:-}"
    for candidate in /usr/sbin/nginx /usr/local/sbin/nginx /usr/local/nginx/sbin/nginx "${dirs[@]/%//nginx}"; do
        if [ "$candidate" != /nginx ] && [ -f "$candidate" ] && [ -x "$candidate" ]; then return 0; fi
    done
    return 1
}

if have_nginx; then
    exit 0
fi
if [ "$who" = --check ]; then
    exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$who: nginx (the API gateway) is missing; installing Debian's nginx package (apt-get install nginx) ..." >&2
    echo "$who: (the platform runs its own nginx with its own configuration on its own port; where an init system" \
        "runs services, Debian's package also starts its default site on port 80: 'systemctl disable --now nginx'" \
        "stops that one)" >&2
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; then
        if have_nginx; then
            echo "$who: nginx installed." >&2
            exit 0
        fi
    fi
    echo "$who: installing nginx failed (see apt-get's messages above); the gateway will be missing." >&2
    exit 1
fi
echo "$who: nginx (the API gateway) is not installed, and this is not a root shell with apt-get to install it." >&2
echo "$who: install it (e.g. 'sudo apt-get install nginx', or your system's nginx package); without it the" \
    "platform starts without its gateway at http://127.0.0.1:${DEVSTACK_GATEWAY_PORT:-18000} and the services answer" \
    "only on their own ports." >&2
exit 1
