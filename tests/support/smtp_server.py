"""A real SMTP server on 127.0.0.1 for the sending tests (aiosmtpd, Debian's python3-aiosmtpd).
STARTTLS is required before AUTH; AUTH PLAIN/LOGIN with one user. Each accepted message is written
to SPOOL/<n>.eml. Faults on demand:
  --drop-data N   close the connection during the first N DATA phases (nothing accepted)
  --slow-reply S  accept the message (written to the spool), then wait S seconds before replying 250
  --max-size B    refuse messages over B bytes (552)
  --xoauth2 URL   accept only AUTH XOAUTH2 with an access token that the userinfo endpoint URL
                  accepts for --user (the sign-in tests); PLAIN/LOGIN are then refused
Prints "ready PORT" when listening. Usage:
  smtp_server.py --port P --cert C --key K --user U --password W --spool DIR [faults]"""
import argparse
import asyncio
import base64
import json
import os
import urllib.request
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword, SMTP

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--cert", required=True)
p.add_argument("--key", required=True)
p.add_argument("--user", required=True)
p.add_argument("--password", required=True)
p.add_argument("--spool", required=True)
p.add_argument("--drop-data", type=int, default=0)
p.add_argument("--slow-reply", type=float, default=0)
p.add_argument("--max-size", type=int, default=33554432)
p.add_argument("--xoauth2", default="")
a = p.parse_args()
os.makedirs(a.spool, exist_ok=True)


class Handler:
    drops = 0

    async def handle_DATA(self, server, session, envelope):
        if Handler.drops < a.drop_data:
            Handler.drops += 1
            session.transport = None
            server.transport.close()
            return "421 dropped"
        n = len([f for f in os.listdir(a.spool) if f.endswith(".eml")]) + 1
        path = os.path.join(a.spool, f"{n}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.replace(path + ".tmp", path)
        with open(os.path.join(a.spool, f"{n}.rcpt"), "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        if a.slow_reply:
            await asyncio.sleep(a.slow_reply)
        return "250 2.0.0 Ok: queued as T%d" % n

    async def auth_XOAUTH2(self, server, args):
        """user=U^Aauth=Bearer T^A^A, checked against the authorization server's userinfo."""
        if not a.xoauth2:
            return AuthResult(success=False, handled=False)
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(blob, bytes):
                return AuthResult(success=False, handled=True)
        fields = {}
        try:
            fields = dict(f.split("=", 1) for f in blob.decode().split("\x01") if "=" in f)
            token = fields.get("auth", "").removeprefix("Bearer ")
            req = urllib.request.Request(a.xoauth2, headers={"Authorization": "Bearer " + token})
            loop = asyncio.get_running_loop()
            claims = await loop.run_in_executor(None, lambda: json.load(urllib.request.urlopen(req, timeout=10)))
            ok = fields.get("user") == a.user and claims.get("sub") == a.user
        except Exception:
            ok = False
        return AuthResult(success=ok, handled=False, auth_data=fields.get("user") if ok else None)


def authenticator(server, session, envelope, mechanism, auth_data):
    if a.xoauth2:
        return AuthResult(success=False, handled=False)
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == a.user and auth_data.password.decode() == a.password
    return AuthResult(success=ok, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(a.cert, a.key)


class Server(Controller):
    def factory(self):
        return SMTP(
            self.handler,
            tls_context=context,
            require_starttls=True,
            auth_require_tls=True,
            authenticator=authenticator,
            data_size_limit=a.max_size,
            hostname="smtp.test.local",
        )


controller = Server(Handler(), hostname="127.0.0.1", port=a.port)
controller.start()
print("ready", a.port, flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
