"""Sessions and CSRF tokens of the web interface.

A session cookie is ``payload.signature``: the payload (session id, user, expiry) in URL-safe
base64 JSON, the signature an HMAC-SHA256 of it under the site secret. The signature alone is
not enough: each live session also has a file under ``$EXPORTCTL_HOME/web-sessions`` (shared
by every worker process of one machine), which logout deletes, so a copied cookie dies with
its session. The CSRF token of a form is an HMAC of the session id (synchroniser token: an
attacker's page can neither read it nor derive it); the login form, before any session, uses a
double-submit nonce cookie instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LOGIN_COOKIE",
    "SESSION_COOKIE",
    "SESSION_SECONDS",
    "Session",
    "SessionStore",
    "load_secret",
]

SESSION_COOKIE = "exportctl_session"
LOGIN_COOKIE = "exportctl_login"
#: A session ends after this many seconds however active it is (a working day).
SESSION_SECONDS = 8 * 3600
_SID = 32  # hex characters of a session id


def load_secret(home: Path, env_value: str | None) -> bytes:
    """The signing secret: ``EXPORTCTL_WEB_SECRET`` when set, else ``$home/web-secret``.

    The file is made once (32 random bytes, mode 0600) and reused, so sessions survive a
    restart and every worker of one machine signs alike.
    """
    if env_value:
        return env_value.encode()
    path = home / "web-secret"
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker made it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    return bytes.fromhex(value)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Session:
    """A signed-in user's session: its id, the user name and when it ends (epoch seconds)."""

    sid: str
    user: str
    expires: float


class SessionStore:
    """Signs, checks and revokes sessions; makes and checks CSRF tokens."""

    def __init__(self, secret: bytes, folder: Path, *, lifetime: float = SESSION_SECONDS) -> None:
        self._secret = secret
        self.folder = folder
        self.lifetime = lifetime

    def _sign(self, message: str) -> str:
        return hmac.new(self._secret, message.encode(), hashlib.sha256).hexdigest()

    # -- sessions ------------------------------------------------------------------------

    def create(self, user: str) -> tuple[Session, str]:
        """A new session for ``user`` and its cookie value."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._sweep()
        session = Session(secrets.token_hex(_SID // 2), user, time.time() + self.lifetime)
        path = self.folder / session.sid
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(json.dumps({"user": user, "expires": session.expires}))
        payload = _b64(
            json.dumps({"sid": session.sid, "user": user, "exp": session.expires}).encode()
        )
        return session, f"{payload}.{self._sign(payload)}"

    def check(self, cookie: str | None) -> Session | None:
        """The live session a cookie names, or None (forged, expired or logged out)."""
        if not cookie or "." not in cookie or len(cookie) > 1024:
            return None
        payload, _, signature = cookie.rpartition(".")
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
            session = Session(str(data["sid"]), str(data["user"]), float(data["exp"]))
        except (ValueError, KeyError, TypeError):
            return None
        if session.expires < time.time():
            self.revoke(session)
            return None
        if not (len(session.sid) == _SID and session.sid.isalnum()):
            return None
        if not (self.folder / session.sid).is_file():
            return None  # logged out (or the server's session files were cleared)
        return session

    def revoke(self, session: Session) -> None:
        """End a session: its cookie is refused from now on, by every worker."""
        (self.folder / session.sid).unlink(missing_ok=True)

    def _sweep(self) -> None:
        # Expired sessions' files are removed at the next login, so the folder stays small.
        now = time.time()
        for path in self.folder.iterdir():
            try:
                if json.loads(path.read_text())["expires"] < now:
                    path.unlink(missing_ok=True)
            except (OSError, ValueError, KeyError, TypeError):
                continue

    # -- CSRF ----------------------------------------------------------------------------

    def csrf_token(self, session: Session) -> str:
        return self._sign(f"csrf:{session.sid}")

    def csrf_ok(self, session: Session, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.csrf_token(session))

    def login_nonce(self) -> tuple[str, str]:
        """A login nonce (for the cookie) and the form token that goes with it."""
        nonce = secrets.token_hex(16)
        return nonce, self._sign(f"login:{nonce}")

    def login_ok(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(str(token), self._sign(f"login:{nonce}"))
