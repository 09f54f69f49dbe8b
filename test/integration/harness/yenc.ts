/**
 * yEnc encoder (yEnc 1.3, multi-part form) for the loopback NNTP server.
 *
 * Every article carries `=ybegin part= total= line= size= name=`, `=ypart begin= end=`
 * and `=yend size= part= pcrc32= crc32=`, so SABnzbd's decoder (sabyenc) checks the
 * part CRC exactly as it does against a real news server. A file small enough for one
 * article is still sent in the multi-part form, which yEnc allows and SABnzbd accepts.
 *
 * @example
 *   const body = encodeYencPart({ fileName: 'a.mkv', fileData, part: 1, totalParts: 3, begin: 0, end: 65536 });
 */
import { crc32 } from 'node:zlib';

export const YENC_LINE_LENGTH = 128;

export interface YencPartInput {
  /** Name written into `=ybegin name=`; SABnzbd takes the file name from here. */
  fileName: string;
  /** The whole file; the part is `fileData[begin, end)`. */
  fileData: Uint8Array;
  /** 1-based part number. */
  part: number;
  totalParts: number;
  /** 0-based start offset, inclusive. */
  begin: number;
  /** 0-based end offset, exclusive. */
  end: number;
  lineLength?: number;
}

/** CRC32 as the 8 lowercase hex digits yEnc trailers use. */
export function crc32Hex(data: Uint8Array): string {
  return crc32(data).toString(16).padStart(8, '0');
}

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
const EQUALS = 0x3d;
const TAB = 0x09;
const SPACE = 0x20;
const DOT = 0x2e;

/** yEnc-encodes raw bytes into CRLF-terminated lines (no header or trailer). */
export function encodeYencData(data: Uint8Array, lineLength = YENC_LINE_LENGTH): Buffer {
  // Worst case every byte is escaped (2 bytes) plus CRLF per line.
  const out = Buffer.allocUnsafe(data.length * 2 + Math.ceil(data.length / lineLength + 1) * 2 + 2);
  let pos = 0;
  let col = 0;
  for (let i = 0; i < data.length; i++) {
    const encoded = ((data[i] ?? 0) + 42) & 0xff;
    const atLineStart = col === 0;
    const atLineEnd = col >= lineLength - 1 || i === data.length - 1;
    const critical = encoded === NUL || encoded === LF || encoded === CR || encoded === EQUALS;
    // Whitespace at either end of a line gets stripped by some servers, and a leading dot
    // would need NNTP dot-stuffing; escaping them keeps the article byte-exact.
    const edgeSensitive = ((atLineStart || atLineEnd) && (encoded === TAB || encoded === SPACE)) || (atLineStart && encoded === DOT);
    if (critical || edgeSensitive) {
      out[pos++] = EQUALS;
      out[pos++] = (encoded + 64) & 0xff;
      col += 2;
    } else {
      out[pos++] = encoded;
      col += 1;
    }
    if (col >= lineLength) {
      out[pos++] = CR;
      out[pos++] = LF;
      col = 0;
    }
  }
  if (col > 0) {
    out[pos++] = CR;
    out[pos++] = LF;
  }
  return out.subarray(0, pos);
}

/** One complete article body for a part of a file. */
export function encodeYencPart(input: YencPartInput): Buffer {
  const lineLength = input.lineLength ?? YENC_LINE_LENGTH;
  const { fileData, begin, end } = input;
  if (begin < 0 || end > fileData.length || begin >= end) {
    throw new RangeError(`yEnc part range [${begin}, ${end}) outside file of ${fileData.length} bytes`);
  }
  const partData = fileData.subarray(begin, end);
  const header =
    `=ybegin part=${input.part} total=${input.totalParts} line=${lineLength} size=${fileData.length} name=${input.fileName}\r\n` +
    `=ypart begin=${begin + 1} end=${end}\r\n`;
  const trailer = `=yend size=${partData.length} part=${input.part} pcrc32=${crc32Hex(partData)} crc32=${crc32Hex(fileData)}\r\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), encodeYencData(partData, lineLength), Buffer.from(trailer, 'latin1')]);
}

/** Decodes yEnc data lines back to bytes (used by tests to prove the encoder round-trips). */
export function decodeYencData(encoded: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(encoded.length);
  let pos = 0;
  for (let i = 0; i < encoded.length; i++) {
    let c = encoded[i] ?? 0;
    if (c === CR || c === LF) continue;
    if (c === EQUALS) {
      i++;
      c = ((encoded[i] ?? 0) - 64) & 0xff;
    }
    out[pos++] = (c - 42) & 0xff;
  }
  return out.subarray(0, pos);
}
