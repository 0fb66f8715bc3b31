import { ApiError, csrf } from '../api.ts';

/**
 * A multipart POST with upload progress. fetch() reports no upload progress, XMLHttpRequest
 * does (its upload's progress events), so the documents' upload uses it; errors come back as
 * the same ApiError as every other call.
 */
export async function upload<T>(
  path: string,
  form: FormData,
  opts: { headers?: Record<string, string>; onProgress?(fraction: number): void } = {},
): Promise<T> {
  const token = await csrf();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    for (const [k, v] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) opts.onProgress?.(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // an empty or non-JSON answer: the status says enough
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.(1);
        resolve(body as T);
        return;
      }
      const { code, ...details } = body;
      reject(new ApiError(xhr.status, typeof code === 'string' ? code : `http.${xhr.status}`, details));
    });
    // TypeError is what the pages already show as "cannot reach the service"
    xhr.addEventListener('error', () => reject(new TypeError('network error')));
    xhr.send(form);
  });
}
