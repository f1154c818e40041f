import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { RequestHandler } from 'express';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.map']);

interface Compressed {
  mtimeMs: number;
  br: Buffer;
  gzip: Buffer;
}

/**
 * Hashed tab assets sent brotli- or gzip-compressed, each compressed once and kept in memory (the
 * build is a few hundred KB, and a hashed file never changes). The tab's load budget is counted
 * gzipped; without this the server would send it raw. Anything else falls through to express.static.
 */
export function compressedAssets(dir: string, cacheControl: string): RequestHandler {
  const cache = new Map<string, Compressed>();
  const root = normalize(dir + sep);

  return async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !COMPRESSIBLE.has(extname(req.path))) return next();
    // Brotli whenever accepted (smaller); negotiation alone would follow the client's listing order.
    const encoding = req.acceptsEncodings('br') === 'br' ? 'br' : req.acceptsEncodings('gzip') === 'gzip' ? 'gzip' : null;
    if (encoding === null) return next();
    let path: string;
    try {
      path = normalize(join(dir, decodeURIComponent(req.path)));
    } catch {
      return next(); // malformed escapes: let express.static answer
    }
    if (!path.startsWith(root)) return next();
    try {
      const info = await stat(path);
      if (!info.isFile()) return next();
      let entry = cache.get(path);
      if (!entry || entry.mtimeMs !== info.mtimeMs) {
        const file = await readFile(path);
        entry = {
          mtimeMs: info.mtimeMs,
          br: brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.length } }),
          gzip: gzipSync(file, { level: 9 }),
        };
        cache.set(path, entry);
      }
      const body = entry[encoding];
      res.type(extname(path));
      res.setHeader('Content-Encoding', encoding);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('Cache-Control', cacheControl);
      res.setHeader('Content-Length', body.length);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return next();
      next(error);
    }
  };
}
