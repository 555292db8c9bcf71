/** Drill's REST API gives dates and times as epoch milliseconds; the preview gives them as ISO text. */
import { previewValue } from '../../../src/engines/drill/values';

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
