"""Fixtures of the export writers' tests."""

from __future__ import annotations

import pytest
import xmlschema

from finance.exports.model import ExportData
from tests.unit.exports.sample import IATI_SCHEMAS, export_data


@pytest.fixture
def data() -> ExportData:
    return export_data()


@pytest.fixture(scope="module")
def iati_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(IATI_SCHEMAS / "iati-activities-schema.xsd"))
