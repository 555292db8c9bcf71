/**
 * pg_catalog and information_schema as metaq answers them: PostgreSQL 16's columns (as clients
 * read them), in a DuckDB of their own (catalog.ts). Tables hold the rows, filled from metaq's
 * catalog (catalog-rows.ts); the constant columns are defaults. Every pg_catalog relation DuckDB
 * emulates is declared here too, most of them empty (metaq has no indexes, constraints, views or
 * functions), so that DuckDB's own, which list DuckDB's objects, are never what answers.
 * PostgreSQL's types are DuckDB aliases (oid is BIGINT, name is VARCHAR), so that the columns are
 * declared in PostgreSQL's words and a client's `::oid` or `::name` works.
 */
import type { PG } from './pg-types';

/** The default collation (pg_collation 100), which text columns have. */
export const DEFAULT_COLLATION = 100;
/** pg_namespace.oid of public and pg_catalog, as in every PostgreSQL; information_schema's is assigned at initdb. */
export const NAMESPACES = { pg_catalog: 11, public: 2200, information_schema: 13_000 };
/** pg_authid.oid of the bootstrap superuser, who owns everything here (the `DEFAULT 10` of the owner columns). */
export const OWNER = { oid: 10, name: 'metaq' };
export const DATABASE = 'metaq';

export const typeAliases: Record<string, string> = {
  oid: 'BIGINT',
  xid: 'BIGINT',
  name: 'VARCHAR',
  aclitem: 'VARCHAR',
  pg_node_tree: 'VARCHAR',
  // The function's name, as PostgreSQL prints a regproc ('array_in'::regproc compares as text).
  regproc: 'VARCHAR',
  int2vector: 'SMALLINT[]',
  oidvector: 'BIGINT[]',
};

const text = (...names: string[]) => names.map((name) => `${name} VARCHAR`).join(', ');

