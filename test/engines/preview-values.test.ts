/**
 * The preview's values: a DECIMAL a JSON number while a double holds it exactly, else its text; a
 * TIMESTAMP its wall-clock text to the millisecond.
 */
import { decimalValue, timestampText } from '../../src/engines/preview-values';

describe('decimalValue', () => {
  it.each([
    ['15.49', 15.49],
    ['0.10', 0.1],
    ['-1234567.05', -1234567.05],
    ['15.490', 15.49],
    ['100', 100],
    ['123456789012345678.91', '123456789012345678.91'],
    ['1234567890123456.78', '1234567890123456.78'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
  ])('%s → %j', (text, expected) => {
    expect(decimalValue(text)).toEqual(expected);
  });
});

describe('timestampText', () => {
  it.each([
    ['2024-01-31T13:45:07.25', '2024-01-31 13:45:07.250'],
    ['1995-03-10T00:00', '1995-03-10 00:00:00.000'],
    ['1995-03-10T00:00:00', '1995-03-10 00:00:00.000'],
    ['2024-01-31 13:45:07.123456', '2024-01-31 13:45:07.123'],
    ['not a time', 'not a time'],
  ])('%s → %s', (text, expected) => {
    expect(timestampText(text)).toBe(expected);
  });
});
