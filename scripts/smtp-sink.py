#!/usr/bin/env python3
"""A real SMTP server on loopback for tests and CI: every message it accepts is saved as an .eml file.

    python3 scripts/smtp-sink.py --port 2525 --dir /tmp/mail [--tls-cert cert.pem --tls-key key.pem] [--auth user:password]

--port 0 picks a free port. Once listening it prints "listening on 127.0.0.1:<port>" (tests wait for that line).
Recipients whose local part starts with "tu-choi" are refused with 550, so tests can see a permanent refusal.
Files are written under a temporary name and renamed, so a reader never sees half a message.
"""
import argparse
import os
import signal
import socket
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SaveToDirectory:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@", 1)[0].lower().startswith("tu-choi"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = "%d-%04d" % (time.time_ns(), self.count)
        temporary = os.path.join(self.directory, "." + name + ".tmp")
        with open(temporary, "wb") as out:
            out.write(("X-Envelope-From: %s\r\n" % envelope.mail_from).encode())
            out.write(("X-Envelope-To: %s\r\n" % ", ".join(envelope.rcpt_tos)).encode())
            out.write(envelope.original_content or envelope.content)
        os.rename(temporary, os.path.join(self.directory, name + ".eml"))
        return "250 2.0.0 Message accepted for delivery"


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True, help="where each received message is saved as an .eml file")
    parser.add_argument("--tls-cert", help="PEM certificate: offer STARTTLS")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument("--auth", help="user:password required with AUTH PLAIN/LOGIN")
    args = parser.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    port = args.port or free_port(args.host)
    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options["tls_context"] = context
        # A client that skips STARTTLS is refused: a delivery that succeeded went over TLS.
        options["require_starttls"] = True
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            # handled=False: aiosmtpd then answers 535 itself (handled=True would leave the client waiting).
            return AuthResult(success=ok, handled=False)

        options["authenticator"] = authenticator
        options["auth_require_tls"] = bool(args.tls_cert)
        options["auth_required"] = True

    controller = Controller(SaveToDirectory(args.dir), hostname=args.host, port=port, **options)
    controller.start()
    print("listening on %s:%d" % (args.host, port), flush=True)

    stop = threading.Event()
    # A parent may have blocked these (a Swift test process does), and a blocked mask survives exec.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.is_set():
        stop.wait(1)
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
