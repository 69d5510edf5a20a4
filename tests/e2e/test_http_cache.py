"""HTTP caching and compression: GET queries carry ETag, Cache-Control and Vary and answer 304
on a matching If-None-Match; errors and POSTs are not stored; large answers are gzipped when
the client accepts it, and downloads and subscriptions still work through the compression."""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from api.http_compression import COMPRESSED_BYTES_MIN
from tests.e2e.http_support import BUDGET, Served, served_ledger

INTROSPECTION = "{ __schema { types { name fields { name } } } }"
EXPORT_LINK = """query($format: ExportFormat!) {
  exportLink(programCode: "BD-KC-2025", format: $format) { url } }"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_ledger(tmp_path_factory.mktemp("http-cache")) as served:
        yield served


def get(served: Served, query: str, **headers: str):
    return served.api.client.get(f"/graphql?{urlencode({'query': query})}", headers=headers)


def test_a_get_query_answers_an_etag_and_304_when_it_matches(served):
    first = get(served, BUDGET)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=5"
    assert {"Authorization", "Accept", "Accept-Encoding", "Origin"} <= {
        name.strip() for name in first.headers["vary"].split(",")
    }
    again = get(served, BUDGET, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert get(served, BUDGET, **{"If-None-Match": 'W/"other", ' + etag}).status_code == 304
    assert get(served, BUDGET, **{"If-None-Match": 'W/"other"'}).status_code == 200


def test_the_etag_changes_when_the_ledger_moves(served):
    before = get(served, BUDGET)
    served.scenario.allocate(500_000_000, decision_no="3022/QĐ-UBND")
    served.api.read_model.wait_for(served.api.ledger.head_position(), timeout_s=30)
    after = get(served, BUDGET, **{"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    allocated = [int(r.json()["data"]["budget"]["totals"]["allocated"]) for r in (before, after)]
    assert allocated[1] == allocated[0] + 500_000_000


def test_a_signed_in_answer_is_private_with_its_own_etag(served):
    anonymous = get(served, BUDGET)
    auditor = get(served, BUDGET, Authorization=f"Bearer {served.api.token('auditor')}")
    assert auditor.status_code == 200
    assert auditor.headers["cache-control"] == "private, no-cache"
    assert auditor.headers["etag"] != anonymous.headers["etag"]
    for other_accept in ("application/graphql-response+json",):
        assert get(served, BUDGET, Accept=other_accept).headers["etag"] != anonymous.headers["etag"]
    # The auditor's ETag does not unlock the anonymous answer, nor the reverse.
    anonymous_with_auditors = get(served, BUDGET, **{"If-None-Match": auditor.headers["etag"]})
    assert anonymous_with_auditors.status_code == 200


def test_an_answer_beyond_the_read_model_revalidates_by_its_content(served):
    # The ledger's head is not a function of the read model's position: its ETag covers the
    # answer itself, so it still answers 304 only when the answer is the same.
    first = get(served, "{ ledgerHead { position } }")
    again = get(served, "{ ledgerHead { position } }", **{"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "query", ['{ budget(programCode: "XX-1") { position } }', "{ noSuchField }"]
)
def test_errors_are_not_stored(served, query):
    response = get(served, query)
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_posts_and_mutations_are_not_stored(served):
    response = served.api.post(BUDGET)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_a_large_answer_is_gzipped_when_the_client_accepts_it(served):
    plain = get(served, INTROSPECTION, **{"Accept-Encoding": "identity"})
    packed = get(served, INTROSPECTION, **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < len(plain.content) / 4
    assert packed.json() == plain.json()  # the client decompressed the same answer
    small = get(served, "{ __typename }", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers  # below the size worth compressing


def _download(served: Served, fmt: str, encoding: str):
    link = served.api.data(EXPORT_LINK, {"format": fmt}, role="auditor")["exportLink"]["url"]
    response = served.api.client.get(link, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    return response


def test_a_download_is_compressed_as_it_streams_and_arrives_whole(served):
    plain = _download(served, "IATI", "identity")
    packed = _download(served, "IATI", "gzip")
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    # The files differ only in the second they were generated at.
    stamp = re.compile(rb'(generated|last-updated)-datetime="[^"]*"')
    assert stamp.sub(b"", packed.content) == stamp.sub(b"", plain.content)
    assert len(plain.content) > COMPRESSED_BYTES_MIN


def test_an_xlsx_download_is_sent_as_it_is(served):
    packed = _download(served, "XLSX", "gzip")
    assert "content-encoding" not in packed.headers  # a ZIP already
    assert "Dự toán" in zipfile.ZipFile(io.BytesIO(packed.content)).read("xl/workbook.xml").decode()


def test_a_subscription_is_delivered_through_the_compression(served):
    protocols = ["graphql-transport-ws"]
    with served.api.client.websocket_connect("/graphql", subprotocols=protocols) as socket:
        bearer = f"Bearer {served.api.token('auditor')}"
        socket.send_json({"type": "connection_init", "payload": {"authorization": bearer}})
        assert socket.receive_json()["type"] == "connection_ack"
        socket.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": "subscription { journal(after: 0) { position } }"},
            }
        )
        message = socket.receive_json()
        assert message["type"] == "next", message
        assert message["payload"].get("data"), message
        assert int(message["payload"]["data"]["journal"]["position"]) == 1
        socket.send_json({"id": "1", "type": "complete"})


def test_gzip_is_real_gzip(served):
    raw = served.api.client.build_request(
        "GET",
        f"/graphql?{urlencode({'query': INTROSPECTION})}",
        headers={"Accept-Encoding": "gzip"},
    )
    response = served.api.client.send(raw, stream=True)
    packed = b"".join(response.iter_raw())
    response.close()
    assert gzip.decompress(packed).startswith(b'{"data"')


DASHBOARD = """query Dashboard {
  program(code: "BD-KC-2025") { code titleVi }
  targets(programCode: "BD-KC-2025") { indicator { code nameVi unit } target achieved }
  budget(programCode: "BD-KC-2025") { position totals { allocated paid available } } }"""


def _public_answer_hits(served: Served) -> float:
    text = served.api.client.get("/metrics").text
    found = re.search(r'khuyencong_public_answers_total\{result="hit"\} ([0-9.e+]+)', text)
    return float(found.group(1)) if found else 0.0


def test_a_kept_public_answer_is_given_right_to_gzip_and_plain_clients_alike(served):
    # Public answers are kept and given again; compression must not rewrite what is kept.
    hits = _public_answer_hits(served)
    answers = []
    for encoding in ("gzip", "identity", "gzip", "identity"):
        response = served.api.client.post(
            "/graphql", json={"query": DASHBOARD}, headers={"Accept-Encoding": encoding}
        )
        assert response.status_code == 200
        assert response.headers.get("content-encoding") == ("gzip" if encoding == "gzip" else None)
        answers.append(response.json())
    assert len(json.dumps(answers[0])) >= COMPRESSED_BYTES_MIN  # large enough to be compressed
    assert "errors" not in answers[0]
    assert all(answer == answers[0] for answer in answers)
    assert _public_answer_hits(served) - hits == 3  # kept from the first, gzipped or not
