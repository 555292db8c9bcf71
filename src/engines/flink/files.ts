/**
 * Flink names its files `part-<uuid>-task-<n>-file-<m>`, with no extension, and its CSV writer
 * writes no header line. Each file is given metaq's name, `part-<n>.<ext>` in Flink's order, and a
 * CSV file its header (the other engines' CSV has one, and readers take the first line as names),
 * written without the worker holding a whole result (aws/rewrite-object.ts).
 */
import { CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../aws/clients';
import { listFiles } from '../../aws/list-files';
import { objectSize, rewriteObject, s3Location } from '../../aws/rewrite-object';
import type { Format } from '../../plan/types';
import type { Column } from '../types';

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

export const csvHeader = (columns: Column[]) =>
  `${columns.map((column) => csvField(column.name)).join(',')}\n`;

/** Flink's files in the output folder, in its order (task, then file). */
export function flinkFiles(files: string[]): string[] {
  const order = (file: string) => {
    const match = /task-(\d+)-file-(\d+)$/.exec(file);
    return match ? [Number(match[1]), Number(match[2])] : [Number.MAX_SAFE_INTEGER, 0];
  };
  return files
    .filter((file) => /\/part-[^/]*$/.test(file) && !/\.(parquet|csv|json)$/.test(file))
    .sort((a, b) => {
      const [x, y] = [order(a), order(b)];
      return x[0] - y[0] || x[1] - y[1];
    });
}

export async function nameResultFiles(folder: string, format: Format, columns: Column[]): Promise<string[]> {
  const written = flinkFiles(await listFiles(folder));
  const named: string[] = [];
  for (const [i, file] of written.entries()) {
    const target = `${folder.endsWith('/') ? folder : `${folder}/`}part-${i}.${format}`;
    if (format === 'csv') await withHeader(file, target, csvHeader(columns));
    else await copy(file, target);
    const from = s3Location(file);
    await s3().send(new DeleteObjectCommand({ Bucket: from.bucket, Key: from.key }));
    named.push(target);
  }
  return named;
}

async function copy(file: string, target: string): Promise<void> {
  const [from, to] = [s3Location(file), s3Location(target)];
  await s3().send(
    new CopyObjectCommand({
      Bucket: to.bucket,
      Key: to.key,
      CopySource: `${from.bucket}/${encodeURI(from.key)}`,
    }),
  );
}

async function withHeader(file: string, target: string, header: string): Promise<void> {
  await rewriteObject(file, target, { head: Buffer.from(header), keep: await objectSize(file) });
}
