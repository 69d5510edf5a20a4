"""An operator and an auditor at the command line: checkpoints, proofs, the audit pack and the
standalone verifier as separate processes, over a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from projections.log.keys import key_id, load_public_pem
from projections.log.merkle import root_from_inclusion, verify_consistency
from tests.e2e.cli import khuyencong
from tests.history import build_history
from tests.integration.test_audit_log import tamper_with_a_stored_event
from tests.support import ReadSide, Scenario

VERIFIER = Path(__file__).resolve().parents[2] / "scripts" / "verify_audit_pack.py"


class Shell:
    def __init__(self, database_url: str, cwd: Path) -> None:
        self.env = {**os.environ, "KHUYENCONG_DATABASE_URL": database_url}
        self.cwd = cwd

    def khuyencong(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return khuyencong(self.env["KHUYENCONG_DATABASE_URL"], self.cwd, *args, **env)

    def verify(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(sys.executable, "-I", str(VERIFIER), *args)

    def run(self, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command,
            cwd=self.cwd,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


@pytest.fixture
def shell(scenario: Scenario, database_url: str, tmp_path: Path) -> Shell:
    build_history(scenario)
    sh = Shell(database_url, tmp_path)
    caught_up = sh.khuyencong("projector", "--until-caught-up")
    assert caught_up.returncode == 0, caught_up.stderr
    return sh


def test_an_auditor_holds_a_checkpoint_and_verifies_a_later_pack_against_it(
    shell: Shell, scenario: Scenario, tmp_path: Path
) -> None:
    signed = shell.khuyencong("checkpoint", "--out", "held.json")
    assert signed.returncode == 0, signed.stderr
    held = json.loads((tmp_path / "held.json").read_text(encoding="utf-8"))
    assert held == json.loads(signed.stdout)
    assert held["tree_size"] == scenario.ledger.head_position()
    assert (tmp_path / "var" / "signing-key.pem").stat().st_mode & 0o077 == 0  # owner only

    key = shell.khuyencong("public-key")
    assert key_id(load_public_pem(key.stdout)) == held["key_id"]
    listed = shell.khuyencong("checkpoints")
    assert held["root_hash"] in listed.stdout

    scenario.allocate(5_000_000)  # the ledger moves on
    assert shell.khuyencong("projector", "--until-caught-up").returncode == 0
    exported = shell.khuyencong("audit-export", "--out", "pack.zip", "--program", "BD-KC-2025")
    assert exported.returncode == 0, exported.stderr
    verified = shell.verify("pack.zip", "--trusted-checkpoint", "held.json", "--json")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout)["ok"] is True


def test_proofs_from_the_command_line_check_with_the_rfc_algorithms(shell: Shell) -> None:
    inclusion = shell.khuyencong("prove-inclusion", "5")
    assert inclusion.returncode == 0, inclusion.stderr
    proof = json.loads(inclusion.stdout)
    path = [bytes.fromhex(h) for h in proof["path"]]
    leaf = bytes.fromhex(proof["leaf_hash"])
    root = root_from_inclusion(proof["leaf_index"], proof["tree_size"], leaf, path)
    assert root.hex() == proof["root_hash"]

    consistency = shell.khuyencong("prove-consistency", "10", str(proof["tree_size"]))
    assert consistency.returncode == 0, consistency.stderr
    c = json.loads(consistency.stdout)
    assert c["to_root"] == proof["root_hash"]
    assert verify_consistency(
        10,
        c["to_size"],
        bytes.fromhex(c["from_root"]),
        bytes.fromhex(c["to_root"]),
        [bytes.fromhex(h) for h in c["path"]],
    )


def test_an_event_altered_in_the_database_is_caught_by_check_and_by_the_verifier(
    shell: Shell, read_side: ReadSide
) -> None:
    assert shell.khuyencong("checkpoint").returncode == 0
    tamper_with_a_stored_event(read_side)
    checked = shell.khuyencong("check")
    assert checked.returncode == 1
    assert "no longer give the root" in checked.stderr
    assert shell.khuyencong("audit-export", "--out", "pack.zip").returncode == 0
    verified = shell.verify("pack.zip")
    assert verified.returncode == 17
    assert "ROOT_MISMATCH" in verified.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("prove-inclusion", "999999"), "INVALID_QUERY [position]"),
        (("prove-consistency", "0", "5"), "INVALID_QUERY [fromSize]"),
        (("audit-export", "--out", "late.zip", "--to-position", "999999"), "INVALID_QUERY"),
        (
            ("audit-export", "--out", "other.zip", "--program", "NOPE"),
            "UNKNOWN_PROGRAM [programCode]",
        ),
    ],
)
def test_refused_audit_commands_exit_2_with_the_code_and_write_nothing(
    shell: Shell, tmp_path: Path, args: tuple[str, ...], code: str
) -> None:
    result = shell.khuyencong(*args)
    assert result.returncode == 2
    assert code in result.stderr
    assert not any(p.suffix == ".zip" for p in tmp_path.iterdir())


def test_a_signing_key_that_is_not_one_is_refused(shell: Shell, tmp_path: Path) -> None:
    wrong = tmp_path / "not-a-key.pem"
    wrong.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
    result = shell.khuyencong("checkpoint", KHUYENCONG_SIGNING_KEY_FILE=str(wrong))
    assert result.returncode == 2
    assert "SIGNING_KEY_INVALID" in result.stderr


def test_an_empty_log_has_nothing_to_sign(database_url: str, tmp_path: Path) -> None:
    result = Shell(database_url, tmp_path).khuyencong("checkpoint")
    assert result.returncode == 2
    assert "LOG_EMPTY" in result.stderr