export const pgRelations: Record<string, string> = {
  pg_namespace: 'oid oid, nspname name, nspowner oid DEFAULT 10, nspacl aclitem[]',
  pg_class: `oid oid, relname name, relnamespace oid DEFAULT 2200, reltype oid DEFAULT 0, reloftype oid DEFAULT 0,
    relowner oid DEFAULT 10, relam oid DEFAULT 2, relfilenode oid, reltablespace oid DEFAULT 0, relpages int4,
    reltuples float4 DEFAULT -1, relallvisible int4 DEFAULT 0, reltoastrelid oid DEFAULT 0, relhasindex bool DEFAULT false,
    relisshared bool DEFAULT false, relpersistence "char" DEFAULT 'p', relkind "char" DEFAULT 'r', relnatts int2,
    relchecks int2 DEFAULT 0, relhasrules bool DEFAULT false, relhastriggers bool DEFAULT false,
    relhassubclass bool DEFAULT false, relrowsecurity bool DEFAULT false, relforcerowsecurity bool DEFAULT false,
    relispopulated bool DEFAULT true, relreplident "char" DEFAULT 'd', relispartition bool DEFAULT false,
    relrewrite oid DEFAULT 0, relfrozenxid xid DEFAULT 0, relminmxid xid DEFAULT 0, relacl aclitem[], reloptions text[],
    relpartbound pg_node_tree`,
  pg_attribute: `attrelid oid, attname name, atttypid oid, attlen int2, attnum int2, attcacheoff int4 DEFAULT -1,
    atttypmod int4, attndims int2 DEFAULT 0, attbyval bool, attalign "char", attstorage "char",
    attcompression "char" DEFAULT '', attnotnull bool DEFAULT false, atthasdef bool DEFAULT false,
    atthasmissing bool DEFAULT false, attidentity "char" DEFAULT '', attgenerated "char" DEFAULT '',
    attisdropped bool DEFAULT false, attislocal bool DEFAULT true, attinhcount int2 DEFAULT 0,
    attstattarget int2 DEFAULT -1, attcollation oid, attacl aclitem[], attoptions text[], attfdwoptions text[],
    attmissingval text`,
  pg_type: `oid oid, typname name, typnamespace oid DEFAULT 11, typowner oid DEFAULT 10, typlen int2, typbyval bool,
    typtype "char" DEFAULT 'b', typcategory "char", typispreferred bool, typisdefined bool DEFAULT true,
    typdelim "char" DEFAULT ',', typrelid oid DEFAULT 0, typsubscript regproc DEFAULT '-', typelem oid DEFAULT 0,
    typarray oid DEFAULT 0, typinput regproc, typoutput regproc, typreceive regproc, typsend regproc,
    typmodin regproc DEFAULT '-', typmodout regproc DEFAULT '-', typanalyze regproc DEFAULT '-', typalign "char",
    typstorage "char", typnotnull bool DEFAULT false, typbasetype oid DEFAULT 0, typtypmod int4 DEFAULT -1,
    typndims int4 DEFAULT 0, typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl aclitem[]`,
  pg_tables: `schemaname name DEFAULT 'public', tablename name, tableowner name DEFAULT '${OWNER.name}', tablespace name,
    hasindexes bool DEFAULT false, hasrules bool DEFAULT false, hastriggers bool DEFAULT false,
    rowsecurity bool DEFAULT false`,
  pg_am: 'oid oid, amname name, amhandler regproc, amtype "char"',
  pg_database: `oid oid, datname name, datdba oid DEFAULT 10, encoding int4 DEFAULT 6, datlocprovider "char" DEFAULT 'c',
    datistemplate bool DEFAULT false, datallowconn bool DEFAULT true, datconnlimit int4 DEFAULT -1,
    datfrozenxid xid DEFAULT 0, datminmxid xid DEFAULT 1, dattablespace oid DEFAULT 1663, datcollate text DEFAULT 'C',
    datctype text DEFAULT 'C', daticulocale text, daticurules text, datcollversion text, datacl aclitem[]`,
  pg_tablespace: 'oid oid, spcname name, spcowner oid DEFAULT 10, spcacl aclitem[], spcoptions text[]',
  pg_collation: `oid oid, collname name, collnamespace oid DEFAULT 11, collowner oid DEFAULT 10, collprovider "char",
    collisdeterministic bool DEFAULT true, collencoding int4 DEFAULT -1, collcollate text, collctype text,
    colliculocale text, collicurules text, collversion text`,
  pg_roles: `rolname name, rolsuper bool DEFAULT true, rolinherit bool DEFAULT true, rolcreaterole bool DEFAULT true,
    rolcreatedb bool DEFAULT true, rolcanlogin bool DEFAULT false, rolreplication bool DEFAULT false,
    rolconnlimit int4 DEFAULT -1, rolpassword text DEFAULT '********', rolvaliduntil timestamptz,
    rolbypassrls bool DEFAULT true, rolconfig text[], oid oid`,
  // Empty: metaq's tables have none of these.
  pg_auth_members: `oid oid, roleid oid, member oid, grantor oid, admin_option bool, inherit_option bool,
    set_option bool`,
  pg_attrdef: 'oid oid, adrelid oid, adnum int2, adbin pg_node_tree',
  pg_constraint: `oid oid, conname name, connamespace oid, contype "char", condeferrable bool, condeferred bool,
    convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid, confupdtype "char",
    confdeltype "char", confmatchtype "char", conislocal bool, coninhcount int2, connoinherit bool, conkey int2[],
    confkey int2[], conpfeqop oid[], conppeqop oid[], conffeqop oid[], confdelsetcols int2[], conexclop oid[],
    conbin pg_node_tree`,
  pg_index: `indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool,
    indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool, indisclustered bool,
    indisvalid bool, indcheckxmin bool, indisready bool, indislive bool, indisreplident bool, indkey int2vector,
    indcollation oidvector, indclass oidvector, indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree`,
  pg_description: 'objoid oid, classoid oid, objsubid int4, description text',
  pg_depend:
    'classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype "char"',
  pg_enum: 'oid oid, enumtypid oid, enumsortorder float4, enumlabel name',
  pg_proc: `oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4, prorows float4,
    provariadic oid, prosupport regproc, prokind "char", prosecdef bool, proleakproof bool, proisstrict bool,
    proretset bool, provolatile "char", proparallel "char", pronargs int2, pronargdefaults int2, prorettype oid,
    proargtypes oidvector, proallargtypes oid[], proargmodes "char"[], proargnames text[],
    proargdefaults pg_node_tree, protrftypes oid[], prosrc text, probin text, prosqlbody pg_node_tree,
    proconfig text[], proacl aclitem[]`,
  pg_views: 'schemaname name, viewname name, viewowner name, definition text',
  pg_matviews: `schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool,
    ispopulated bool, definition text`,
  pg_indexes: 'schemaname name, tablename name, indexname name, tablespace name, indexdef text',
  pg_sequence: `seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, seqcache int8,
    seqcycle bool`,
  pg_sequences: `schemaname name, sequencename name, sequenceowner name, data_type text, start_value int8,
    min_value int8, max_value int8, increment_by int8, cycle bool, cache_size int8, last_value int8`,
  pg_inherits: 'inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool',
  pg_partitioned_table: `partrelid oid, partstrat "char", partnatts int2, partdefid oid, partattrs int2vector,
    partclass oidvector, partcollation oidvector, partexprs pg_node_tree`,
  pg_policy: `oid oid, polname name, polrelid oid, polcmd "char", polpermissive bool, polroles oid[],
    polqual pg_node_tree, polwithcheck pg_node_tree`,
  pg_statistic_ext: `oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4,
    stxkeys int2vector, stxkind "char"[], stxexprs pg_node_tree`,
  pg_publication: `oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool,
    pubdelete bool, pubtruncate bool, pubviaroot bool`,
  pg_publication_rel: 'oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector',
  pg_publication_namespace: 'oid oid, pnpubid oid, pnnspid oid',
  pg_trigger: `oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled "char",
    tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool,
    tginitdeferred bool, tgnargs int2, tgattr int2vector, tgargs text, tgqual pg_node_tree, tgoldtable name,
    tgnewtable name`,
  pg_rewrite: `oid oid, rulename name, ev_class oid, ev_type "char", ev_enabled "char", is_instead bool,
    ev_qual pg_node_tree, ev_action pg_node_tree`,
  pg_foreign_table: 'ftrelid oid, ftserver oid, ftoptions text[]',
  pg_extension: `oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, extversion text,
    extconfig oid[], extcondition text[]`,
  pg_prepared_statements: `name text, statement text, prepare_time timestamptz, parameter_types text[],
    result_types text[], from_sql bool, generic_plans int8, custom_plans int8`,
};

