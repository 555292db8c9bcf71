/** Errors of the PostgreSQL protocol server; each ends up as an ErrorResponse with its SQLSTATE. */

/** The client sent bytes that are not the protocol (08P01 protocol_violation). */
export class ProtocolViolation extends Error {
  override name = 'ProtocolViolation' as const;
}

/** SCRAM failed: a wrong password, or a client that does not follow the exchange (28P01). */
export class AuthenticationFailed extends Error {
  override name = 'AuthenticationFailed' as const;
}

/** `SET metaq.<setting>` (or a leading metaq comment) with a value the query input refuses (22023). */
export class InvalidSetting extends Error {
  override name = 'InvalidSetting' as const;
  constructor(
    readonly setting: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** SHOW of a parameter this server does not know (42704 undefined_object, as PostgreSQL answers). */
export class UnknownParameter extends Error {
  override name = 'UnknownParameter' as const;
}

/** A statement this server does not answer: extended protocol, COPY, a SET it does not know (0A000). */
export class NotSupported extends Error {
  override name = 'NotSupported' as const;
}

/** The result files of a finished query could not be read back for the client (XX000). */
export class ResultUnreadable extends Error {
  override name = 'ResultUnreadable' as const;
}

/** A parameter value of the extended protocol that cannot become a literal of its type (22023). */
export class InvalidParameter extends Error {
  override name = 'InvalidParameter' as const;
}

/** metaq's catalog of tables could not be read for a pg_catalog or information_schema query (XX000). */
export class CatalogUnreadable extends Error {
  override name = 'CatalogUnreadable' as const;
}

/** Bind, Describe or Execute of a prepared statement or portal that does not exist (26000). */
export class UnknownPrepared extends Error {
  override name = 'UnknownPrepared' as const;
}

/** METAQ_PG_TLS_CERT / METAQ_PG_TLS_KEY set wrong: `metaq serve` does not start. */
export class TlsMisconfigured extends Error {
  override name = 'TlsMisconfigured' as const;
}
