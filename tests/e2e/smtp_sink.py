#!/usr/bin/env python3
"""A local SMTP server for the notification tests (aiosmtpd): each mail is
written to DIR/mail-N.eml with its envelope in DIR/mail-N.env (MAIL FROM,
then one RCPT TO a line). Writes its port to DIR/port and runs until
killed.
    python3 smtp_sink.py DIR"""
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller

DIR = sys.argv[1]


class Keep:
    n = 0

    async def handle_DATA(self, server, session, envelope):
        Keep.n += 1
        base = os.path.join(DIR, "mail-%d" % Keep.n)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        return "250 Message accepted"


s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
ctl = Controller(Keep(), hostname="127.0.0.1", port=port)
ctl.start()
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: done.set())
done.wait()
ctl.stop()
