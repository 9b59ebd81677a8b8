"""HTTPS through the address-pinned fetch: the certificate is checked against the host name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsfuse.errors import FetchError
from newsfuse.ingest.url import fetch_url

PAGE = (
    b"<html><body><article><p>Secure hello from the harbour desk today.</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate for localhost."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], cert
    server.shutdown()
    server.server_close()
    thread.join()


def test_https_to_a_pinned_address_checks_the_certificate_name(
    tls_server: tuple[int, Path],
) -> None:
    port, cert = tls_server
    trusted = ssl.create_default_context(cafile=str(cert))
    fetched = fetch_url(f"https://localhost:{port}/a", timeout_s=5, max_bytes=10**6,
                        allow_private=True, verify=trusted)  # fmt: skip
    assert fetched.data == PAGE
    # the same server reached by a name the certificate does not carry is refused
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch_url(f"https://127.0.0.1:{port}/a", timeout_s=5, max_bytes=10**6,
                  allow_private=True, verify=trusted)  # fmt: skip
