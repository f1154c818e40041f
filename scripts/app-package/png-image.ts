/**
 * Just enough PNG reading to check Teams' icon rules (size, transparency, white-only outline) with
 * node:zlib, without an image library. Decodes 8-bit, non-interlaced images: what Chromium writes.
 */
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  interlaced: boolean;
  /** An alpha channel, or a tRNS chunk making some colours transparent. */
  hasTransparency: boolean;
}

export class PngError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngError';
  }
}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(file: Buffer): Chunk[] {
  if (file.length < 8 || !file.subarray(0, 8).equals(SIGNATURE)) throw new PngError('is not a PNG file (bad signature)');
  const out: Chunk[] = [];
  let at = 8;
  while (at + 8 <= file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > file.length) throw new PngError(`is truncated in its ${type} chunk`);
    out.push({ type, data: file.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (out[0]?.type !== 'IHDR') throw new PngError('has no IHDR chunk first');
  return out;
}

export function readPngHeader(file: Buffer): PngHeader {
  const all = chunks(file);
  const ihdr = all[0]!.data;
  const colorType = ihdr.readUInt8(9);
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr.readUInt8(8),
    colorType,
    interlaced: ihdr.readUInt8(12) === 1,
    hasTransparency: colorType === 4 || colorType === 6 || all.some((c) => c.type === 'tRNS'),
  };
}

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row by row. */
  pixels: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** RGBA pixels of an 8-bit, non-interlaced greyscale or truecolour PNG (with or without alpha). */
export function decodePng(file: Buffer): RgbaImage {
  const header = readPngHeader(file);
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || header.interlaced || channels === undefined) {
    throw new PngError(`uses a layout this checker does not decode (bit depth ${header.bitDepth}, colour type ${header.colorType}${header.interlaced ? ', interlaced' : ''}); save it as 8-bit RGBA`);
  }
  const { width, height } = header;
  const data = inflateSync(Buffer.concat(chunks(file).filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  if (data.length < height * (stride + 1)) throw new PngError('has less image data than its size says');

  const raw = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = data[y * (stride + 1)]!;
    const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? raw[y * stride + x - channels]! : 0;
      const b = y > 0 ? raw[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? raw[(y - 1) * stride + x - channels]! : 0;
      raw[y * stride + x] = (line[x]! + unfilter(filter, a, b, c)) & 0xff;
    }
  }

  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const p = raw.subarray(i * channels, (i + 1) * channels);
    const grey = channels <= 2;
    pixels[i * 4] = p[0]!;
    pixels[i * 4 + 1] = grey ? p[0]! : p[1]!;
    pixels[i * 4 + 2] = grey ? p[0]! : p[2]!;
    pixels[i * 4 + 3] = channels === 2 ? p[1]! : channels === 4 ? p[3]! : 255;
  }
  return { width, height, pixels };
}

function unfilter(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new PngError(`has an unknown row filter ${filter}`);
  }
}
