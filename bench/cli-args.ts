/** The bench's command-line argument parsers: whole numbers, lists of them, and 1 or more. */
import { InvalidArgumentError } from 'commander';

export const count = (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('expected a whole number');
  return value;
};

export const counts = (text: string) => text.split(',').map(count);

export const positive = (text: string) => {
  const value = count(text);
  if (value === 0) throw new InvalidArgumentError('expected 1 or more');
  return value;
};
