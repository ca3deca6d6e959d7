"""Tokens sealed at rest with Fernet (from `cryptography`): authenticated encryption, and key rotation
through MultiFernet (the first key seals, every key opens)."""

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class CipherError(Exception):
    """A sealed token that none of the keys opens (a wrong or missing TOUCHPOINT_ENCRYPTION_KEY)."""


def is_key(text: str) -> bool:
    """Whether `text` is a Fernet key: 32 bytes, url-safe base64."""
    try:
        Fernet(text.encode())
    except ValueError:
        return False
    return True


def new_key() -> str:
    return Fernet.generate_key().decode()


class TokenCipher:
    """Seals and opens tokens; `keys[0]` seals, any of `keys` opens."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("at least one key")
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def seal(self, token: str | None) -> str | None:
        return None if token is None else self._fernet.encrypt(token.encode()).decode()

    def open(self, sealed: str | None) -> str | None:
        if sealed is None:
            return None
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise CipherError("none of the keys in TOUCHPOINT_ENCRYPTION_KEY opens a stored token") from None

    def reseal(self, sealed: str) -> str:
        """The same token sealed with the first key (rotation: re-encrypt what an older key sealed)."""
        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken:
            raise CipherError("none of the keys in TOUCHPOINT_ENCRYPTION_KEY opens a stored token") from None
