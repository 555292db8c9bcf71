/**
 * Drill's REST API gives dates and times as epoch milliseconds; the preview gives them as ISO text.
 * A CSV result reads back as text: its values get the preview's types from the query's column types.
 */
import { csvPreviewValue, previewValue } from '../../../src/engines/drill/values';

it.each([
  [794880000000, 'DATE', '1995-03-11'],
  ['794793600000', 'DATE', '1995-03-10'],
  [794837045123, 'TIMESTAMP', '1995-03-10 12:04:05.123'],
  [43445123, 'TIME', '12:04:05.123'],
  [794880000000, 'BIGINT', 794880000000],
  ['1995-03-10', 'DATE', '1995-03-10'],
  [null, 'DATE', null],
  [15.48, 'DOUBLE', 15.48],
])('%j of type %s → %j', (value, type, expected) => {
  expect(previewValue(value, type)).toEqual(expected);
});

// The fields as Drill 1.22's CSV writer wrote them, with the types its answer gave the columns.
describe('a CSV result’s field', () => {
  it.each([
    ['1', 'INT', 1],
    ['9007199254740993', 'BIGINT', 9007199254740992],
    ['1.5E-7', 'FLOAT8', 1.5e-7],
    ['1.5', 'FLOAT4', 1.5],
    ['NaN', 'FLOAT8', 'NaN'],
    ['15.490', 'VARDECIMAL(14, 3)', 15.49],
    ['-1234567.05', 'VARDECIMAL(12, 2)', -1234567.05],
    ['123456789012345678.91', 'VARDECIMAL(38, 2)', '123456789012345678.91'],
    ['true', 'BIT', true],
    ['false', 'BIT', false],
    ['2024-01-31', 'DATE', '2024-01-31'],
    ['2024-01-31T13:45:07.250', 'TIMESTAMP', '2024-01-31 13:45:07.250'],
    ['1995-03-10T00:00', 'TIMESTAMP', '1995-03-10 00:00:00.000'],
    ['13:45', 'TIME', '13:45:00.000'],
    ['13:45:07.250', 'TIME', '13:45:07.250'],
    ['P1D', 'INTERVALDAY', 'P1D'],
    ['', 'DATE', null],
    ['', 'VARDECIMAL(12, 2)', null],
    ['', 'VARCHAR(65535)', ''],
    ['x', 'VARCHAR(1)', 'x'],
    ['007', undefined, '007'],
  ])('%j of type %s → %j', (text, type, expected) => {
    expect(csvPreviewValue(text, type)).toEqual(expected);
  });
});
