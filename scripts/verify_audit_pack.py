#!/usr/bin/env python3
"""Verify a khuyencong audit pack offline, trusting neither the server nor its operators.

An audit pack (``khuyencong audit-export``) is a zip of the ledger's whole event log, its signed
checkpoints, consistency proofs to later checkpoints, the signers' public keys and a digest of
the read model. This script checks, as docs/AUDITORS.md ("The verifier") specifies, that:

- the manifest is signed by the key it names, and every key file matches its id (and the key
  you pin with ``--public-key``);
- every event hashes to its ``leaf_hash``, none is missing, reordered or extra, and the Merkle
  root of the events (RFC 9162) equals the manifest's and every checkpoint's at its size;
- every checkpoint is signed, and every later checkpoint extends the pack's tree by its proof;
- a checkpoint you held before (``--trusted-checkpoint``) agrees with the pack;
- the budget figures recomputed from the events' own amounts equal ``digest.json``'s;
- every file matches its SHA-256 and size in the manifest.

Usage (Python 3.11+ and the ``cryptography`` package; nothing of the ledger's code)::

    python verify_audit_pack.py pack.zip [--trusted-checkpoint FILE] [--public-key FILE] [--json]

It fails closed: the first failed check stops it with ``FAIL <CODE>: <message>`` on standard
error (with ``--json``, also ``{"ok": false, "code": …, "message": …}`` on standard output) and
the code's exit status from the doc's table; 0 means every check passed. The checks run in the
order of that table, so a change is reported by its most specific code.

``events.jsonl`` is streamed, never loaded whole: memory holds the Merkle frontier (one hash per
bit of the tree size), the roots at the checkpoints' sizes and the budget lines and projects.

From Python: ``verify(path)`` returns a ``Summary`` or raises ``VerificationError``; ``main(argv)``
is the command line.
"""

import argparse
import hashlib
import io
import json
import os
import re
import struct
import sys
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import IO, Any, Final, NamedTuple, Self, TypeVar, cast

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

T = TypeVar("T")
LineKey = tuple[str, int, str, str]  # program code, fiscal year, funding source, holder
# Lines and approvals stored before budget holders existed are the province's.
LEGACY_HOLDER: Final = "74"

PACK_FORMAT: Final = "khuyencong-audit-pack/1"
CHECKPOINT_FORMAT: Final = "khuyencong-checkpoint/1"
MANIFEST: Final = "manifest.json"
MANIFEST_SIG: Final = "manifest.sig"
EVENTS: Final = "events.jsonl"
CHECKPOINTS: Final = "checkpoints.jsonl"
CONSISTENCY: Final = "consistency.jsonl"
DIGEST: Final = "digest.json"
KEYS_DIR: Final = "keys/"
REQUIRED_FILES: Final = (EVENTS, CHECKPOINTS, CONSISTENCY, DIGEST)

# The codes in the order the checks run (docs/AUDITORS.md), with their exit statuses.
EXIT_STATUS: Final[Mapping[str, int]] = {
    "PACK_UNREADABLE": 2,
    "MANIFEST_SIGNATURE_INVALID": 10,
    "KEY_UNTRUSTED": 11,
    "EVENT_MALFORMED": 12,
    "EVENT_HASH_MISMATCH": 13,
    "EVENT_MISSING": 14,
    "EVENT_OUT_OF_ORDER": 15,
    "EVENT_UNEXPECTED": 16,
    "ROOT_MISMATCH": 17,
    "CHECKPOINT_MISSING": 18,
    "CHECKPOINT_SIGNATURE_INVALID": 19,
    "CONSISTENCY_PROOF_INVALID": 20,
    "TRUSTED_CHECKPOINT_INCONSISTENT": 21,
    "TOTALS_DIFFER": 22,
    "FILE_HASH_MISMATCH": 23,
}

FIGURES: Final = (
    "estimated",
    "allocated",
    "committed",
    "paid",
    "refunded",
    "available",
    "carried_in",
    "carried_out",
    "cancelled",
)
(
    ESTIMATED,
    ALLOCATED,
    COMMITTED,
    PAID,
    REFUNDED,
    AVAILABLE,
    CARRIED_IN,
    CARRIED_OUT,
    CANCELLED,
) = range(len(FIGURES))

HEX64: Final = re.compile(r"[0-9a-f]{64}")
ANY_CASE_HEX64: Final = re.compile(r"[0-9a-fA-F]{64}")
SIGNED_AMOUNT: Final = re.compile(r"-?[0-9]+")
U64_LIMIT: Final = 1 << 64
# u64(position) ‖ aggregate id ‖ u64(version) ‖ u32(len topic), behind RFC 9162's 0x00 leaf prefix
LEAF_HEAD: Final = struct.Struct(">xQ16sQI")
U32: Final = struct.Struct(">I")
EVENT_FIELDS: Final[tuple[tuple[str, type], ...]] = (
    ("leaf", int),
    ("position", int),
    ("aggregate_id", str),
    ("version", int),
    ("topic", str),
    ("state", str),
    ("leaf_hash", str),
)
# What reading a damaged zip raises: a bad CRC, broken deflate data, a truncated or encrypted
# member, an unsupported compression method.
ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)


