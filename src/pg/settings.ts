/**
 * A connection's settings: the PostgreSQL parameters clients set and read (answered, not acted
 * on: every value is text in UTF-8 whatever they ask), and the metaq settings that become fields
 * of each statement's execution input, checked by the input's own schema.
 */
import { InvalidQueryInput } from '../plan/errors';
import { parseQueryInput } from '../plan/input';
import { InvalidSetting, UnknownParameter } from './errors';

export const SERVER_VERSION = '16.0';

/** What PostgreSQL reports at startup (GUC_REPORT) and again whenever one of them is SET. */
export function reportedParameters(user: string, applicationName = ''): Record<string, string> {
  return {
    server_version: SERVER_VERSION,
    server_encoding: 'UTF8',
    client_encoding: 'UTF8',
    DateStyle: 'ISO, MDY',
    IntervalStyle: 'postgres',
    TimeZone: 'UTC',
    integer_datetimes: 'on',
    standard_conforming_strings: 'on',
    is_superuser: 'off',
    session_authorization: user,
    application_name: applicationName,
  };
}

/** `SET metaq.<name>`: which field of the execution input it fills, and how its text becomes a value. */
const metaqSettings: Record<string, { path: string[]; number: boolean }> = {
  engine: { path: ['engine'], number: false },
  platform: { path: ['platform'], number: false },
  workers: { path: ['workers'], number: true },
  spares: { path: ['spares'], number: true },
  memory_mb: { path: ['memoryMb'], number: true },
  timeout_seconds: { path: ['limits', 'timeoutSeconds'], number: true },
};

export const METAQ_SETTINGS = Object.keys(metaqSettings).map((name) => `metaq.${name}`);

export class SessionSettings {
  /** By lower-case name, as PostgreSQL matches them; the reported ones keep their spelling. */
  private readonly parameters = new Map<string, { name: string; value: string }>();
  private readonly metaq = new Map<string, string>();

  constructor(private readonly defaults: Record<string, string>) {
    for (const [name, value] of Object.entries(defaults))
      this.parameters.set(name.toLowerCase(), { name, value });
  }

  /**
   * Applies a SET (a value) or RESET (undefined); returns the ParameterStatus to send when the
   * parameter is one PostgreSQL reports.
   */
  set(name: string, value: string | undefined): { name: string; value: string } | undefined {
    if (name.startsWith('metaq.')) {
      const key = name.slice('metaq.'.length);
      if (value === undefined) this.metaq.delete(key);
      else {
        inputOf({ [key]: value });
        this.metaq.set(key, value);
      }
      return undefined;
    }
    if (name === 'client_encoding' && value !== undefined && !/^(utf-?8|unicode)$/i.test(value))
      throw new InvalidSetting(
        'client_encoding',
        `client_encoding ${value} is not supported: metaq speaks UTF8 only`,
      );
    const known = this.parameters.get(name);
    const spelled = known?.name ?? name;
    const defaulted = Object.entries(this.defaults).find(([key]) => key.toLowerCase() === name)?.[1];
    const next = value ?? defaulted ?? '';
    this.parameters.set(name, { name: spelled, value: name === 'client_encoding' ? 'UTF8' : next });
    return spelled in this.defaults
      ? { name: spelled, value: this.parameters.get(name)?.value ?? '' }
      : undefined;
  }

  show(name: string): string {
    if (name.startsWith('metaq.')) {
      const key = name.slice('metaq.'.length);
      if (!(key in metaqSettings)) throw unknownMetaqSetting(name);
      return this.metaq.get(key) ?? (key === 'engine' ? 'auto' : '');
    }
    const known = this.parameters.get(name);
    if (!known) throw new UnknownParameter(`unrecognized configuration parameter "${name}"`);
    return known.value;
  }

  /** The execution input's fields from the session's settings, then the statement's comment over them. */
  inputFields(statementOptions: Record<string, string> = {}): Record<string, unknown> {
    return inputOf({ ...Object.fromEntries(this.metaq), ...statementOptions });
  }
}

/** Fields of the execution input from metaq settings, each checked by the input schema. */
export function inputOf(settings: Record<string, string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(settings)) {
    const setting = metaqSettings[key];
    if (!setting) throw unknownMetaqSetting(`metaq.${key}`);
    const value = setting.number && /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
    const [field, inner] = setting.path;
    fields[field] = inner ? { ...(fields[field] as object | undefined), [inner]: value } : value;
    try {
      parseQueryInput({ sql: 'SELECT 1', [field]: fields[field] });
    } catch (error) {
      if (!(error instanceof InvalidQueryInput)) throw error;
      throw new InvalidSetting(`metaq.${key}`, `invalid value for metaq.${key}: ${error.message}`, {
        cause: error,
      });
    }
  }
  return fields;
}

function unknownMetaqSetting(name: string): InvalidSetting {
  return new InvalidSetting(name, `unrecognized setting "${name}": metaq knows ${METAQ_SETTINGS.join(', ')}`);
}
