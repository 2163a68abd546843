"""The data layer: tables and names from entities, Supabase types, data sources, hooks, migration file."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from replicast.codegen import project_files
from replicast.codegen.datalayer import data_files, database_types
from replicast.codegen.schema import plan_tables, quote_ident, quote_literal, snake
from replicast.spec.models import Entity, EntityField
from tests.codegen.specs import HOSTILE_NAMES, sign_in_spec


def todo() -> Entity:
    return Entity(
        name="Todo item",
        fields=[
            EntityField(name="Title", type="text", required=True),
            EntityField(name="Done", type="boolean"),
            EntityField(name="Estimate (h)", type="number"),
        ],
        source="list",
    )


def test_names_are_snake_case_plural_and_unique() -> None:
    tables = plan_tables([todo(), Entity(name="todo items", fields=[EntityField(name="x", type="text")])])

    assert [t.name for t in tables] == ["todo_items", "todo_items_2"]
    assert [t.type_name for t in tables] == ["TodoItem", "TodoItems"]
    assert [t.hook for t in tables] == ["useTodoItems", "useTodoItems2"]
    assert [c.name for c in tables[0].columns] == ["title", "done", "estimate_h"]


def test_hostile_names_become_plain_identifiers() -> None:
    tables = plan_tables([Entity(name=n, fields=[EntityField(name=n, type="text")]) for n in HOSTILE_NAMES])

    for t in tables:
        for name in (t.name, t.index, *(c.name for c in t.columns), *(p for p, _ in t.policies)):
            assert re.fullmatch(r"[a-z][a-z0-9_]*", name) and len(name) <= 63, name
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", t.type_name) and re.fullmatch(r"use[A-Za-z0-9]+", t.hook)
    assert snake("'); DROP TABLE x; --", "t") == "drop_table_x"


def test_quoting() -> None:
    assert quote_ident('a"b') == '"a""b"'
    assert quote_literal("it's\x00") == "'it''s'"


def test_types_follow_the_fields() -> None:
    types = database_types(plan_tables([todo()]))

    assert "      todo_items: {\n        Row: {\n          id: string;" in types
    assert "          title: string;\n          done: boolean;\n          estimate_h: number | null;" in types
    assert "        Insert: {\n          id?: string;" in types and "          title: string;" in types
    assert "        Update: {" in types and "          title?: string;" in types


def test_no_records_no_data_layer() -> None:
    files = project_files(sign_in_spec())

    assert not any(k.startswith(("src/lib/", "supabase/")) for k in files)
    assert data_files(()) == {}


def test_records_bring_a_migration_a_typed_client_and_hooks() -> None:
    spec = sign_in_spec().model_copy(update={"entities": [todo()]})

    files = project_files(spec, created=datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC))

    assert "supabase/migrations/20260504030201_init.sql" in files
    for path in (
        "database.types.ts",
        "dataSource.ts",
        "localDataSource.ts",
        "supabaseDataSource.ts",
        "data.ts",
    ):
        assert f"src/lib/{path}" in files
    hook = files["src/hooks/useTodoItems.ts"].decode()
    assert "export function useTodoItems() {" in hook and 'const TABLE = "todo_items";' in hook
    data = files["src/lib/data.ts"].decode()
    assert "import.meta.env.VITE_SUPABASE_URL" in data and 'import("./supabaseDataSource")' in data
    readme = files["README.md"].decode()
    assert "npx supabase db push" in readme and "VITE_SUPABASE_ANON_KEY" in readme
