"""An SMTP server for capture scripts, built on aiosmtpd (Debian's python3-aiosmtpd).

It offers STARTTLS (not required), accepts mail for every recipient in lab.test except
nobody@lab.test, which it refuses with 550, and stores each accepted message as a file so a
failed delivery shows in the capture script's log.

Usage: smtp-server.py ADDRESS PORT CERT KEY SPOOL
"""

import asyncio
import ssl
import sys
from pathlib import Path

from aiosmtpd.smtp import SMTP

REFUSED = "nobody@lab.test"


class Handler:
    def __init__(self, spool):
        self.spool = Path(spool)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() == REFUSED or not address.lower().endswith("@lab.test"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        (self.spool / ("msg%d.eml" % self.count)).write_bytes(envelope.original_content)
        return "250 2.0.0 OK: queued as lab%d" % self.count


def main():
    address, port, cert, key, spool = sys.argv[1:6]
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = Handler(spool)

    def factory():
        return SMTP(handler, hostname="mail.lab.test", ident="wirelog lab ESMTP",
                    tls_context=context)

    loop = asyncio.new_event_loop()
    loop.run_until_complete(loop.create_server(factory, host=address, port=int(port)))
    loop.run_forever()


if __name__ == "__main__":
    main()
