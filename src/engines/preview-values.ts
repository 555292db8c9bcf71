/**
 * What every engine's preview gives a DECIMAL (README, "The execution output"): a JSON number while
 * a double holds it exactly, else its text. A DECIMAL(38,2) sum such as 123456789012345678.91 read
 * as a double previews as 123456789012345680, a value the column does not hold.
 */
export function decimalValue(text: string): number | string {
  const scale = text.split('.')[1]?.length ?? 0;
  const number = Number(text);
  // toFixed gives the double's value at the text's scale: the same text when it holds it exactly.
  return Number.isFinite(number) && number.toFixed(scale) === text ? number : text;
}

/**
 * What every engine's preview gives a TIMESTAMP without a zone: its wall-clock text to the
 * millisecond, '2024-01-31 13:45:07.250'. Engines that answer ISO text ('2024-01-31T13:45:07.25',
 * '1995-03-10T00:00') are put in that form; any other text is left as the engine gave it.
 */
export function timestampText(text: string): string {
  const parts = /^(\d{4,}-\d\d-\d\d)[T ](\d\d:\d\d)(?::(\d\d)(?:\.(\d+))?)?$/.exec(text);
  if (!parts) return text;
  const [, date, minutes, seconds = '00', fraction = ''] = parts;
  return `${date} ${minutes}:${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}
