-- The ledger's two PostgreSQL roles (docs/operations.md, "Database roles"), created or brought up to date; run by a
-- superuser with psql variables migration_user, migration_password, service_user, service_password, database, schema.
-- ops/lib/postgres.sh runs it on every start; docker-compose.yml's init script runs it when the volume is new.
\set ON_ERROR_STOP on

select format('create role %I', :'migration_user') where not exists (select 1 from pg_roles where rolname = :'migration_user') \gexec
select format('create role %I', :'service_user') where not exists (select 1 from pg_roles where rolname = :'service_user') \gexec

-- The migration role owns the schema and everything in it; db-apply, seed and audit-backfill run as it.
alter role :"migration_user" login nosuperuser nocreatedb nocreaterole password :'migration_password';
grant connect, create on database :"database" to :"migration_user";

-- The service role owns nothing and is no member of the owner, so it cannot ALTER or DISABLE the ledger's triggers;
-- db-apply grants it the rest (DatabaseRoles.cs).
alter role :"service_user" login nosuperuser nocreatedb nocreaterole noinherit password :'service_password';
grant connect on database :"database" to :"service_user";
select format('revoke %I from %I', :'migration_user', :'service_user')
  where pg_has_role(:'service_user', :'migration_user', 'MEMBER') \gexec

-- A schema made before the roles existed (an older .data cluster, created by the superuser) is handed to the migration
-- role with everything in it, or db-apply could not alter it. Tables first: their serial sequences follow them.
select format('alter schema %I owner to %I', nspname, :'migration_user')
  from pg_namespace where nspname = :'schema' and pg_get_userbyid(nspowner) <> :'migration_user' \gexec
select format('alter table %I.%I owner to %I', n.nspname, c.relname, :'migration_user')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = :'schema' and c.relkind in ('r', 'p', 'v', 'm', 'f') and pg_get_userbyid(c.relowner) <> :'migration_user' \gexec
select format('alter sequence %I.%I owner to %I', n.nspname, c.relname, :'migration_user')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = :'schema' and c.relkind = 'S' and pg_get_userbyid(c.relowner) <> :'migration_user' \gexec
select format('alter routine %s owner to %I', p.oid::regprocedure, :'migration_user')
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = :'schema' and pg_get_userbyid(p.proowner) <> :'migration_user' \gexec
select format('alter type %I.%I owner to %I', n.nspname, t.typname, :'migration_user')
  from pg_type t join pg_namespace n on n.oid = t.typnamespace left join pg_class c on c.oid = t.typrelid
  where n.nspname = :'schema' and pg_get_userbyid(t.typowner) <> :'migration_user'
    and (t.typtype in ('e', 'd') or (t.typtype = 'c' and c.relkind = 'c')) \gexec
