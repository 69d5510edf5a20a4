"""The schema lint: introspected as a client sees it, every type, field, argument, input field
and enum value has a description. The failure lists every one that has none."""

from __future__ import annotations

from typing import Any

from graphql import get_introspection_query, graphql_sync

from api.schema import build_schema

BUILT_IN = {"String", "Int", "Boolean", "ID", "Float"}


def undescribed(introspection: dict[str, Any]) -> list[str]:
    missing: list[str] = []
    for kind in introspection["__schema"]["types"]:
        name = kind["name"]
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not kind["description"]:
            missing.append(f"type {name}")
        for field in kind["fields"] or ():
            if not field["description"]:
                missing.append(f"field {name}.{field['name']}")
            for argument in field["args"]:
                if not argument["description"]:
                    missing.append(f"argument {name}.{field['name']}({argument['name']})")
        for field in kind["inputFields"] or ():
            if not field["description"]:
                missing.append(f"input field {name}.{field['name']}")
        for value in kind["enumValues"] or ():
            if not value["description"]:
                missing.append(f"enum value {name}.{value['name']}")
    return missing


def test_every_type_field_argument_input_field_and_enum_value_is_described():
    schema = build_schema()._schema
    result = graphql_sync(schema, get_introspection_query(descriptions=True))
    assert result.errors is None
    assert result.data is not None
    assert undescribed(result.data) == []


def test_the_lint_names_what_has_no_description():
    introspection = {
        "__schema": {
            "types": [
                {
                    "name": "Query",
                    "description": None,
                    "fields": [
                        {
                            "name": "a",
                            "description": "",
                            "args": [{"name": "x", "description": None}],
                        }
                    ],
                    "inputFields": None,
                    "enumValues": None,
                },
                {
                    "name": "Colour",
                    "description": "A colour.",
                    "fields": None,
                    "inputFields": [{"name": "hue", "description": None}],
                    "enumValues": [{"name": "RED", "description": None}],
                },
            ]
        }
    }
    assert undescribed(introspection) == [
        "type Query",
        "field Query.a",
        "argument Query.a(x)",
        "input field Colour.hue",
        "enum value Colour.RED",
    ]
