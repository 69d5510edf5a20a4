"""The audit panel verifies an event's inclusion proof and the checkpoint's signature in the
browser; a proof altered on its way fails with its code."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tests.browser.dashboard import VIEWPORT, graphql, new_page, open_view, screenshot

KEYS = "{ auditPublicKeys { keyId publicKeyPem } latestCheckpoint { keyId treeSize } }"


def _result(page: Any) -> tuple[str, str]:
    page.wait_for_selector("#proof-result[data-result]")
    return (
        page.get_attribute("#proof-result", "data-result"),
        page.get_attribute("#proof-result", "data-code"),
    )


def test_an_inclusion_proof_verifies_and_the_key_fingerprint_is_shown(
    offline_context, demo_server
) -> None:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_public_key,
    )

    answer = graphql(demo_server, KEYS)
    key = next(
        k for k in answer["auditPublicKeys"] if k["keyId"] == answer["latestCheckpoint"]["keyId"]
    )
    raw = load_pem_public_key(key["publicKeyPem"].encode()).public_bytes(
        Encoding.Raw, PublicFormat.Raw
    )
    page, errors = new_page(offline_context)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/audit?event=42")
    assert _result(page) == ("verified", "")
    page.wait_for_selector("#checkpoint-result[data-result=verified]")
    assert page.text_content("#fingerprint") == hashlib.sha256(raw).hexdigest()
    assert hashlib.sha256(raw).hexdigest().startswith(key["keyId"])
    screenshot(page, "audit")

    page.fill("#event-position", "7")
    page.click("text=Lấy và kiểm chứng bằng chứng")
    page.wait_for_function(
        "() => document.querySelector('#proof-result').textContent.includes(' 7 ')"
    )
    assert _result(page) == ("verified", "")
    assert errors == []


def _tamper(operation: str, change):
    """Alters the answers to the page's `operation` on their way to the browser."""

    def route(route_, request) -> None:
        if f"query {operation}" not in json.loads(request.post_data or "{}").get("query", ""):
            route_.continue_()
            return
        response = route_.fetch()
        body = response.json()
        change(body["data"])
        route_.fulfill(response=response, body=json.dumps(body))

    return route


def _flip(hex_text: str) -> str:
    return ("0" if hex_text[0] != "0" else "1") + hex_text[1:]


def test_a_tampered_proof_fails_with_its_code(offline_context, demo_server) -> None:
    def flip_path(data: dict[str, Any]) -> None:
        path = data["inclusionProof"]["path"]
        path[0] = _flip(path[0])

    def sign_otherwise(data: dict[str, Any]) -> None:
        checkpoint = json.loads(data["latestCheckpoint"]["json"])
        checkpoint["signature"] = _flip(checkpoint["signature"])
        data["latestCheckpoint"]["json"] = json.dumps(checkpoint)

    cases = {
        "ROOT_MISMATCH": ("InclusionProof", flip_path),
        "PROOF_MALFORMED": ("InclusionProof", lambda data: data["inclusionProof"]["path"].pop()),
        "CHECKPOINT_SIGNATURE_INVALID": ("Checkpoint", sign_otherwise),
    }
    for code, (operation, change) in cases.items():
        page, errors = new_page(offline_context)
        page.route("**/graphql", _tamper(operation, change))
        open_view(page, f"{demo_server}/#/audit?event=42")
        assert _result(page) == ("failed", code)
        assert errors == []
        page.close()


def test_a_pinned_position_is_the_event_the_audit_panel_offers_to_verify(
    offline_context, demo_server
) -> None:
    page, errors = new_page(offline_context)
    page.set_viewport_size(VIEWPORT)
    open_view(page, f"{demo_server}/#/audit?position=600")
    assert page.input_value("#event-position") == "600"
    assert "600" in page.text_content("#pinned-proof")
    page.click("text=Lấy và kiểm chứng bằng chứng")
    page.wait_for_function(
        "() => document.querySelector('#proof-result').textContent.includes(' 600 ')"
    )
    assert _result(page) == ("verified", "")
    assert errors == []
