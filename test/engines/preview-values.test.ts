/** A DECIMAL in the preview: a JSON number while a double holds it exactly, else its text. */
import { decimalValue } from '../../src/engines/preview-values';

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
