"""Bearer tokens: HS256 with a configured secret, or RS256 with a configured public key.

A token carries the subject (``sub``), one role, and for the district and commune roles its
unit code.
Anonymous callers (no token) see public aggregates only.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import jwt

from domain.errors import LedgerError
from domain.types import Actor, Role

ISSUER = "khuyencong"
# Every role but SYSTEM (the loader and operator commands) may hold a token.
TOKEN_ROLES = frozenset(role for role in Role if role is not Role.SYSTEM)
ROLES = frozenset(role.value for role in TOKEN_ROLES)  # as a token's ``role`` claim names them
UNIT_ROLES = frozenset({Role.DISTRICT.value, Role.COMMUNE.value})  # tokens that name a unit
TOKEN_TTL_MAX_S = 7 * 24 * 3600
CLOCK_LEEWAY_S = 30
VERIFIED_TOKENS_MAX = 4_096  # tokens whose signature was checked, kept until they expire


class Unauthenticated(LedgerError):
    code = "UNAUTHENTICATED"


class Forbidden(LedgerError):
    code = "FORBIDDEN"


class ForbiddenHolder(Forbidden):
    """A district or commune token acts on its own holder's budget lines only."""

    code = "FORBIDDEN_HOLDER"


@dataclass(frozen=True)
class Principal:
    subject: str
    role: str  # one of ROLES, or "anonymous"
    unit_code: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.role == "anonymous"

    def holds(self, roles: frozenset[Role]) -> bool:
        """Whether this caller holds one of ``roles`` (an anonymous caller holds none)."""
        return not self.anonymous and Role(self.role) in roles

    def actor(self) -> Actor:
        return Actor(self.subject, Role(self.role), self.unit_code)


ANONYMOUS = Principal("anonymous", "anonymous")


@dataclass(frozen=True)
class TokenKeys:
    """HS256 with ``secret``, or RS256 verified with ``public_key`` (signed elsewhere)."""

    secret: str | None = None
    public_key: str | None = None
    ttl_max_s: int = TOKEN_TTL_MAX_S  # a longer-lived token is refused, whoever signed it

    @property
    def algorithm(self) -> str:
        return "RS256" if self.public_key else "HS256"


def mint(keys: TokenKeys, subject: str, role: str, unit_code: str | None, ttl_s: int) -> str:
    if keys.secret is None:
        raise ValueError("tokens are minted only with an HS256 secret")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(sorted(ROLES))}")
    if role in UNIT_ROLES and not unit_code:
        raise ValueError(f"a {role} token needs --unit")
    if not 0 < ttl_s <= TOKEN_TTL_MAX_S:
        raise ValueError(f"ttl must be between 1 s and {TOKEN_TTL_MAX_S} s")
    now = int(time.time())
    claims = {"sub": subject, "role": role, "iss": ISSUER, "iat": now, "exp": now + ttl_s}
    if unit_code:
        claims["unit"] = unit_code
    return jwt.encode(claims, keys.secret, algorithm="HS256")


class _VerifiedTokens:
    """Tokens already verified, with their caller and expiry: a signed-in client sends the
    same token with every request, and checking its signature and claims each time was a
    tenth of a dashboard request. Whatever made a token valid stays true until it expires
    (a token valid from ``nbf``/``iat`` stays valid after), so a kept one is given until
    ``exp`` and decoded again after, when it is refused as expired."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[TokenKeys, str], tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, keys: TokenKeys, token: str) -> Principal | None:
        with self._lock:
            found = self._kept.get((keys, token))
            if found is None:
                return None
            principal, expires_at = found
            if time.time() > expires_at:
                del self._kept[(keys, token)]
                return None
            self._kept.move_to_end((keys, token))
            return principal

    def put(self, keys: TokenKeys, token: str, principal: Principal, expires_at: float) -> None:
        with self._lock:
            self._kept[(keys, token)] = (principal, expires_at)
            while len(self._kept) > VERIFIED_TOKENS_MAX:
                self._kept.popitem(last=False)


_VERIFIED = _VerifiedTokens()


def authenticate(keys: TokenKeys, authorization: str | None) -> Principal:
    """The caller behind an ``Authorization`` header; refuses forged, expired or odd tokens."""
    if not authorization:
        return ANONYMOUS
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("use 'Authorization: Bearer <token>'")
    token = token.strip()
    kept = _VERIFIED.get(keys, token)
    if kept is not None:
        return kept
    principal, expires_at = _verify(keys, token)
    _VERIFIED.put(keys, token, principal, expires_at)
    return principal


def _verify(keys: TokenKeys, token: str) -> tuple[Principal, float]:
    """The token's caller and the time after which it is refused as expired."""
    key = keys.public_key or keys.secret
    if key is None:
        raise Unauthenticated("this server accepts no tokens")
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[keys.algorithm],
            issuer=ISSUER,
            leeway=CLOCK_LEEWAY_S,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
    except jwt.PyJWTError as error:
        raise Unauthenticated(token_problem(error)) from None
    _check_lifetime(claims, keys.ttl_max_s)
    role = claims.get("role")
    if role not in ROLES:
        raise Unauthenticated("the token names no known role")
    unit = claims.get("unit")
    if role in UNIT_ROLES and not isinstance(unit, str):
        raise Unauthenticated(f"a {role} token must name its unit")
    principal = Principal(str(claims["sub"]), str(role), unit if isinstance(unit, str) else None)
    return principal, float(claims["exp"]) + CLOCK_LEEWAY_S


def token_problem(error: jwt.PyJWTError) -> str:
    """What is wrong with a token, in words of our own: the library's text may quote a
    decoder's internals ("'utf-8' codec can't decode byte 0xb7")."""
    if isinstance(error, jwt.ExpiredSignatureError):
        return "the token has expired"
    if isinstance(error, jwt.ImmatureSignatureError):
        return "the token is not valid yet"
    if isinstance(error, jwt.InvalidSignatureError):
        return "the token's signature does not verify"
    if isinstance(error, jwt.InvalidAlgorithmError):
        return "the token is signed with an algorithm this server does not accept"
    if isinstance(error, jwt.InvalidIssuerError):
        return f"the token was not issued by {ISSUER}"
    if isinstance(error, jwt.InvalidAudienceError):
        return "the token is meant for another use"
    if isinstance(error, jwt.MissingRequiredClaimError):
        return f"the token lacks its {error.claim!s} claim"
    if isinstance(error, jwt.DecodeError):
        return "the token is not a JSON Web Token (three base64url parts joined by dots)"
    return "the token is not valid"


def _check_lifetime(claims: dict[str, object], ttl_max_s: int) -> None:
    """Refuses a token that lives longer than ``ttl_max_s``, from its issue or from now: a
    leaked long-lived token (signed by a careless issuer) is not accepted for years."""
    exp, iat = claims["exp"], claims["iat"]
    if not isinstance(exp, int | float) or not isinstance(iat, int | float):
        raise Unauthenticated("the token's exp and iat must be times")
    bound = ttl_max_s + CLOCK_LEEWAY_S
    if exp - iat > bound or exp - time.time() > bound:
        raise Unauthenticated(f"the token lives longer than the limit of {ttl_max_s} s")
