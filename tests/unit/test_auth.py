"""Bearer tokens: local HS256 tokens, and RS256 tokens of an identity provider."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.auth import ANONYMOUS, Forbidden, TokenKeys, Unauthenticated, authenticate, mint
from api.policy import authorize


def _rsa_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def test_rs256_tokens_of_an_identity_provider_are_verified_with_its_public_key():
    private, public = _rsa_pair()
    now = int(time.time())
    claims = {
        "sub": "kiem.toan@sav",
        "role": "auditor",
        "iss": "khuyencong",
        "iat": now,
        "exp": now + 600,
    }
    token = jwt.encode(claims, private, algorithm="RS256")
    principal = authenticate(TokenKeys(public_key=public), f"Bearer {token}")
    assert (principal.subject, principal.role) == ("kiem.toan@sav", "auditor")
    other_private, _ = _rsa_pair()
    forged = jwt.encode(claims, other_private, algorithm="RS256")
    with pytest.raises(Unauthenticated):
        authenticate(TokenKeys(public_key=public), f"Bearer {forged}")


def test_an_hs256_token_is_refused_where_rs256_is_configured():
    _, public = _rsa_pair()
    token = mint(TokenKeys(secret="x" * 40), "someone", "finance", None, 600)
    with pytest.raises(Unauthenticated):
        authenticate(TokenKeys(public_key=public), f"Bearer {token}")


def test_no_header_is_an_anonymous_caller_who_may_not_write():
    assert authenticate(TokenKeys(secret="x" * 40), None) == ANONYMOUS
    with pytest.raises(Forbidden, match="anonymous callers may not call recordPayment"):
        authorize(ANONYMOUS, "recordPayment")


def test_a_token_living_longer_than_the_limit_is_refused_whoever_signed_it():
    keys = TokenKeys(secret="x" * 40, ttl_max_s=600)
    assert authenticate(keys, f"Bearer {mint(keys, 'a', 'finance', None, 600)}").role == "finance"
    now = int(time.time())
    for iat, exp in ((now, now + 3_600), (now - 10**9, now + 60), (now, 32_503_680_000)):
        claims = {"sub": "a", "role": "finance", "iss": "khuyencong", "iat": iat, "exp": exp}
        token = jwt.encode(claims, "x" * 40, algorithm="HS256")
        with pytest.raises(Unauthenticated, match="longer than"):
            authenticate(keys, f"Bearer {token}")


def _claims_token(secret: str, *, exp_in_s: float, iat_ago_s: float) -> str:
    now = time.time()
    claims = {
        "sub": "kept",
        "role": "auditor",
        "iss": "khuyencong",
        "iat": int(now - iat_ago_s),
        "exp": int(now + exp_in_s),
    }
    return jwt.encode(claims, secret, algorithm="HS256")


def test_a_verified_token_is_accepted_again_until_it_expires_and_refused_after():
    keys = TokenKeys(secret="k" * 40)
    # Past its exp, but within the clock leeway (30 s) for about one more second.
    token = _claims_token(keys.secret or "", exp_in_s=-29, iat_ago_s=40)
    assert authenticate(keys, f"Bearer {token}").role == "auditor"
    assert authenticate(keys, f"Bearer {token}").role == "auditor"  # the verified one, kept
    time.sleep(2.1)
    with pytest.raises(Unauthenticated, match="expired"):
        authenticate(keys, f"Bearer {token}")


def test_a_token_verified_under_one_key_is_not_accepted_under_another():
    first, second = TokenKeys(secret="a" * 40), TokenKeys(secret="b" * 40)
    token = mint(first, "someone", "finance", None, 60)
    assert authenticate(first, f"Bearer {token}").role == "finance"
    with pytest.raises(Unauthenticated):
        authenticate(second, f"Bearer {token}")
