"""Reads the connect() records of scripts/offline.sh and fails on any connection that leaves this
machine (an address outside 127.0.0.0/8 and ::1) or any DNS query (port 53, even to a local stub).
Local sockets (AF_UNIX: X11, D-Bus, WebKit's own processes) are fine."""
import ipaddress
import pathlib
import re
import sys

folder = pathlib.Path(sys.argv[1])
files = sorted(folder.glob("connect.*"))
if not files:
    sys.exit(f"no connect() record in {folder}: was the app started through scripts/offline-app.sh?")
inet = re.compile(r'connect\(\d+, \{sa_family=AF_INET6?, sin6?_port=htons\((\d+)\).*?inet_(?:addr\("([^"]+)"\)|pton\(AF_INET6, "([^"]+)")')
local, remote = 0, []
for f in files:
    for line in f.read_text(errors="replace").splitlines():
        m = inet.search(line)
        if not m:
            continue
        port = int(m.group(1))
        addr = ipaddress.ip_address(m.group(2) or m.group(3))
        if addr.is_loopback and port != 53:
            local += 1
        else:
            remote.append(f"{f.name}: {line.strip()}")
print(f"{len(files)} processes recorded, {local} connections to this machine (test SMTP and sign-in servers), {len(remote)} elsewhere")
if remote:
    print("\n".join(remote[:20]))
    sys.exit("The app tried to reach the network: it must work offline.")
