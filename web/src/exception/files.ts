/**
 * What the page can tell before sending a document: its declared type and its size. The server
 * decides by content (magic bytes) and by its configured limits; these are only early hints,
 * with the defaults of docs/configuration.md (ATTACHMENT_MAX_FILE_MB, ATTACHMENT_MAX_REQUEST_MB).
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_REQUEST_BYTES = 25 * 1024 * 1024;
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

const TYPES = ['application/pdf', 'image/png', 'image/jpeg'];
const EXTENSIONS = /\.(pdf|png|jpe?g)$/i;

export type FileHint = 'type' | 'size' | null;

export function hintFor(file: File): FileHint {
  if (!(TYPES.includes(file.type) || (file.type === '' && EXTENSIONS.test(file.name)))) return 'type';
  if (file.size > MAX_FILE_BYTES) return 'size';
  return null;
}

export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1 });
}

export function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${megabytes(bytes)} MB`;
}