export const informationRelations: Record<string, string> = {
  schemata: `${text('catalog_name', 'schema_name', 'schema_owner', 'default_character_set_catalog')},
    ${text('default_character_set_schema', 'default_character_set_name', 'sql_path')}`,
  tables: `${text('table_catalog', 'table_schema', 'table_name', 'table_type', 'self_referencing_column_name')},
    ${text('reference_generation', 'user_defined_type_catalog', 'user_defined_type_schema')},
    ${text('user_defined_type_name')}, is_insertable_into VARCHAR DEFAULT 'NO', is_typed VARCHAR DEFAULT 'NO',
    commit_action VARCHAR`,
  columns: `${text('table_catalog', 'table_schema', 'table_name', 'column_name')}, ordinal_position INTEGER,
    column_default VARCHAR, is_nullable VARCHAR DEFAULT 'YES', data_type VARCHAR,
    character_maximum_length INTEGER, character_octet_length INTEGER, numeric_precision INTEGER,
    numeric_precision_radix INTEGER, numeric_scale INTEGER, datetime_precision INTEGER, interval_type VARCHAR,
    interval_precision INTEGER, ${text('character_set_catalog', 'character_set_schema', 'character_set_name')},
    ${text('collation_catalog', 'collation_schema', 'collation_name', 'domain_catalog', 'domain_schema')},
    ${text('domain_name', 'udt_catalog', 'udt_schema', 'udt_name', 'scope_catalog', 'scope_schema', 'scope_name')},
    maximum_cardinality INTEGER, dtd_identifier VARCHAR, is_self_referencing VARCHAR DEFAULT 'NO',
    is_identity VARCHAR DEFAULT 'NO', ${text('identity_generation', 'identity_start', 'identity_increment')},
    ${text('identity_maximum', 'identity_minimum')}, identity_cycle VARCHAR DEFAULT 'NO',
    is_generated VARCHAR DEFAULT 'NEVER', generation_expression VARCHAR, is_updatable VARCHAR DEFAULT 'NO'`,
  views: `${text('table_catalog', 'table_schema', 'table_name', 'view_definition', 'check_option', 'is_updatable')},
    ${text('is_insertable_into', 'is_trigger_updatable', 'is_trigger_deletable', 'is_trigger_insertable_into')}`,
};

