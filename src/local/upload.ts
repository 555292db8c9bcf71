/** Local files into the local data bucket, so that engines read them from S3 like any other table. */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../aws/clients';
import { settings } from '../config';

export interface Uploaded {
  location: string;
  files: string[];
}

/** Uploads a file, or every file of a folder (recursively), under `tables/<name>/`. */
export async function uploadTable(name: string, source: string): Promise<Uploaded> {
  const root = path.resolve(source);
  const files = statSync(root).isDirectory() ? walk(root) : [root];
  const bucket = settings().dataBucket;
  const prefix = `tables/${name}/`;
  for (const file of files) {
    const relative = statSync(root).isDirectory() ? path.relative(root, file) : path.basename(file);
    await s3().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}${relative.split(path.sep).join('/')}`,
        Body: createReadStream(file),
        ContentLength: statSync(file).size,
      }),
    );
  }
  return { location: `s3://${bucket}/${prefix}`, files };
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const full = path.join(folder, entry.name);
      return entry.isDirectory() ? walk(full) : [full];
    })
    .sort();
}
