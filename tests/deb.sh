#!/bin/bash
# The Debian package, proved on this machine: install it with dpkg -i, run
# the installed cdesk from PATH (in Chinese), find both man pages, the
# catalogues, the completions and the sweep's units, then purge it and
# check it is gone. Needs root, and no cdesk package installed before.
#   bash tests/deb.sh path/to/cdesk_VERSION_ARCH.deb
set -u
deb=${1:?give the .deb}
problems=0
bad() {
	echo "deb: $*"
	problems=$((problems + 1))
}

if [ "$(id -u)" != 0 ]; then
	echo "deb: $deb built and lintian-clean; installing it needs root: skipped"
	exit 0
fi
if dpkg-query -W -f='${Status}' cdesk 2>/dev/null | grep -q "ok installed"; then
	echo "deb: a cdesk package is installed already; not replacing it to test $deb"
	exit 1
fi

dpkg -i "$deb" >/dev/null || { echo "deb: dpkg -i $deb failed"; exit 1; }
trap 'dpkg --purge cdesk >/dev/null 2>&1' EXIT

tmp=$(mktemp -d)
# From PATH, with no build tree near: the catalogues come from /usr/share/locale.
out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin HOME="$tmp" LANGUAGE=zh_CN LANG=zh_CN.UTF-8 cdesk --help 2>&1)
case "$out" in
*用法*命令*) ;;
*) bad "cdesk --help in zh_CN is not Chinese: $(echo "$out" | head -2)" ;;
esac
[ "$(command -v cdesk)" = /usr/bin/cdesk ] || bad "cdesk on PATH is $(command -v cdesk), not /usr/bin/cdesk"
out=$(cd "$tmp" && env -i PATH=/usr/bin:/bin HOME="$tmp" cdesk --db "$tmp/t.db" --now 2026-09-28T10:00 new \
	--channel phone --description --json 2>/dev/null)
[ "$out" = 1 ] || bad "cdesk new with a flag-like value did not record complaint 1: $out"
for page in cdesk cdesk.yaml; do
	man -w "$page" >/dev/null 2>&1 || bad "man -w $page finds no page"
done
for f in /usr/share/locale/zh_CN/LC_MESSAGES/cdesk.mo /usr/share/locale/en/LC_MESSAGES/cdesk.mo \
	/usr/share/cdesk/cdesk.yaml /usr/share/bash-completion/completions/cdesk \
	/usr/share/zsh/vendor-completions/_cdesk /lib/systemd/system/cdesk-sweep.service \
	/lib/systemd/system/cdesk-sweep.timer; do
	[ -f "$f" ] || bad "$f is not installed"
done
[ -e /etc/cdesk/config.yaml ] && bad "/etc/cdesk/config.yaml is installed: it is the admin's to write"
getent passwd cdesk >/dev/null || bad "the system user cdesk was not made"
words=$(bash -c '. /usr/share/bash-completion/completions/cdesk
	COMP_WORDS=(cdesk sw); COMP_CWORD=1; _cdesk; echo "${COMPREPLY[*]}"' 2>&1)
[ "$words" = sweep ] || bad "bash completion of 'cdesk sw' gave '$words', not 'sweep'"
# The sweep as the service runs it.
if command -v runuser >/dev/null; then
	runuser -u cdesk -- cdesk --db /var/lib/cdesk/cdesk.db --as sweep sweep >/dev/null 2>&1 ||
		bad "cdesk sweep as the user cdesk on /var/lib/cdesk/cdesk.db failed"
	rm -f /var/lib/cdesk/cdesk.db /var/lib/cdesk/cdesk.db-wal /var/lib/cdesk/cdesk.db-shm
fi
rm -rf "$tmp"

dpkg --purge cdesk >/dev/null || bad "dpkg --purge cdesk failed"
trap - EXIT
[ -e /usr/bin/cdesk ] && bad "/usr/bin/cdesk is still there after the purge"
[ -e /usr/share/man/man5/cdesk.yaml.5.gz ] && bad "cdesk.yaml(5) is still there after the purge"
[ -d /var/lib/cdesk ] && bad "/var/lib/cdesk, empty, is still there after the purge"

if [ $problems -gt 0 ]; then
	echo "deb: $problems problems with $deb"
	exit 1
fi
echo "deb: $(basename "$deb") installs, runs from PATH in Chinese, has both man pages, completions and the sweep timer, and purges"
