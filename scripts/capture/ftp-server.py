"""An FTP server for capture scripts, built on pyftpdlib (Debian's python3-pyftpdlib).

One listener serves plain FTP and explicit FTPS (AUTH TLS, RFC 4217) on the same port, with a
named user who may read and upload and an anonymous user who may only read. Each passive
data channel gets the next port from 50000 on, never one used before, so no data connection
lands on an endpoint an earlier session announced; active transfers connect back to the client.

Usage: ftp-server.py ADDRESS PORT ROOT CERT KEY
  ROOT holds pub/ (readable by both users) and incoming/ (the named user's uploads).
"""

import itertools
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_FTPHandler
from pyftpdlib.servers import FTPServer

USER, PASSWORD = "alice", "wonderland"
PASSIVE_PORTS = itertools.count(50000)


class Handler(TLS_FTPHandler):
    def _make_epasv(self, extmode=False):
        # pyftpdlib picks a random port of passive_ports; a one-port list makes it the next.
        self.passive_ports = [next(PASSIVE_PORTS)]
        return super()._make_epasv(extmode)


def main():
    address, port, root, cert, key = sys.argv[1:6]
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, root, perm="elradfmw")
    authorizer.add_anonymous(root)

    handler = Handler
    handler.authorizer = authorizer
    handler.certfile = cert
    handler.keyfile = key
    handler.tls_control_required = False
    handler.tls_data_required = False
    handler.banner = "wirelog lab FTP server ready."

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    FTPServer((address, int(port)), handler).serve_forever()


if __name__ == "__main__":
    main()
