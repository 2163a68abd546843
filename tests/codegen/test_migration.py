"""The generated migration on a real PostgreSQL: it applies, and row-level security holds.

A throwaway database gets the small part of Supabase the migration relies on (the `auth` schema with
`auth.users` and `auth.uid()` reading `request.jwt.claim.sub`, the roles anon and authenticated),
then the migration. Needs PostgreSQL on 127.0.0.1:5432 as user postgres (trust auth); fails without.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from replicast.codegen.schema import MAX_IDENT_BYTES, migration_sql, plan_tables
from replicast.spec.models import Entity, EntityField
from tests.codegen.specs import HOSTILE_NAMES

Db = psycopg.Connection[tuple[object, ...]]
ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
SUPABASE_AUTH = """
do $$ begin
  if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin;
  end if;
end $$;
create schema auth;
create table auth.users (id uuid primary key);
create function auth.uid() returns uuid language sql stable as $$
  select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid
$$;
grant usage on schema public, auth to anon, authenticated;
grant execute on function auth.uid() to anon, authenticated;
-- as on Supabase, both API roles may use every table the migrations create: RLS decides the rows
alter default privileges in schema public
  grant select, insert, update, delete on tables to anon, authenticated;
"""
USER_A = uuid.UUID("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")
USER_B = uuid.UUID("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")


def entities() -> list[Entity]:
    fields = [
        EntityField(name="Title", type="text", required=True, example="Read chapter 4"),
        EntityField(name="Email", type="email"),
        EntityField(name="Done", type="boolean"),
        EntityField(name="Due", type="date"),
        EntityField(name="Estimate", type="number"),
        EntityField(name="Link", type="url"),
    ]
    hostile = [EntityField(name=name, type="text") for name in HOSTILE_NAMES]
    return [
        Entity(name="Todo", fields=fields, source="list"),
        Entity(name="Todos", fields=[EntityField(name="id", type="text"), *hostile]),
        *(Entity(name=name, fields=[EntityField(name=name, type="text")]) for name in HOSTILE_NAMES),
    ]


@pytest.fixture(scope="module")
def db() -> Iterator[Db]:
    """A fresh database with Supabase's auth pieces and the migration applied, dropped afterwards."""
    name = f"replicast_rls_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port=5432 user=postgres dbname={name}", autocommit=True
        ) as conn:
            conn.execute(SUPABASE_AUTH)
            conn.execute(migration_sql(plan_tables(entities())))
            conn.execute("insert into auth.users (id) values (%s), (%s)", (USER_A, USER_B))
            yield conn
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def as_role(conn: Db, role: str, user: uuid.UUID | None = None) -> None:
    """Start a transaction acting as Supabase's PostgREST would for this request."""
    conn.execute("begin")
    conn.execute(sql.SQL("set local role {}").format(sql.Identifier(role)))
    conn.execute("select set_config('request.jwt.claim.sub', %s, true)", (str(user) if user else "",))


def test_every_entity_has_a_table_with_owner_index_and_rls(
    db: Db,
) -> None:
    tables = plan_tables(entities())

    rows = db.execute(
        "select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = 'public' and c.relkind = 'r'"
    ).fetchall()

    assert sorted(r[0] for r in rows) == sorted(t.name for t in tables)
    assert all(r[1] for r in rows)
    indexes = {r[0] for r in db.execute("select indexname from pg_indexes where schemaname = 'public'")}
    assert {t.index for t in tables} <= indexes
    policies = db.execute("select count(*) from pg_policies where schemaname = 'public'").fetchone()
    assert policies == (4 * len(tables),)


def test_names_are_unique_and_fit_postgres(db: Db) -> None:
    tables = plan_tables(entities())
    relations = [t.name for t in tables] + [t.index for t in tables]

    assert len(set(relations)) == len(relations)
    for t in tables:
        columns = ["id", "user_id", "created_at", *(c.name for c in t.columns)]
        assert len(set(columns)) == len(columns)
        for name in [*columns, *(p for p, _ in t.policies), t.name, t.index]:
            assert len(name.encode()) <= MAX_IDENT_BYTES, name
    # the labels are kept, exactly, as comments
    comments = {r[0] for r in db.execute("select description from pg_description")}
    assert {n for n in HOSTILE_NAMES if n} <= comments  # an empty comment is no comment


def test_anon_sees_nothing_and_writes_nothing(db: Db) -> None:
    as_role(db, "authenticated", USER_A)
    db.execute("""insert into public."todos" ("title") values ('mine')""")
    db.execute("commit")

    as_role(db, "anon")
    try:
        assert db.execute('select count(*) from public."todos"').fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("""insert into public."todos" ("title", "user_id") values ('x', %s)""", (USER_A,))
    finally:
        db.execute("rollback")


def test_a_user_neither_reads_nor_changes_another_users_rows(
    db: Db,
) -> None:
    # Given a row of user A
    as_role(db, "authenticated", USER_A)
    (row_id,) = db.execute(
        """insert into public."todos" ("title", "email") values ('A secret', 'a@example.com') returning id"""
    ).fetchone() or (None,)
    owner = db.execute('select user_id from public."todos" where id = %s', (row_id,)).fetchone()
    db.execute("commit")
    assert owner == (USER_A,)  # the owner column defaults to auth.uid()

    # When user B reads, updates and deletes it, and tries to write a row as A
    as_role(db, "authenticated", USER_B)
    try:
        seen = db.execute('select count(*) from public."todos" where id = %s', (row_id,)).fetchone()
        updated = db.execute(
            """update public."todos" set "title" = 'pwned' where id = %s""", (row_id,)
        ).rowcount
        deleted = db.execute('delete from public."todos" where id = %s', (row_id,)).rowcount
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("""insert into public."todos" ("title", "user_id") values ('forged', %s)""", (USER_A,))
    finally:
        db.execute("rollback")

    # Then B saw nothing and changed nothing
    assert (seen, updated, deleted) == ((0,), 0, 0)
    as_role(db, "authenticated", USER_A)
    try:
        assert db.execute('select "title" from public."todos" where id = %s', (row_id,)).fetchone() == (
            "A secret",
        )
    finally:
        db.execute("rollback")


def test_columns_check_what_their_type_says(db: Db) -> None:
    as_role(db, "authenticated", USER_A)
    try:
        with pytest.raises(psycopg.errors.CheckViolation):
            db.execute("""insert into public."todos" ("title", "email") values ('t', 'not an email')""")
    finally:
        db.execute("rollback")
    as_role(db, "authenticated", USER_A)
    try:
        with pytest.raises(psycopg.errors.NotNullViolation):
            db.execute("""insert into public."todos" ("email") values ('a@example.com')""")
    finally:
        db.execute("rollback")
