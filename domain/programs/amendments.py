"""What a changed program file may add to a recorded program without redefining it.

History is never rewritten: a file that differs from the recorded program is refused, unless
the only differences are amendments, each recorded as its own event —
- a unit's dated rename (``Program.UnitRenamed``), by the act that made it;
- a content item's text completed to the decision's (``Program.ContentTextCorrected``): the
  corrected text keeps what was recorded and adds what the decision says after it;
- an indicator marked approximate (``Program.IndicatorCorrected``) where the decision gives
  its target as an estimate (“dự kiến”).
Each only adds: a file that drops a recorded rename, shortens a text or unmarks an estimate is
a different program.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from domain.programs.definition import ProgramDefinition, UnitRename, to_data
from domain.programs.events import Program

DOCUMENT_REF_MAX_CHARS = 200


@dataclass(frozen=True)
class Amendment:
    event_class: type[Any]
    effective_on: date
    document_ref: str
    values: dict[str, Any]


def amendments(stored: ProgramDefinition, file: ProgramDefinition) -> list[Amendment] | None:
    """The amendments the file makes to the stored program, in a stable order (renames, texts,
    indicators); None when the file differs otherwise."""
    if _core(stored) != _core(file):
        return None
    renames = _renames(stored, file)
    texts = _texts(stored, file)
    indicators = _indicators(stored, file)
    if renames is None or texts is None or indicators is None:
        return None
    return renames + texts + indicators


def _core(d: ProgramDefinition) -> ProgramDefinition:
    """The program without what amendments may change."""
    return replace(
        d,
        units=tuple(replace(u, renamed=()) for u in d.units),
        contents=tuple(replace(c, title_vi="", title_en="") for c in d.contents),
        indicators=tuple(replace(i, approximate=False) for i in d.indicators),
    )


def _renames(stored: ProgramDefinition, file: ProgramDefinition) -> list[Amendment] | None:
    added: list[Amendment] = []
    for old, new in zip(stored.units, file.units, strict=True):
        if not set(old.renamed) <= set(new.renamed):
            return None  # a stored rename is history
        added += [_rename(new.code, r) for r in new.renamed if r not in old.renamed]
    return added


def _rename(unit_code: str, rename: UnitRename) -> Amendment:
    return Amendment(
        Program.UnitRenamed,
        rename.effective_from,
        rename.legal_basis[:DOCUMENT_REF_MAX_CHARS],
        {"unit_code": unit_code, "rename": to_data(rename)},
    )


def _texts(stored: ProgramDefinition, file: ProgramDefinition) -> list[Amendment] | None:
    basis = stored.legal_basis
    corrected: list[Amendment] = []
    for old, new in zip(stored.contents, file.contents, strict=True):
        if (old.title_vi, old.title_en) == (new.title_vi, new.title_en):
            continue
        if not (_completes(old.title_vi, new.title_vi) and _completes(old.title_en, new.title_en)):
            return None
        corrected.append(
            Amendment(
                Program.ContentTextCorrected,
                basis.decision_date,
                basis.decision_no,
                {
                    "content_code": new.code,
                    "title_vi": new.title_vi,
                    "title_en": new.title_en,
                    "previous_title_vi": old.title_vi,
                    "previous_title_en": old.title_en,
                },
            )
        )
    return corrected


def _completes(old: str, new: str) -> bool:
    return new.startswith(old)


def _indicators(stored: ProgramDefinition, file: ProgramDefinition) -> list[Amendment] | None:
    basis = stored.legal_basis
    marked: list[Amendment] = []
    for old, new in zip(stored.indicators, file.indicators, strict=True):
        if old.approximate == new.approximate:
            continue
        if old.approximate:
            return None  # an estimate stays an estimate
        marked.append(
            Amendment(
                Program.IndicatorCorrected,
                basis.decision_date,
                basis.decision_no,
                {"indicator_code": new.code, "approximate": True},
            )
        )
    return marked
