/**
 * The harness must itself be right before SABnzbd's verdicts can be trusted: yEnc
 * round-trips with correct CRCs, NNTP answers the commands SABnzbd sends, and the NZB
 * lists exactly the articles that were built.
 */
import net from 'node:net';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPost } from './nzb-builder';
import { NntpServer, dotStuff } from './nntp-server';
import { pseudoRandomBytes, splitFile, makeSfv, damageBytes } from './payloads';
import { crc32Hex, decodeYencData, encodeYencPart } from './yenc';

function yencLines(article: Buffer): { header: string[]; data: Buffer; trailer: string } {
  const text = article.toString('latin1');
  const lines = text.split('\r\n');
  const trailer = lines.filter((l) => l.startsWith('=yend')).at(0) ?? '';
  const header = lines.filter((l) => l.startsWith('=ybegin') || l.startsWith('=ypart'));
  const start = text.indexOf('\r\n', text.indexOf('=ypart')) + 2;
  const end = text.indexOf('=yend');
  return { header, data: decodeYencData(article.subarray(start, end)), trailer };
}

describe('yEnc encoder', () => {
  it('round-trips every byte value, with correct part and file CRC32s', () => {
    const file = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), pseudoRandomBytes('yenc', 5000)]);
    const part = encodeYencPart({ fileName: 'a.bin', fileData: file, part: 2, totalParts: 3, begin: 1000, end: 3000 });
    const { header, data, trailer } = yencLines(part);
    expect(header).toEqual(['=ybegin part=2 total=3 line=128 size=5256 name=a.bin', '=ypart begin=1001 end=3000']);
    expect(data.equals(file.subarray(1000, 3000))).toBe(true);
    expect(trailer).toBe(`=yend size=2000 part=2 pcrc32=${crc32Hex(file.subarray(1000, 3000))} crc32=${crc32Hex(file)}`);
    expect(crc32Hex(Buffer.from('123456789'))).toBe('cbf43926');
  });

  it('never emits NUL, bare CR/LF, or a line starting with a dot', () => {
    // Bytes that encode to NUL, LF, CR, '=' and '.' (b + 42 mod 256).
    const file = Buffer.alloc(4096);
    for (let i = 0; i < file.length; i++) file[i] = [0xd6, 0xe0, 0xe3, 0x13, 0x04][i % 5] ?? 0;
    const body = encodeYencPart({ fileName: 'x', fileData: file, part: 1, totalParts: 1, begin: 0, end: file.length });
    const lines = body.toString('latin1').split('\r\n');
    expect(body.includes(0)).toBe(false);
    expect(lines.some((l) => l.includes('\r') || l.includes('\n'))).toBe(false);
    expect(lines.filter((l) => l.startsWith('.'))).toEqual([]);
    expect(yencLines(body).data.equals(file)).toBe(true);
  });
});

describe('payload helpers', () => {
  it('splits, damages and lists CRCs deterministically', () => {
    const data = pseudoRandomBytes('p', 1000);
    expect(pseudoRandomBytes('p', 1000).equals(data)).toBe(true);
    const parts = splitFile('f.mkv', data, 3);
    expect(parts.map((p) => p.name)).toEqual(['f.mkv.001', 'f.mkv.002', 'f.mkv.003']);
    expect(Buffer.concat(parts.map((p) => p.data)).equals(data)).toBe(true);
    const damaged = damageBytes(data, [{ offset: 10, length: 2 }]);
    expect(damaged.filter((b, i) => b !== data[i]).length).toBe(2);
    const sfv = makeSfv('f.sfv', parts).data.toString('latin1');
    expect(sfv).toContain(`f.mkv.001 ${crc32(parts[0]?.data ?? Buffer.alloc(0)).toString(16).padStart(8, '0')}`);
    expect(makeSfv('f.sfv', parts, { corrupt: true }).data.toString('latin1')).not.toContain(crc32Hex(parts[0]?.data ?? Buffer.alloc(0)));
  });
});

describe('NZB builder', () => {
  it('lists every article with its byte count and keeps withheld ones off the served set', () => {
    const files = [{ name: 'Show.mkv', data: pseudoRandomBytes('nzb', 10_000) }];
    const post = buildPost({ files, articleBytes: 4000, postedAt: new Date('2015-01-01T00:00:00Z'), withhold: (ref) => ref.part === 2, password: 'pw' });
    expect(post.refs.map((r) => r.part)).toEqual([1, 2, 3]);
    expect([...post.articles.keys()]).toEqual([post.refs[0]?.messageId, post.refs[2]?.messageId]);
    expect([...post.withheld.keys()]).toEqual([post.refs[1]?.messageId]);
    expect(post.nzbXml).toContain('date="1420070400"');
    expect(post.nzbXml).toContain('<meta type="password">pw</meta>');
    expect(post.nzbXml).toContain('subject="[1/1] - &quot;Show.mkv&quot; yEnc (1/3)"');
    for (const ref of post.refs) {
      const body = post.articles.get(ref.messageId) ?? post.withheld.get(ref.messageId);
      expect(post.nzbXml).toContain(`<segment bytes="${body?.length}" number="${ref.part}">${ref.messageId}</segment>`);
    }
  });
});

describe('NNTP server', () => {
  let server: NntpServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function converse(port: number, commands: string[]): Promise<string> {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(commands.map((c) => `${c}\r\n`).join(''));
    await new Promise((resolve) => socket.once('close', resolve));
    return received;
  }

  it('serves bodies dot-stuffed, answers 430 for unknown and held ids, and logs requests', async () => {
    server = await NntpServer.start();
    server.addArticle('<a@x>', Buffer.from('line1\r\n.starts with dot\r\n'));
    server.addArticle('b@x', Buffer.from('held\r\n'), { held: true });
    const out = await converse(server.port, ['CAPABILITIES', 'MODE READER', 'AUTHINFO USER u', 'AUTHINFO PASS p', 'DATE', 'STAT <a@x>', 'BODY <a@x>', 'BODY <b@x>', 'BODY <c@x>', 'QUIT']);
    expect(out).toMatch(/^200 /);
    expect(out).toContain('101 Capability list follows\r\nVERSION 2\r\nREADER\r\nAUTHINFO USER\r\n.\r\n');
    expect(out).toContain('381 ');
    expect(out).toContain('281 ');
    expect(out).toMatch(/111 \d{14}\r\n/);
    expect(out).toContain('223 0 <a@x>\r\n');
    expect(out).toContain('222 0 <a@x>\r\nline1\r\n..starts with dot\r\n.\r\n');
    expect(out.match(/430 No such article/g)).toHaveLength(2);
    expect(out.endsWith('205 Bye\r\n')).toBe(true);
    expect(server.requests().map((r) => [r.command, r.messageId, r.found])).toEqual([
      ['STAT', 'a@x', true], ['BODY', 'a@x', true], ['BODY', 'b@x', false], ['BODY', 'c@x', false],
    ]);
  });

  it('releases held articles and delays answers without reordering them', async () => {
    server = await NntpServer.start();
    server.addArticle('slow@x', Buffer.from('slow\r\n'), { delayMs: 300 });
    server.addArticle('held@x', Buffer.from('now here\r\n'), { held: true });
    server.release('held@x');
    const started = Date.now();
    const out = await converse(server.port, ['BODY <slow@x>', 'BODY <held@x>', 'QUIT']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(out.indexOf('slow\r\n')).toBeLessThan(out.indexOf('now here\r\n'));
    expect(dotStuff(Buffer.from('.a\r\nb\r\n.')).toString()).toBe('..a\r\nb\r\n..\r\n');
  });
});
