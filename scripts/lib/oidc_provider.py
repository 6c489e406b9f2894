#!/usr/bin/python3
"""A minimal OpenID provider for the federation flow: serves discovery and a JWKS, and signs tokens.

  oidc_provider.py serve DIR PORT   write DIR/key.pem, serve /.well-known/openid-configuration and /jwks
  oidc_provider.py token DIR ISSUER AUDIENCE SUBJECT GROUPS [EXPIRES_IN]   print an RS256 JWT
Uses Debian's python3-cryptography (a dependency of python3-openstackclient).
"""
import base64
import http.server
import json
import os
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def number(value):
    return b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def serve(directory, port):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with open(os.path.join(directory, "key.pem"), "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    public = key.public_key().public_numbers()
    issuer = "http://127.0.0.1:%d" % port
    documents = {
        "/.well-known/openid-configuration": {"issuer": issuer, "jwks_uri": issuer + "/jwks"},
        "/jwks": {"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256", "n": number(public.n), "e": number(public.e)}]},
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(documents.get(self.path)).encode()
            self.send_response(200 if self.path in documents else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()


def token(directory, issuer, audience, subject, groups, expires_in="300"):
    with open(os.path.join(directory, "key.pem"), "rb") as source:
        key = serialization.load_pem_private_key(source.read(), password=None)
    now = int(time.time())
    claims = {"iss": issuer, "aud": audience, "sub": subject, "preferred_username": subject, "email": subject + "@example.org",
              "groups": groups.split(",") if groups else [], "iat": now, "exp": now + int(expires_in)}
    signed = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "k1"}).encode()) + "." + b64(json.dumps(claims).encode())
    signature = key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    print(signed + "." + b64(signature))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        token(*sys.argv[2:])
