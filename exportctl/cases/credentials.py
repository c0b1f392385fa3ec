"""API key tokens and password hashes (pure, standard library only).

An API key is ``xk_<key id>_<secret>``: the key id (12 lowercase hex digits) is stored in
clear and finds the key's row; the secret (``secrets.token_urlsafe(32)``, 256 random bits) is
stored only as its SHA-256. A fast hash is enough for a secret of that entropy (nobody can
guess it), while a password, chosen by a person, gets scrypt: slow and memory-hard, with a
random salt, its parameters written into the stored string so they can be raised later
without breaking stored hashes::

    scrypt$16384$8$1$<salt, base64>$<hash, base64>

Comparisons use :func:`hmac.compare_digest`, so their time does not tell how many leading
characters matched.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from exportctl.errors import InvalidInput

__all__ = [
    "KEY_PREFIX",
    "MIN_PASSWORD_LENGTH",
    "NewKey",
    "ParsedKey",
    "check_password_policy",
    "dummy_password_check",
    "hash_password",
    "hash_secret",
    "new_key",
    "parse_key",
    "verify_password",
    "verify_secret",
]

KEY_PREFIX = "xk_"
MIN_PASSWORD_LENGTH = 12
# scrypt's interactive-login parameters (16 MiB of memory, some 50 ms per hash).
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1
_SALT_BYTES = 16
_HASH_BYTES = 32
# Bounds on parameters read back from a stored string: a damaged or hostile row must not
# make one login take minutes or gigabytes.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
_TOKEN = re.compile(r"xk_([0-9a-f]{12})_([A-Za-z0-9_-]{16,128})")


@dataclass(frozen=True)
class NewKey:
    """A freshly made key: the token (given to the user once) and what is stored of it."""

    key_id: str
    token: str
    secret_sha256: str

    def __repr__(self) -> str:  # the token must not end up in a log by accident
        return f"NewKey(key_id={self.key_id!r}, token='xk_{self.key_id}_…')"


@dataclass(frozen=True)
class ParsedKey:
    key_id: str
    secret: str

    def __repr__(self) -> str:
        return f"ParsedKey(key_id={self.key_id!r}, secret='…')"


def hash_secret(secret: str) -> str:
    """The SHA-256 hex digest of a key's secret (what the store keeps)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_key() -> NewKey:
    """A new random key id and secret."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return NewKey(key_id, f"{KEY_PREFIX}{key_id}_{secret}", hash_secret(secret))


def parse_key(token: str) -> ParsedKey | None:
    """Split a token into key id and secret; None when it is not shaped like a key."""
    m = _TOKEN.fullmatch(token.strip()) if isinstance(token, str) else None
    return None if m is None else ParsedKey(m.group(1), m.group(2))


def verify_secret(secret: str, stored_sha256: str) -> bool:
    """Whether ``secret`` hashes to the stored digest (constant-time comparison)."""
    return hmac.compare_digest(hash_secret(secret).encode(), stored_sha256.encode())


def check_password_policy(password: str) -> None:
    """Raise InvalidInput (``password_too_short``) for a password too short to keep."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            code="password_too_short",
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    # maxmem: scrypt needs 128 * r * n bytes (plus a little); Python's default cap is 32 MiB.
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=dklen,
        maxmem=256 * r * n + 2**20,
    )


def hash_password(password: str) -> str:
    """A self-describing scrypt hash of ``password`` with a fresh random salt."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _HASH_BYTES)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (from :func:`hash_password`); False for a
    stored string that is malformed or names parameters out of bounds."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return False
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P):
        return False
    if not salt or not 16 <= len(expected) <= 64:
        return False
    digest = _scrypt(password, salt, n, r, p, len(expected))
    return hmac.compare_digest(digest, expected)


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def dummy_password_check(password: str) -> None:
    """Spend the time of one real check, for a user that does not exist or has no password,
    so that the answer's timing does not tell which user names exist."""
    verify_password(password, _dummy_hash())
