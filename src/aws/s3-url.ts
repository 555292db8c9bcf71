/** `s3://bucket/key` addresses, the one form locations take everywhere in metaq. */
export interface S3Location {
  bucket: string;
  key: string;
}

export function parseS3Url(url: string): S3Location | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) return undefined;
  return { bucket: match[1], key: match[2] ?? '' };
}

/** A location that names a folder (ends with `/`) rather than one object. */
export function isFolder(url: string): boolean {
  return url.endsWith('/');
}
