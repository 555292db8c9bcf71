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