class VerificationError(Exception):
    """The first failed check: a code of docs/AUDITORS.md and a message naming where it failed."""

    def __init__(self, code: str, message: str) -> None:
        if code not in EXIT_STATUS:
            raise ValueError(f"unknown verification code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.code]


def _unreadable(message: str) -> VerificationError:
    return VerificationError("PACK_UNREADABLE", message)


@dataclass(frozen=True)
class Summary:
    """What a successful verification covered, for the auditor's report."""

    pack: str
    origin: str
    program_code: str | None
    key_id: str
    events: int
    tree_size: int
    last_position: int
    root_hash: str
    checkpoints_verified: int
    later_checkpoints_verified: int
    budget_lines_compared: int
    trusted_checkpoint_size: int | None

    def as_json(self) -> dict[str, Any]:
        return {"ok": True, **asdict(self)}

    def text(self) -> str:
        program = self.program_code if self.program_code is not None else "all programs"
        lines = [
            f"OK {self.pack}: every check passed",
            f"  origin {self.origin!r}, manifest signed by key {self.key_id}",
            f"  events: {self.events} (tree size {self.tree_size}, "
            f"last position {self.last_position})",
            f"  root: {self.root_hash}",
            f"  checkpoints verified: {self.checkpoints_verified}, "
            f"later ones proved consistent: {self.later_checkpoints_verified}",
            f"  budget lines compared: {self.budget_lines_compared} ({program})",
        ]
        if self.trusted_checkpoint_size is not None:
            lines.append(f"  trusted checkpoint of size {self.trusted_checkpoint_size}: consistent")
        return "\n".join(lines)


# RFC 9162 Merkle trees ----------------------------------------------------------------------------

EMPTY_ROOT: Final = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 §2.1.1: the 0x00 prefix keeps a leaf from passing for an inner node."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1: the 0x01 prefix keeps an inner node from passing for a leaf."""
    return hashlib.sha256(b"\x01" + left + right).digest()


class Frontier:
    """The right edge of a growing tree: the roots of the complete subtrees that make up its
    size, largest first. Enough to give the root of every prefix while streaming the leaves,
    in memory logarithmic in the size."""

    __slots__ = ("nodes", "size")

    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.size = 0

    def append(self, leaf: bytes) -> None:
        """Add a leaf and merge the equal-sized subtrees it completes (one per trailing 1 bit
        of the old size)."""
        nodes = self.nodes
        nodes.append(leaf)
        index = self.size
        self.size = index + 1
        while index & 1:
            right = nodes.pop()
            nodes[-1] = hashlib.sha256(b"\x01" + nodes[-1] + right).digest()
            index >>= 1

    def root(self) -> bytes:
        """MTH of the leaves so far: the subtrees folded from the right, as RFC 9162 splits an
        incomplete tree at its largest power of two."""
        if not self.nodes:
            return EMPTY_ROOT
        result = self.nodes[-1]
        for left in reversed(self.nodes[:-1]):
            result = node_hash(left, result)
        return result


def merkle_root(leaves: Iterable[bytes]) -> bytes:
    """The RFC 9162 root over leaf hashes, through the same frontier the verifier streams with."""
    frontier = Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show that the tree of ``new_size`` leaves with root
    ``new_root`` extends the tree of ``old_size`` leaves with root ``old_root``?"""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    if not path:
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def leaf_data(position: int, aggregate_id: bytes, version: int, topic: str, state: str) -> bytes:
    """The bytes an event's leaf commits to (docs/AUDITORS.md, "The Merkle log"):
    u64(position) ‖ aggregate id ‖ u64(version) ‖ u32(len topic) ‖ topic ‖ u32(len state) ‖
    state. Every field is fixed-width or length-prefixed, so no two events encode alike."""
    topic_b = topic.encode("utf-8")
    state_b = state.encode("utf-8")
    return (
        struct.pack(">Q", position)
        + aggregate_id
        + struct.pack(">Q", version)
        + struct.pack(">I", len(topic_b))
        + topic_b
        + struct.pack(">I", len(state_b))
        + state_b
    )


# Signatures and keys ------------------------------------------------------------------------------


def key_id(public_key: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 over the raw 32-byte key: the name the pack files it by."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 key from SubjectPublicKeyInfo PEM; ValueError for anything else."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise ValueError(f"not a PEM public key ({error})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def signature_valid(public_key: Ed25519PublicKey, signature_hex: str, message: bytes) -> bool:
    """Whether the hex signature verifies; malformed hex is simply a signature that does not."""
    try:
        public_key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def checkpoint_text(origin: str, tree_size: int, root_hash: str, signed_at: str) -> bytes:
    """The exact bytes a checkpoint's signature covers (docs/AUDITORS.md, "Checkpoints")."""
    return (
        f"{CHECKPOINT_FORMAT}\norigin: {origin}\ntree_size: {tree_size}\n"
        f"root_hash: {root_hash}\ntime: {signed_at}\n"
    ).encode()


# Reading JSON strictly ----------------------------------------------------------------------------


def _json(raw: bytes, where: str) -> Any:
    """UTF-8 JSON or PACK_UNREADABLE: the pack's files are written as UTF-8, nothing else."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise _unreadable(f"{where}: not JSON ({error})") from None


def _object(value: object, where: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise _unreadable(f"{where}: not a JSON object")
    return cast(dict[str, Any], value)


def _field(obj: Mapping[str, Any], name: str, kind: type[T], where: str) -> T:
    """A field of exactly this JSON type: ``true`` must not pass for a count of 1."""
    if name not in obj:
        raise _unreadable(f"{where}: no {name!r}")
    value = obj[name]
    if type(value) is not kind:
        raise _unreadable(f"{where}: {name!r} is not {_TYPE_NAMES[kind]}")
    return value


_TYPE_NAMES: Final[Mapping[type, str]] = {
    int: "an integer",
    str: "a string",
    list: "a list",
    dict: "an object",
}


def _count(obj: Mapping[str, Any], name: str, where: str) -> int:
    value = _field(obj, name, int, where)
    if value < 0:
        raise _unreadable(f"{where}: {name!r} is negative")
    return value


def _hex64(obj: Mapping[str, Any], name: str, where: str) -> str:
    """A SHA-256 as the ledger writes it: 64 lower-case hex digits, which signed texts embed."""
    value = _field(obj, name, str, where)
    if not HEX64.fullmatch(value):
        raise _unreadable(f"{where}: {name!r} is not 64 lower-case hex digits")
    return value


def _optional_text(obj: Mapping[str, Any], name: str, where: str) -> str | None:
    if name not in obj:
        raise _unreadable(f"{where}: no {name!r}")
    value = obj[name]
    if value is not None and type(value) is not str:
        raise _unreadable(f"{where}: {name!r} is neither a string nor null")
    return value


# The pack's files ---------------------------------------------------------------------------------


class FileEntry(NamedTuple):
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` claims, signed as a whole by ``manifest.sig``."""

    origin: str
    program_code: str | None
    position: int
    tree_size: int
    root_hash: str
    key_id: str
    files: dict[str, FileEntry]

    @classmethod
    def parse(cls, raw: bytes) -> Self:
        obj = _object(_json(raw, MANIFEST), MANIFEST)
        if obj.get("format") != PACK_FORMAT:
            raise _unreadable(f"{MANIFEST}: format {obj.get('format')!r} is not {PACK_FORMAT!r}")
        # The doc calls it "program"; digest.json calls it "program_code": either is read.
        program_key = "program_code" if "program_code" in obj else "program"
        files = _field(obj, "files", dict, MANIFEST)
        return cls(
            origin=_field(obj, "origin", str, MANIFEST),
            program_code=_optional_text(obj, program_key, MANIFEST),
            position=_count(obj, "position", MANIFEST),
            tree_size=_count(obj, "tree_size", MANIFEST),
            root_hash=_hex64(obj, "root_hash", MANIFEST),
            key_id=_field(obj, "key_id", str, MANIFEST),
            files={name: _file_entry(entry, name) for name, entry in files.items()},
        )


def _file_entry(value: object, name: str) -> FileEntry:
    where = f"{MANIFEST} files[{name!r}]"
    entry = _object(value, where)
    size_key = "bytes" if "bytes" in entry else "size"
    return FileEntry(_hex64(entry, "sha256", where), _count(entry, size_key, where))


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement: the log of ``origin`` held ``tree_size`` events with this root."""

    origin: str
    tree_size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str

    @classmethod
    def parse(cls, value: object, where: str) -> Self:
        obj = _object(value, where)
        if obj.get("format") != CHECKPOINT_FORMAT:
            raise _unreadable(f"{where}: format {obj.get('format')!r} is not {CHECKPOINT_FORMAT!r}")
        return cls(
            origin=_field(obj, "origin", str, where),
            tree_size=_count(obj, "tree_size", where),
            root_hash=_hex64(obj, "root_hash", where),
            signed_at=_field(obj, "signed_at", str, where),
            key_id=_field(obj, "key_id", str, where),
            signature=_field(obj, "signature", str, where),
        )

    def signed_text(self) -> bytes:
        return checkpoint_text(self.origin, self.tree_size, self.root_hash, self.signed_at)

    def verifies(self, public_key: Ed25519PublicKey) -> bool:
        return signature_valid(public_key, self.signature, self.signed_text())

    def describe(self) -> str:
        return f"the checkpoint of size {self.tree_size} signed at {self.signed_at!r}"


class LaterCheckpoint(NamedTuple):
    """A checkpoint kept after the pack's size, with the proof that it extends the pack's tree."""

    line: int
    checkpoint: Checkpoint
    proof: tuple[bytes, ...]


@dataclass(frozen=True)
class Digest:
    """``digest.json``'s budget: the figures per (program, year, source, holder), as integers
    (a pack written before holders existed has none: its lines are the province's, 74)."""

    program_code: str | None
    lines: dict[LineKey, tuple[int, ...]]

    @classmethod
    def parse(cls, raw: bytes) -> Self:
        obj = _object(_json(raw, DIGEST), DIGEST)
        program = _optional_text(obj, "program_code", DIGEST)
        lines: dict[LineKey, tuple[int, ...]] = {}
        for index, item in enumerate(_field(obj, "budget", list, DIGEST)):
            where = f"{DIGEST} budget[{index}]"
            line = _object(item, where)
            key = (
                _field(line, "program_code", str, where),
                _field(line, "year", int, where),
                _field(line, "source", str, where),
                _field(line, "holder_code", str, where) if "holder_code" in line else LEGACY_HOLDER,
            )
            if key in lines:
                raise _unreadable(f"{where}: line {_line_name(key)} appears twice")
            lines[key] = tuple(_amount_text(line, name, where) for name in FIGURES)
        return cls(program, lines)


def _amount_text(line: Mapping[str, Any], name: str, where: str) -> int:
    """Amounts travel as digit strings, so no JSON reader rounds them through a float."""
    value = _field(line, name, str, where)
    if not SIGNED_AMOUNT.fullmatch(value):
        raise _unreadable(f"{where}: {name!r} is not a whole number of đồng: {value!r}")
    return int(value)


def _line_name(key: LineKey) -> str:
    return f"{key[0]} {key[1]} {key[2]} {key[3]}"


@contextmanager
def _zip_reading(name: str) -> Iterator[None]:
    """A damaged member (bad CRC, broken deflate data, encrypted) is an unreadable pack."""
    try:
        yield
    except ZIP_ERRORS as error:
        raise _unreadable(f"{name}: cannot be read from the zip ({error})") from None


class _Pack:
    """The zip's members by name. Two members of one name are refused: which one a reader sees
    would depend on the reader."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.filename in self.members:
                raise _unreadable(f"the zip holds two files named {info.filename!r}")
            self.members[info.filename] = info

    def require(self, name: str) -> None:
        if name not in self.members:
            raise _unreadable(f"the pack has no {name}")

    def read(self, name: str) -> bytes:
        """A small member whole (the manifest, its signature, a key, the digest)."""
        self.require(name)
        with _zip_reading(name):
            return self._archive.read(self.members[name])

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        self.require(name)
        with _zip_reading(name), self._archive.open(self.members[name]) as stream:
            yield stream

    def lines(self, name: str) -> Iterator[tuple[int, str]]:
        """A text member line by line, never whole: checkpoints may be many."""
        with self.open(name) as stream, _text(stream) as text:
            number = 0
            try:
                for number, line in enumerate(text, start=1):
                    yield number, line
            except UnicodeDecodeError:
                raise _unreadable(f"{name}: not UTF-8 text (after line {number})") from None

    def json_lines(self, name: str) -> Iterator[tuple[int, Any]]:
        for number, line in self.lines(name):
            try:
                value = json.loads(line)
            except (ValueError, RecursionError) as error:
                raise _unreadable(f"{name} line {number}: not JSON ({error})") from None
            yield number, value

    def file_entry(self, name: str) -> FileEntry:
        """SHA-256 and size of a member, read in chunks."""
        digest = hashlib.sha256()
        size = 0
        with self.open(name) as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return FileEntry(digest.hexdigest(), size)


def _text(stream: IO[bytes], errors: str = "strict") -> io.TextIOWrapper:
    """UTF-8 lines split on ``\\n`` only: JSON escapes every other control character, so no
    line of a valid file holds a bare ``\\r``."""
    return io.TextIOWrapper(stream, encoding="utf-8", errors=errors, newline="\n")


class _HashingReader(io.BufferedIOBase):
    """Passes a member's bytes through while hashing them, so the long ``events.jsonl`` is
    decompressed once for both its events and its SHA-256 in the manifest."""

    def __init__(self, inner: IO[bytes]) -> None:
        super().__init__()
        self._inner = inner
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        data = self._inner.read(-1 if size is None else size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def read1(self, size: int = -1, /) -> bytes:
        return self.read(size)

    def entry(self) -> FileEntry:
        return FileEntry(self.sha256.hexdigest(), self.size)


class _Keys:
    """The pack's public keys, each loaded once; ``keys/<key_id>.pem`` must hash to its id."""

    def __init__(self, pack: _Pack) -> None:
        self._pack = pack
        self._loaded: dict[str, Ed25519PublicKey] = {}

    @staticmethod
    def file_name(kid: str) -> str:
        return f"{KEYS_DIR}{kid}.pem"

    def find(self, kid: str) -> Ed25519PublicKey | None:
        if kid not in self._loaded and self.file_name(kid) in self._pack.members:
            self._loaded[kid] = self._load(self.file_name(kid))
        return self._loaded.get(kid)

    def get(self, kid: str, who: str) -> Ed25519PublicKey:
        key = self.find(kid)
        if key is None:
            raise VerificationError(
                "KEY_UNTRUSTED",
                f"{who} names key {kid!r}, but the pack has no {self.file_name(kid)}",
            )
        return key

    def _load(self, name: str) -> Ed25519PublicKey:
        try:
            return load_public_key(self._pack.read(name))
        except ValueError as error:
            raise VerificationError("KEY_UNTRUSTED", f"{name}: {error}") from None

    def check_files(self) -> None:
        """Every key file, named or not, is the key of its file name: a mislabelled key could
        otherwise vouch under another's name."""
        for name in sorted(self._pack.members):
            if not name.startswith(KEYS_DIR):
                continue
            kid = name[len(KEYS_DIR) :].removesuffix(".pem")
            if not name.endswith(".pem") or "/" in kid:
                raise VerificationError("KEY_UNTRUSTED", f"{name} is not a keys/<key_id>.pem file")
            actual = key_id(self._loaded.get(kid) or self._load(name))
            if actual != kid:
                raise VerificationError(
                    "KEY_UNTRUSTED", f"{name} holds the key {actual}, not the key {kid}"
                )


# Budget figures -----------------------------------------------------------------------------------

TOPIC_PREFIX: Final = "khuyencong:"


def _unwrap(obj: dict[str, Any]) -> Any:
    """Typed values are stored as {"_type_": …, "_data_": …}: the figures need only the data."""
    if len(obj) == 2 and "_type_" in obj and "_data_" in obj:
        return obj["_data_"]
    return obj


# One decoder for every state: json.loads with a hook would build a new one per event.
_STATE_DECODER: Final = json.JSONDecoder(object_hook=_unwrap)


def _amount(values: Mapping[str, Any], name: str) -> int:
    value = values[name]
    if type(value) is not int:
        raise ValueError(f"{name!r} is not an integer")
    return value


def _name(values: Mapping[str, Any], name: str) -> str:
    value = values[name]
    if type(value) is not str:
        raise ValueError(f"{name!r} is not a string")
    return value


def _source_amounts(values: Mapping[str, Any], name: str) -> list[tuple[str, int]]:
    """A list of SourceAmount: (funding source, amount in đồng)."""
    items = values[name]
    if type(items) is not list:
        raise ValueError(f"{name!r} is not a list")
    pairs = []
    for item in items:
        if type(item) is not dict:
            raise ValueError(f"an item of {name!r} is not an object")
        pairs.append((_name(item, "source"), _amount(item, "amount_vnd")))
    return pairs


def _by_source(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for source, amount in pairs:
        totals[source] = totals.get(source, 0) + amount
    return totals


class _Project:
    """Where a project's money sits: its program, its current budget year, and the holder of
    each source's line (the province's when none is named)."""

    __slots__ = ("holders", "program_code", "year")

    def __init__(self, program_code: str, year: int) -> None:
        self.program_code = program_code
        self.year = year
        self.holders: dict[str, str] = {}

    def holder(self, source: str) -> str:
        return self.holders.get(source, LEGACY_HOLDER)

    def name_holders(self, values: Mapping[str, Any]) -> None:
        """``holders`` (source → unit) of an approval or adjustment; absent before version 2."""
        named = values.get("holders", {})
        if type(named) is not dict:
            raise ValueError("'holders' is not an object")
        for source, holder in named.items():
            if type(holder) is not str:
                raise ValueError("a holder is not text")
            self.holders[str(source)] = holder


Effect = tuple[int, int]  # (figure index, sign)
ALLOCATE: Final[tuple[Effect, ...]] = ((ALLOCATED, 1), (AVAILABLE, 1))
COMMIT: Final[tuple[Effect, ...]] = ((COMMITTED, 1), (AVAILABLE, -1))
RELEASE: Final[tuple[Effect, ...]] = ((COMMITTED, -1), (AVAILABLE, 1))


class BudgetBook:
    """The nine figures of every budget line, recomputed from the events' own amounts as the
    doc's table says ("How the verifier recomputes the budget"). A line exists once opened or
    once a non-zero amount moves on it, as in the read model.

    A problem (a state that is not the event's JSON, an event for a line or project never
    opened) is kept, not raised: it is reported as TOTALS_DIFFER when the totals are compared,
    so an event altered and re-hashed is still reported first by the root it breaks."""

    def __init__(self) -> None:
        self.lines: dict[LineKey, list[int]] = {}
        self.problem: str | None = None
        self._line_of: dict[bytes, LineKey] = {}
        self._projects: dict[bytes, _Project] = {}
        handlers: dict[str, Callable[[bytes, dict[str, Any]], None]] = {
            "BudgetLine.Opened": self._line_opened,
            "BudgetLine.EstimateProposed": self._line_change("amount_vnd", (ESTIMATED, 1)),
            "BudgetLine.EstimateAdjusted": self._line_change("delta_vnd", (ESTIMATED, 1)),
            "BudgetLine.EstimateCancelled": self._line_change("amount_vnd", (ESTIMATED, -1)),
            "BudgetLine.Allocated": self._line_change("amount_vnd", *ALLOCATE),
            "BudgetLine.AllocationAdjusted": self._line_change("delta_vnd", *ALLOCATE),
            "BudgetLine.Cancelled": self._line_change(
                "amount_vnd", (CANCELLED, 1), (AVAILABLE, -1)
            ),
            "Project.Proposed": self._project_proposed,
            "Project.Approved": self._project_approved,
            "Project.Adjusted": self._project_adjusted,
            "Project.Cancelled": self._project_released,
            "Project.Settled": self._project_released,
            "Project.PaymentRecorded": self._project_paid(1),
            "Project.PaymentReversed": self._project_paid(-1),
            "Project.RefundReceived": self._project_refunded,
            "Project.CarriedOver": self._project_carried_over,
            "Project.HolderTransferred": self._project_transferred,
        }
        self.handlers: Final = {TOPIC_PREFIX + name: h for name, h in handlers.items()}

    def apply(self, topic: str, aggregate: bytes, state: str, leaf: int, position: int) -> None:
        """Apply one money-moving event; the caller has checked that ``topic`` is one."""
        if self.problem is not None:
            return
        try:
            values = _STATE_DECODER.decode(state)
            if type(values) is not dict:
                raise ValueError("the state is not a JSON object")
            self.handlers[topic](aggregate, values)
        except KeyError as error:
            self._note(leaf, position, topic, f"the state has no {error}")
        except (ValueError, TypeError, RecursionError) as error:
            self._note(leaf, position, topic, str(error))

    def _note(self, leaf: int, position: int, topic: str, reason: str) -> None:
        self.problem = (
            f"the figures cannot be recomputed from leaf {leaf} (position {position}, "
            f"{topic}): {reason}"
        )

    def _figures(self, key: LineKey) -> list[int]:
        figures = self.lines.get(key)
        if figures is None:
            figures = self.lines[key] = [0] * len(FIGURES)
        return figures

    # Budget lines

    def _line(self, aggregate: bytes) -> list[int]:
        key = self._line_of.get(aggregate)
        if key is None:
            raise ValueError(f"budget line {uuid.UUID(bytes=aggregate)} was never opened")
        return self._figures(key)

    def _line_opened(self, aggregate: bytes, values: dict[str, Any]) -> None:
        holder = _name(values, "holder_code") if "holder_code" in values else LEGACY_HOLDER
        key = (
            _name(values, "program_code"),
            _amount(values, "year"),
            _name(values, "source"),
            holder,
        )
        self._line_of[aggregate] = key
        self._figures(key)

    def _line_change(self, field: str, *effects: Effect) -> Callable[[bytes, dict[str, Any]], None]:
        """A budget line's own event: the amount in ``field`` moves these figures."""

        def change(aggregate: bytes, values: dict[str, Any]) -> None:
            amount = _amount(values, field)
            figures = self._line(aggregate)
            for figure, sign in effects:
                figures[figure] += sign * amount

        return change

    # Projects

    def _project(self, aggregate: bytes) -> _Project:
        project = self._projects.get(aggregate)
        if project is None:
            raise ValueError(f"project {uuid.UUID(bytes=aggregate)} was never proposed")
        return project

    def _move(
        self,
        project: _Project,
        year: int,
        source: str,
        amount: int,
        effects: Iterable[Effect],
        holder: str | None = None,
    ) -> None:
        """Money of a project on the line of its program, ``year``, ``source`` and holder (the
        one its commitment sits with). A zero amount moves nothing and opens no line, as the
        read model posts no zero legs."""
        if amount == 0:
            return
        key = (project.program_code, year, source, holder or project.holder(source))
        figures = self._figures(key)
        for figure, sign in effects:
            figures[figure] += sign * amount

    def _project_proposed(self, aggregate: bytes, values: dict[str, Any]) -> None:
        self._projects[aggregate] = _Project(_name(values, "program_code"), _amount(values, "year"))

    def _project_approved(self, aggregate: bytes, values: dict[str, Any]) -> None:
        project = self._project(aggregate)
        project.year = _amount(values, "budget_year")
        project.name_holders(values)
        for source, amount in _source_amounts(values, "support"):
            self._move(project, project.year, source, amount, COMMIT)

    def _project_adjusted(self, aggregate: bytes, values: dict[str, Any]) -> None:
        project = self._project(aggregate)
        project.name_holders(values)
        before = _by_source(_source_amounts(values, "previous_support"))
        after = _by_source(_source_amounts(values, "support"))
        for source in sorted(before.keys() | after.keys()):
            change = after.get(source, 0) - before.get(source, 0)
            self._move(project, project.year, source, change, COMMIT)

    def _project_released(self, aggregate: bytes, values: dict[str, Any]) -> None:
        """Cancelled or settled: unpaid support goes back; a refund due moves no figure until
        it is received, but like the read model's receivable it makes the line exist."""
        project = self._project(aggregate)
        for source, amount in _source_amounts(values, "released"):
            self._move(project, project.year, source, amount, RELEASE)
        for source, amount in _source_amounts(values, "refund_due"):
            self._move(project, project.year, source, amount, ())

    def _project_paid(self, sign: int) -> Callable[[bytes, dict[str, Any]], None]:
        def paid(aggregate: bytes, values: dict[str, Any]) -> None:
            project = self._project(aggregate)
            amount = _amount(values, "amount_vnd")
            self._move(project, project.year, _name(values, "source"), amount, ((PAID, sign),))

        return paid

    def _project_refunded(self, aggregate: bytes, values: dict[str, Any]) -> None:
        project = self._project(aggregate)
        amount = _amount(values, "amount_vnd")
        effects = ((REFUNDED, 1), (AVAILABLE, 1), (COMMITTED, -1))
        self._move(project, project.year, _name(values, "source"), amount, effects)

    def _project_carried_over(self, aggregate: bytes, values: dict[str, Any]) -> None:
        project = self._project(aggregate)
        from_year = _amount(values, "from_year")
        to_year = _amount(values, "to_year")
        for source, amount in _source_amounts(values, "amounts"):
            self._move(project, from_year, source, amount, ((COMMITTED, -1), (CARRIED_OUT, 1)))
            self._move(project, to_year, source, amount, ((COMMITTED, 1), (CARRIED_IN, 1)))
        project.year = to_year

    def _project_transferred(self, aggregate: bytes, values: dict[str, Any]) -> None:
        """A holder's open commitment passes to its successor: committed moves between the
        two holders' lines of the project's budget year."""
        project = self._project(aggregate)
        old, new = _name(values, "from_holder"), _name(values, "to_holder")
        year = _amount(values, "year")
        for source, amount in _source_amounts(values, "amounts"):
            self._move(project, year, source, amount, ((COMMITTED, -1),), old)
            self._move(project, year, source, amount, ((COMMITTED, 1),), new)
            project.holders[source] = new


def compare_budget(
    computed: Mapping[LineKey, Sequence[int]], digest: Digest, program_code: str | None
) -> int:
    """TOTALS_DIFFER at the first line (in program, year, source order) that is missing from
    either side or has a different figure; returns how many lines were compared."""
    expected = {
        key: tuple(figures)
        for key, figures in computed.items()
        if program_code is None or key[0] == program_code
    }
    for key in sorted(expected.keys() | digest.lines.keys()):
        reported = digest.lines.get(key)
        recomputed = expected.get(key)
        if reported is None:
            raise VerificationError(
                "TOTALS_DIFFER",
                f"line {_line_name(key)}: the events open it, {DIGEST} does not list it",
            )
        if recomputed is None:
            raise VerificationError(
                "TOTALS_DIFFER",
                f"line {_line_name(key)}: {DIGEST} lists it, the events do not open it"
                + (f" in program {program_code}" if program_code is not None else ""),
            )
        for name, theirs, ours in zip(FIGURES, reported, recomputed, strict=True):
            if theirs != ours:
                raise VerificationError(
                    "TOTALS_DIFFER",
                    f"line {_line_name(key)}: {name} is {theirs} in {DIGEST}, "
                    f"the events give {ours}",
                )
    return len(expected)


# The event log ------------------------------------------------------------------------------------


class _Jump(NamedTuple):
    """A line whose leaf index skipped ahead: a deletion, or half of a swap — the next line
    tells which."""

    line: int
    leaf: int
    position: int
    expected: int


@dataclass
class EventLog:
    """What streaming ``events.jsonl`` established."""

    events: int
    last_position: int
    root: bytes
    roots: dict[int, bytes]  # the root at each watched size
    file: FileEntry


class _EventReader:
    """Streams ``events.jsonl``: checks each line (malformed, hash, order, count), grows the
    Merkle frontier, keeps the roots at the sizes asked for and feeds the budget."""

    def __init__(self, manifest: Manifest, watched: Iterable[int], budget: BudgetBook) -> None:
        self.tree_size = manifest.tree_size
        self.last_allowed = manifest.position
        self.watched = frozenset(watched)
        self.budget = budget
        self.frontier = Frontier()
        self.roots: dict[int, bytes] = {0: EMPTY_ROOT} if 0 in self.watched else {}
        self.expected = 0
        self.previous = -1

    def read(self, pack: _Pack) -> EventLog:
        with pack.open(EVENTS) as raw:
            tee = _HashingReader(raw)
            # Bytes that are not UTF-8 become lone surrogates, which fail the line they are
            # on (as JSON, or when the leaf data is encoded): the failure names its line.
            with _text(cast(IO[bytes], tee), errors="surrogateescape") as text:
                self._stream(text)
        last_position = max(self.previous, 0)  # 0 for an empty log, as the ledger says
        return EventLog(self.expected, last_position, self.frontier.root(), self.roots, tee.entry())

    def _stream(self, lines: Iterable[str]) -> None:
        """The per-event path, in one loop over local names so a million events pass in
        seconds; anything unusual leaves it for a helper that names the failure."""
        loads = json.loads
        sha256 = hashlib.sha256
        head = LEAF_HEAD.pack
        u32 = U32.pack
        to_uuid = uuid.UUID
        append = self.frontier.append
        root = self.frontier.root
        watched, roots = self.watched, self.roots
        money, apply = self.budget.handlers, self.budget.apply
        tree_size, last_allowed = self.tree_size, self.last_allowed
        expected, previous = 0, -1
        pending: _Jump | None = None
        try:
            for number, line in enumerate(lines, start=1):
                try:
                    event = loads(line)
                    leaf = event["leaf"]
                    position = event["position"]
                    aggregate_id = event["aggregate_id"]
                    version = event["version"]
                    topic = event["topic"]
                    state = event["state"]
                    recorded = event["leaf_hash"]
                    if not (
                        type(leaf) is int
                        and type(position) is int
                        and type(version) is int
                        and type(aggregate_id) is str
                        and type(topic) is str
                        and type(state) is str
                        and type(recorded) is str
                    ):
                        raise TypeError
                    aggregate = to_uuid(aggregate_id).bytes
                    topic_b = topic.encode()
                    state_b = state.encode()
                    digest = sha256(
                        head(position, aggregate, version, len(topic_b))
                        + topic_b
                        + u32(len(state_b))
                        + state_b
                    ).digest()
                except (ValueError, KeyError, TypeError, struct.error, RecursionError):
                    raise _malformed(line, number) from None
                if digest.hex() != recorded:
                    _check_recorded_hash(digest, recorded, number, leaf, position)
                if (
                    pending is not None
                    or leaf != expected
                    or not previous < position <= last_allowed
                    or expected >= tree_size
                ):
                    self.expected, self.previous = expected, previous
                    pending = self._out_of_line(pending, number, leaf, position)
                    continue
                append(digest)
                expected += 1
                previous = position
                if expected in watched:
                    roots[expected] = root()
                if topic in money:
                    apply(topic, aggregate, state, leaf, position)
        except ZIP_ERRORS as error:
            raise _unreadable(f"{EVENTS}: cannot be read from the zip ({error})") from None
        self.expected, self.previous = expected, previous
        self._at_end(pending)

    def _out_of_line(self, pending: _Jump | None, number: int, leaf: int, position: int) -> _Jump:
        """Raises the failure of a line off the expected sequence, or returns the jump it
        makes, to be judged on the next line."""
        if pending is not None:
            raise _judge_jump(pending, f"line {number} holds leaf {leaf}", leaf)
        if leaf < 0:
            raise VerificationError("EVENT_MALFORMED", f"line {number}: leaf {leaf} is negative")
        where = f"line {number} (leaf {leaf}, position {position})"
        if leaf < self.expected:
            raise VerificationError(
                "EVENT_OUT_OF_ORDER",
                f"{where}: leaf {leaf} comes after leaf {self.expected - 1}; "
                f"leaf {self.expected} was expected",
            )
        if position <= self.previous:
            raise VerificationError(
                "EVENT_OUT_OF_ORDER",
                f"{where}: position {position} does not come after position {self.previous} "
                f"of leaf {self.expected - 1}",
            )
        if self.expected >= self.tree_size:
            raise VerificationError(
                "EVENT_UNEXPECTED",
                f"{where}: the manifest's tree_size is {self.tree_size}; this is event "
                f"{self.expected + 1}",
            )
        if position > self.last_allowed:
            raise VerificationError(
                "EVENT_UNEXPECTED",
                f"{where}: after the pack's last position {self.last_allowed}",
            )
        return _Jump(number, leaf, position, self.expected)

    def _at_end(self, pending: _Jump | None) -> None:
        if pending is not None:
            raise _judge_jump(pending, f"{EVENTS} ends there", None)
        if self.expected < self.tree_size:
            raise VerificationError(
                "EVENT_MISSING",
                f"{EVENTS} holds {self.expected} events, the manifest's tree_size is "
                f"{self.tree_size}: leaf {self.expected} onwards is missing",
            )


def _judge_jump(jump: _Jump, then: str, next_leaf: int | None) -> VerificationError:
    """A skipped leaf index followed by a smaller one is a swap (out of order); followed by a
    larger one, or by the end of the file, the skipped events are missing."""
    if next_leaf is not None and next_leaf < jump.leaf:
        return VerificationError(
            "EVENT_OUT_OF_ORDER",
            f"line {jump.line} holds leaf {jump.leaf} (position {jump.position}) where leaf "
            f"{jump.expected} was expected, and {then}",
        )
    skipped = (
        f"leaf {jump.expected} is"
        if jump.leaf == jump.expected + 1
        else f"leaves {jump.expected} to {jump.leaf - 1} are"
    )
    return VerificationError(
        "EVENT_MISSING",
        f"{skipped} missing: line {jump.line} holds leaf {jump.leaf} (position {jump.position}) "
        f"where leaf {jump.expected} was expected, and {then}",
    )


def _malformed(line: str, number: int) -> VerificationError:
    return VerificationError("EVENT_MALFORMED", f"line {number}: {_what_is_wrong(line)}")


def _what_is_wrong(line: str) -> str:
    """Why a line is not an event object: the slow path, run once, on failure."""
    try:
        event = json.loads(line)
    except (ValueError, RecursionError) as error:
        return f"not JSON ({error})"
    if type(event) is not dict:
        return "not a JSON object"
    for name, kind in EVENT_FIELDS:
        if name not in event:
            return f"no {name!r}"
        if type(event[name]) is not kind:
            return f"{name!r} is not {_TYPE_NAMES[kind]}"
    where = f"leaf {event['leaf']}"
    for name in ("position", "version"):
        if not 0 <= event[name] < U64_LIMIT:
            return f"{where}: {name!r} is not an unsigned 64-bit integer"
    try:
        uuid.UUID(event["aggregate_id"])
    except ValueError:
        return f"{where}: 'aggregate_id' is not a UUID"
    for name in ("topic", "state"):
        try:
            event[name].encode("utf-8")
        except UnicodeEncodeError:
            return f"{where}: {name!r} is not valid UTF-8 text"
    return f"{where}: not an event object"


def _check_recorded_hash(
    digest: bytes, recorded: str, number: int, leaf: int, position: int
) -> None:
    """The slow path of the hash check: upper-case hex is the same hash; anything not 64 hex
    digits is malformed; else the event was altered."""
    where = f"line {number} (leaf {leaf}, position {position})"
    if not ANY_CASE_HEX64.fullmatch(recorded):
        raise VerificationError("EVENT_MALFORMED", f"{where}: 'leaf_hash' is not 64 hex digits")
    if bytes.fromhex(recorded) != digest:
        raise VerificationError(
            "EVENT_HASH_MISMATCH",
            f"{where}: the event hashes to {digest.hex()}, its leaf_hash is {recorded.lower()}",
        )


# The verification, step by step -------------------------------------------------------------------


@dataclass(frozen=True)
class _Contents:
    """The pack's small files, read and shaped before any check that relies on them."""

    manifest_raw: bytes
    manifest: Manifest
    signature: str
    digest: Digest
    checkpoint_sizes: frozenset[int]
    signers: frozenset[str]


def _read_contents(pack: _Pack) -> _Contents:
    """PACK_UNREADABLE checks: every required file is present and is the JSON it should be."""
    manifest_raw = pack.read(MANIFEST)
    manifest = Manifest.parse(manifest_raw)
    try:
        signature = pack.read(MANIFEST_SIG).decode("ascii").strip()
    except UnicodeDecodeError:
        signature = ""  # not hex: MANIFEST_SIGNATURE_INVALID, in its turn
    for name in REQUIRED_FILES:
        pack.require(name)
    digest = Digest.parse(pack.read(DIGEST))
    sizes: set[int] = set()
    signers = {manifest.key_id}
    previous = -1
    for number, checkpoint in _checkpoints(pack):
        if checkpoint.tree_size <= previous:
            raise _unreadable(f"{CHECKPOINTS} line {number}: tree sizes do not ascend")
        if checkpoint.tree_size > manifest.tree_size:
            raise _unreadable(
                f"{CHECKPOINTS} line {number}: size {checkpoint.tree_size} is beyond the "
                f"pack's tree_size {manifest.tree_size}"
            )
        previous = checkpoint.tree_size
        sizes.add(checkpoint.tree_size)
        signers.add(checkpoint.key_id)
    signers.update(later.checkpoint.key_id for later in _later_checkpoints(pack))
    return _Contents(
        manifest_raw, manifest, signature, digest, frozenset(sizes), frozenset(signers)
    )


def _checkpoints(pack: _Pack) -> Iterator[tuple[int, Checkpoint]]:
    for number, value in pack.json_lines(CHECKPOINTS):
        yield number, Checkpoint.parse(value, f"{CHECKPOINTS} line {number}")


def _later_checkpoints(pack: _Pack) -> Iterator[LaterCheckpoint]:
    for number, value in pack.json_lines(CONSISTENCY):
        where = f"{CONSISTENCY} line {number}"
        item = _object(value, where)
        checkpoint = Checkpoint.parse(_field(item, "checkpoint", dict, where), where)
        proof = []
        for index, node in enumerate(_field(item, "proof", list, where)):
            if type(node) is not str or not HEX64.fullmatch(node):
                raise _unreadable(f"{where}: proof[{index}] is not 64 lower-case hex digits")
            proof.append(bytes.fromhex(node))
        yield LaterCheckpoint(number, checkpoint, tuple(proof))


def _check_manifest_signature(contents: _Contents, keys: _Keys) -> None:
    """MANIFEST_SIGNATURE_INVALID: the manifest, and through its hashes every file, is what the
    key signed. Without the key file nothing can be checked: KEY_UNTRUSTED."""
    key = keys.get(contents.manifest.key_id, MANIFEST)
    if not signature_valid(key, contents.signature, contents.manifest_raw):
        raise VerificationError(
            "MANIFEST_SIGNATURE_INVALID",
            f"{MANIFEST_SIG} does not verify over {MANIFEST} with key {contents.manifest.key_id}",
        )


def _check_keys(contents: _Contents, keys: _Keys, pinned: Ed25519PublicKey | None) -> None:
    """KEY_UNTRUSTED: every signer's key is in the pack under its own id, and the manifest's
    is the pinned one when a key is pinned."""
    keys.check_files()
    for kid in sorted(contents.signers):
        keys.get(kid, "a checkpoint")
    if pinned is not None:
        pack_key = keys.get(contents.manifest.key_id, MANIFEST)
        if _raw(pack_key) != _raw(pinned):
            raise VerificationError(
                "KEY_UNTRUSTED",
                f"the pack is signed by key {contents.manifest.key_id}, the pinned key is "
                f"{key_id(pinned)}",
            )


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _check_roots(pack: _Pack, manifest: Manifest, log: EventLog) -> None:
    """ROOT_MISMATCH: the events' root equals the manifest's, and every checkpoint's at its
    size (the first in size order is named, which bounds where the history changed)."""
    if log.root.hex() != manifest.root_hash:
        raise VerificationError(
            "ROOT_MISMATCH",
            f"the root of the {log.events} events is {log.root.hex()}, the manifest's is "
            f"{manifest.root_hash}",
        )
    for number, checkpoint in _checkpoints(pack):
        ours = log.roots[checkpoint.tree_size].hex()
        if ours != checkpoint.root_hash:
            raise VerificationError(
                "ROOT_MISMATCH",
                f"{CHECKPOINTS} line {number}: the root of the first {checkpoint.tree_size} "
                f"events is {ours}, {checkpoint.describe()} says {checkpoint.root_hash}",
            )


def _check_own_checkpoint(contents: _Contents) -> None:
    """CHECKPOINT_MISSING: a signed checkpoint at the pack's own size is what ties the
    manifest's root to a statement the ledger kept."""
    if contents.manifest.tree_size not in contents.checkpoint_sizes:
        raise VerificationError(
            "CHECKPOINT_MISSING",
            f"{CHECKPOINTS} has no checkpoint at the pack's tree_size "
            f"{contents.manifest.tree_size}",
        )


def _check_signatures(pack: _Pack, manifest: Manifest, keys: _Keys) -> tuple[int, int]:
    """CHECKPOINT_SIGNATURE_INVALID: every checkpoint, earlier or later, is signed by its key
    and speaks of this pack's log. Returns how many of each were checked."""
    earlier = later = 0
    for number, checkpoint in _checkpoints(pack):
        _check_signature(checkpoint, f"{CHECKPOINTS} line {number}", manifest, keys)
        earlier += 1
    for item in _later_checkpoints(pack):
        _check_signature(item.checkpoint, f"{CONSISTENCY} line {item.line}", manifest, keys)
        later += 1
    return earlier, later


def _check_signature(checkpoint: Checkpoint, where: str, manifest: Manifest, keys: _Keys) -> None:
    if not checkpoint.verifies(keys.get(checkpoint.key_id, where)):
        raise VerificationError(
            "CHECKPOINT_SIGNATURE_INVALID",
            f"{where}: the signature of {checkpoint.describe()} does not verify with key "
            f"{checkpoint.key_id}",
        )
    if checkpoint.origin != manifest.origin:
        raise VerificationError(
            "CHECKPOINT_SIGNATURE_INVALID",
            f"{where}: {checkpoint.describe()} is signed for origin {checkpoint.origin!r}, "
            f"the pack's is {manifest.origin!r}",
        )


def _check_consistency(pack: _Pack, manifest: Manifest, log: EventLog) -> None:
    """CONSISTENCY_PROOF_INVALID: each later checkpoint's tree extends the pack's tree."""
    for item in _later_checkpoints(pack):
        checkpoint = item.checkpoint
        if not verify_consistency(
            manifest.tree_size,
            checkpoint.tree_size,
            log.root,
            bytes.fromhex(checkpoint.root_hash),
            item.proof,
        ):
            raise VerificationError(
                "CONSISTENCY_PROOF_INVALID",
                f"{CONSISTENCY} line {item.line}: the proof does not show that "
                f"{checkpoint.describe()} extends the pack's tree of size {manifest.tree_size}",
            )


def _check_trusted(
    trusted: Checkpoint,
    pack: _Pack,
    manifest: Manifest,
    keys: _Keys,
    pinned: Ed25519PublicKey | None,
    log: EventLog,
) -> None:
    """TRUSTED_CHECKPOINT_INCONSISTENT: the checkpoint the auditor held is signed by a key of
    the pack (or the pinned one), for the same origin, and the pack's history contains it —
    by the events' own root at its size, or, for a larger one, by a proved later checkpoint."""
    key = keys.find(trusted.key_id)
    if key is None and pinned is not None and key_id(pinned) == trusted.key_id:
        key = pinned
    code = "TRUSTED_CHECKPOINT_INCONSISTENT"
    if key is None:
        raise VerificationError(
            code, f"the trusted checkpoint is signed by key {trusted.key_id}, not in the pack"
        )
    if not trusted.verifies(key):
        raise VerificationError(
            code, f"the trusted checkpoint's signature does not verify with key {trusted.key_id}"
        )
    if trusted.origin != manifest.origin:
        raise VerificationError(
            code,
            f"the trusted checkpoint is of origin {trusted.origin!r}, the pack of "
            f"{manifest.origin!r}",
        )
    if trusted.tree_size <= manifest.tree_size:
        ours = log.roots[trusted.tree_size].hex()
        if ours != trusted.root_hash:
            raise VerificationError(
                code,
                f"the root of the first {trusted.tree_size} events is {ours}, the trusted "
                f"checkpoint says {trusted.root_hash}",
            )
        return
    for item in _later_checkpoints(pack):
        later = item.checkpoint
        if (later.tree_size, later.root_hash) == (trusted.tree_size, trusted.root_hash):
            return  # its proof was verified in the previous step
    raise VerificationError(
        code,
        f"the trusted checkpoint of size {trusted.tree_size} is beyond the pack's tree_size "
        f"{manifest.tree_size}, and no proof in {CONSISTENCY} reaches its root",
    )


def _check_totals(contents: _Contents, budget: BudgetBook) -> int:
    """TOTALS_DIFFER: the digest's budget follows from the events; returns the lines compared."""
    if budget.problem is not None:
        raise VerificationError("TOTALS_DIFFER", budget.problem)
    program = contents.manifest.program_code
    if contents.digest.program_code != program:
        raise VerificationError(
            "TOTALS_DIFFER",
            f"{DIGEST} holds the figures of program {contents.digest.program_code!r}, the "
            f"manifest names program {program!r}",
        )
    return compare_budget(budget.lines, contents.digest, program)


def _check_files(pack: _Pack, manifest: Manifest, events_file: FileEntry) -> None:
    """FILE_HASH_MISMATCH: the zip holds exactly the files the manifest lists, byte for byte."""
    present = set(pack.members) - {MANIFEST, MANIFEST_SIG}
    for name in sorted(present | manifest.files.keys()):
        if name in (MANIFEST, MANIFEST_SIG):
            raise VerificationError(
                "FILE_HASH_MISMATCH", f"the manifest lists {name}, which it cannot hash"
            )
        if name not in manifest.files:
            raise VerificationError(
                "FILE_HASH_MISMATCH", f"{name} is in the zip but not in the manifest"
            )
        if name not in present:
            raise VerificationError(
                "FILE_HASH_MISMATCH", f"the manifest lists {name}, which the zip lacks"
            )
        listed = manifest.files[name]
        actual = events_file if name == EVENTS else pack.file_entry(name)
        if actual.size != listed.size:
            raise VerificationError(
                "FILE_HASH_MISMATCH",
                f"{name} is {actual.size} bytes, the manifest says {listed.size}",
            )
        if actual.sha256 != listed.sha256:
            raise VerificationError(
                "FILE_HASH_MISMATCH",
                f"{name} has SHA-256 {actual.sha256}, the manifest says {listed.sha256}",
            )


# Entry points -------------------------------------------------------------------------------------

TrustedInput = Mapping[str, Any] | str | bytes | os.PathLike[str]


def _trusted_checkpoint(value: TrustedInput) -> Checkpoint:
    """The auditor's own checkpoint: parsed JSON, JSON text, or a file of it. Unreadable is a
    usage error (PACK_UNREADABLE, exit 2)."""
    where = "the trusted checkpoint"
    if isinstance(value, os.PathLike):
        try:
            with open(value, "rb") as file:
                value = file.read()
        except OSError as error:
            raise _unreadable(f"{where}: cannot read {os.fspath(value)!r} ({error})") from None
    if isinstance(value, str):
        value = value.encode("utf-8")
    parsed = _json(value, where) if isinstance(value, bytes) else dict(value)
    return Checkpoint.parse(parsed, where)


def _pinned_key(pem: bytes | str) -> Ed25519PublicKey:
    try:
        return load_public_key(pem.encode("ascii") if isinstance(pem, str) else pem)
    except (ValueError, UnicodeEncodeError) as error:
        raise _unreadable(f"the pinned public key: {error}") from None


def verify(
    path: str | os.PathLike[str],
    trusted_checkpoint: TrustedInput | None = None,
    public_key_pem: bytes | str | None = None,
) -> Summary:
    """Run every check on the pack at ``path``, in the doc's order; returns what was verified
    or raises ``VerificationError`` with the first failure.

    ``trusted_checkpoint`` is a checkpoint held before (a JSON object, its text, or a path to
    it); ``public_key_pem`` pins the signing key (SubjectPublicKeyInfo PEM)."""
    trusted = None if trusted_checkpoint is None else _trusted_checkpoint(trusted_checkpoint)
    pinned = None if public_key_pem is None else _pinned_key(public_key_pem)
    name = os.fspath(path)
    try:
        archive = zipfile.ZipFile(path)
    except (*ZIP_ERRORS, ValueError) as error:
        raise _unreadable(f"{name!r} is not a readable zip file ({error})") from None
    with archive:
        return _verify_pack(_Pack(archive), name, trusted, pinned)


def _verify_pack(
    pack: _Pack, name: str, trusted: Checkpoint | None, pinned: Ed25519PublicKey | None
) -> Summary:
    contents = _read_contents(pack)
    manifest = contents.manifest
    keys = _Keys(pack)
    _check_manifest_signature(contents, keys)
    _check_keys(contents, keys, pinned)
    watched = set(contents.checkpoint_sizes)
    if trusted is not None and trusted.tree_size <= manifest.tree_size:
        watched.add(trusted.tree_size)
    budget = BudgetBook()
    log = _EventReader(manifest, watched, budget).read(pack)
    _check_roots(pack, manifest, log)
    _check_own_checkpoint(contents)
    earlier, later = _check_signatures(pack, manifest, keys)
    _check_consistency(pack, manifest, log)
    if trusted is not None:
        _check_trusted(trusted, pack, manifest, keys, pinned, log)
    lines = _check_totals(contents, budget)
    _check_files(pack, manifest, log.file)
    return Summary(
        pack=name,
        origin=manifest.origin,
        program_code=manifest.program_code,
        key_id=manifest.key_id,
        events=log.events,
        tree_size=manifest.tree_size,
        last_position=log.last_position,
        root_hash=log.root.hex(),
        checkpoints_verified=earlier,
        later_checkpoints_verified=later,
        budget_lines_compared=lines,
        trusted_checkpoint_size=None if trusted is None else trusted.tree_size,
    )


def _read_option_file(path: str | None, option: str) -> bytes | None:
    if path is None:
        return None
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise _unreadable(f"{option}: cannot read {path!r} ({error})") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verify_audit_pack.py",
        description="Verify a khuyencong audit pack offline (docs/AUDITORS.md).",
    )
    parser.add_argument("pack", help="the audit pack (zip) to verify")
    parser.add_argument(
        "--trusted-checkpoint",
        metavar="FILE",
        help="a checkpoint (JSON) you held before: the pack must agree with it",
    )
    parser.add_argument("--public-key", metavar="FILE", help="pin the ledger's signing key (PEM)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: 0 when every check passes, else the failed check's exit status."""
    _tolerate_any_terminal()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed its usage error (or the help)
        return stop.code if isinstance(stop.code, int) else 2
    try:
        trusted = _read_option_file(args.trusted_checkpoint, "--trusted-checkpoint")
        pinned = _read_option_file(args.public_key, "--public-key")
        summary = verify(args.pack, trusted, pinned)
    except VerificationError as error:
        return _report_failure(error, args.json)
    except Exception as error:  # never a traceback: anything unforeseen fails closed
        unforeseen = _unreadable(f"unexpected {type(error).__name__} while reading: {error}")
        return _report_failure(unforeseen, args.json)
    if args.json:
        print(json.dumps(summary.as_json(), indent=2))
    else:
        print(summary.text())
    return 0


def _tolerate_any_terminal() -> None:
    """Messages quote the pack's own text (origins, program codes, Vietnamese): on a terminal
    that cannot show a character it is escaped, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def _report_failure(error: VerificationError, as_json: bool) -> int:
    print(f"FAIL {error.code}: {error.message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"ok": False, "code": error.code, "message": error.message}))
    return error.exit_status


if __name__ == "__main__":
    sys.exit(main())
