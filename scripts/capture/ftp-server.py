"""An FTP server for capture scripts, built on pyftpdlib (Debian's python3-pyftpdlib).

One listener serves plain FTP and explicit FTPS (AUTH TLS, RFC 4217) on the same port, with a
named user who may read and upload and an anonymous user who may only read. Passive data
ports come from a small fixed range; active transfers connect back to the client.

Usage: ftp-server.py ADDRESS PORT ROOT CERT KEY
  ROOT holds pub/ (readable by both users) and incoming/ (the named user's uploads).
"""

import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import TLS_FTPHandler
from pyftpdlib.servers import FTPServer

USER, PASSWORD = "alice", "wonderland"


def main():
    address, port, root, cert, key = sys.argv[1:6]
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, root, perm="elradfmw")
    authorizer.add_anonymous(root)

    handler = TLS_FTPHandler
    handler.authorizer = authorizer
    handler.certfile = cert
    handler.keyfile = key
    handler.tls_control_required = False
    handler.tls_data_required = False
    handler.passive_ports = range(50000, 50010)
    handler.banner = "wirelog lab FTP server ready."

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    FTPServer((address, int(port)), handler).serve_forever()


if __name__ == "__main__":
    main()
