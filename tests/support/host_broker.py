#!/usr/bin/env python3
"""Starts programs of the Linux machine for test binaries that run under Wine.

A Windows process under Wine can start a Linux program but gets no handle to it (no pipes, no
exit code, no kill), so the test servers (aiosmtpd, oidc-provider) and tools (openssl, node) of
the tests are started here instead: tests/support/host.rs connects to 127.0.0.1:PORT, sends one
JSON line {"argv": [...], "cwd": ...}, and reads frames back: b"O" + u32 length + stdout bytes,
then b"X" + i32 exit code. Closing the connection kills the program. Windows paths in argv and
cwd (C:\\users\\..., Z:\\work\\...) are translated through the Wine prefix's drive links.

Usage: host_broker.py PORT_FILE   (writes the port it listens on, then serves until killed)
"""
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading

DRIVE = re.compile(r"^([A-Za-z]):[\\/](.*)$", re.S)
PREFIX = os.environ.get("WINEPREFIX", os.path.expanduser("~/.wine"))


def unix_path(arg):
    if arg.startswith("/") and "\\" in arg:
        # A Linux path joined on the Windows side ("/repo/checkout\\tests/support/x.py").
        return arg.replace("\\", "/")
    m = DRIVE.match(arg)
    if not m:
        return arg
    root = os.path.realpath(os.path.join(PREFIX, "dosdevices", m.group(1).lower() + ":"))
    return os.path.join(root, m.group(2).replace("\\", "/"))


def serve(conn):
    with conn:
        line = b""
        while not line.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                return
            line += chunk
        request = json.loads(line)
        argv = [unix_path(a) for a in request["argv"]]
        cwd = unix_path(request["cwd"]) if request.get("cwd") else None
        try:
            child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        except OSError as e:
            sys.stderr.write(f"host_broker: {argv[0]}: {e}\n")
            conn.sendall(b"X" + struct.pack("<i", 127))
            return

        def kill_when_closed():
            try:
                while conn.recv(1024):
                    pass
            except OSError:
                pass
            child.kill()

        threading.Thread(target=kill_when_closed, daemon=True).start()
        try:
            while True:
                data = child.stdout.read1(65536)
                if not data:
                    break
                conn.sendall(b"O" + struct.pack("<I", len(data)) + data)
            conn.sendall(b"X" + struct.pack("<i", child.wait()))
        except OSError:
            child.kill()
        child.wait()


def main():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.getsockname()[1]))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