/** pg_catalog's own tables, by the oids PostgreSQL fixes for them: 'pg_class'::regclass is 1259 everywhere. */
export const systemRelationOids: Record<string, number> = {
  pg_tablespace: 1213,
  pg_type: 1247,
  pg_attribute: 1249,
  pg_proc: 1255,
  pg_class: 1259,
  pg_authid: 1260,
  pg_auth_members: 1261,
  pg_database: 1262,
  pg_am: 2601,
  pg_attrdef: 2604,
  pg_constraint: 2606,
  pg_depend: 2608,
  pg_description: 2609,
  pg_index: 2610,
  pg_inherits: 2611,
  pg_namespace: 2615,
  pg_rewrite: 2618,
  pg_trigger: 2620,
  pg_extension: 3079,
  pg_foreign_table: 3118,
  pg_policy: 3256,
  pg_partitioned_table: 3350,
  pg_statistic_ext: 3381,
  pg_collation: 3456,
  pg_enum: 3501,
  pg_publication: 6104,
  pg_publication_rel: 6106,
  pg_publication_namespace: 6237,
};

export type PgTypeName = keyof typeof PG;

/** What pg_type and format_type say of each type a result column can have (PostgreSQL's pg_type.dat). */
export const typeDetails: Record<
  PgTypeName,
  { sqlName: string; category: string; preferred?: true; input: string; storage?: 'x' | 'm' }
> = {
  bool: { sqlName: 'boolean', category: 'B', preferred: true, input: 'boolin' },
  int8: { sqlName: 'bigint', category: 'N', input: 'int8in' },
  int2: { sqlName: 'smallint', category: 'N', input: 'int2in' },
  int4: { sqlName: 'integer', category: 'N', input: 'int4in' },
  text: { sqlName: 'text', category: 'S', preferred: true, input: 'textin', storage: 'x' },
  float4: { sqlName: 'real', category: 'N', input: 'float4in' },
  float8: { sqlName: 'double precision', category: 'N', preferred: true, input: 'float8in' },
  date: { sqlName: 'date', category: 'D', input: 'date_in' },
  time: { sqlName: 'time without time zone', category: 'D', input: 'time_in' },
  timestamp: { sqlName: 'timestamp without time zone', category: 'D', input: 'timestamp_in' },
  timestamptz: {
    sqlName: 'timestamp with time zone',
    category: 'D',
    preferred: true,
    input: 'timestamptz_in',
  },
  numeric: { sqlName: 'numeric', category: 'N', input: 'numeric_in', storage: 'm' },
  uuid: { sqlName: 'uuid', category: 'U', input: 'uuid_in' },
};

/** pg_type.typalign by length: uuid's 16 bytes align as char, variable lengths as int. */
export const alignOf = (size: number) => ({ 1: 'c', 2: 's', 4: 'i', 8: 'd' })[size] ?? (size > 0 ? 'c' : 'i');
