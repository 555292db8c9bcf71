/** A connection's settings: PostgreSQL parameters answered, metaq settings checked by the input schema. */
import { InvalidSetting, UnknownParameter } from '../../src/pg/errors';
import { reportedParameters, SessionSettings } from '../../src/pg/settings';

const session = () => new SessionSettings(reportedParameters('ada', 'psql'));

describe('SessionSettings', () => {
  it('metaq settings become execution input fields; a statement comment overrides them', () => {
    const settings = session();
    settings.set('metaq.engine', 'duckdb');
    settings.set('metaq.workers', '2');
    settings.set('metaq.timeout_seconds', '30');
    expect(settings.inputFields()).toEqual({ engine: 'duckdb', workers: 2, limits: { timeoutSeconds: 30 } });
    expect(settings.inputFields({ workers: '1' })).toMatchObject({ workers: 1 });
    expect(settings.show('metaq.engine')).toBe('duckdb');
    settings.set('metaq.engine', undefined);
    expect(settings.show('metaq.engine')).toBe('auto');
  });

  it.each([
    ['metaq.engine', 'postgres', /invalid value for metaq\.engine: engine: .*Choose one of: auto, duckdb/],
    ['metaq.workers', 'many', /invalid value for metaq\.workers/],
    ['metaq.workers', '0', /invalid value for metaq\.workers/],
    ['metaq.colour', 'blue', /unrecognized setting "metaq\.colour": metaq knows metaq\.engine/],
  ])('SET %s = %s is refused, naming the setting', (name, value, message) => {
    const settings = session();
    const error = (() => {
      try {
        settings.set(name, value);
      } catch (caught) {
        return caught as InvalidSetting;
      }
    })();
    expect(error).toBeInstanceOf(InvalidSetting);
    expect(error?.message).toMatch(message);
    expect(settings.inputFields()).toEqual({});
  });

  it('a bad option in a statement comment is refused too', () => {
    expect(() => session().inputFields({ engine: 'nope' })).toThrow(/metaq\.engine/);
  });

  it('reported parameters come back as ParameterStatus, in their own spelling', () => {
    const settings = session();
    expect(settings.set('datestyle', 'ISO, DMY')).toEqual({ name: 'DateStyle', value: 'ISO, DMY' });
    expect(settings.show('datestyle')).toBe('ISO, DMY');
    expect(settings.set('datestyle', undefined)).toEqual({ name: 'DateStyle', value: 'ISO, MDY' });
    expect(settings.set('extra_float_digits', '3')).toBeUndefined();
    expect(settings.show('extra_float_digits')).toBe('3');
    expect(settings.show('server_version')).toBe('16.0');
  });

  it('client_encoding: UTF8 only', () => {
    const settings = session();
    expect(settings.set('client_encoding', 'utf-8')).toEqual({ name: 'client_encoding', value: 'UTF8' });
    expect(() => settings.set('client_encoding', 'LATIN1')).toThrow(
      /client_encoding LATIN1 is not supported/,
    );
  });

  it('SHOW of an unknown parameter', () => {
    expect(() => session().show('no_such_thing')).toThrow(UnknownParameter);
  });
});
