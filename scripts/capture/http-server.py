"""A small HTTP/1.1 file server for capture scripts.

It serves a directory like `python3 -m http.server`, but speaks HTTP/1.1 (keep-alive, so one
connection can carry many requests) and answers POST by reading the body and replying with
its length, which puts request bodies on the wire. It listens on IPv6 and IPv4 at once.

Usage: http-server.py DIRECTORY PORT
"""

import http.server
import socket
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        reply = ('{"received":%d}\n' % len(body)).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format, *args):
        pass


class DualStackServer(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6
    daemon_threads = True
    request_queue_size = 128

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def main():
    directory, port = sys.argv[1], int(sys.argv[2])
    handler = lambda *a, **kw: Handler(*a, directory=directory, **kw)
    with DualStackServer(("::", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
