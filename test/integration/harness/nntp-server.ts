/**
 * A small NNTP server on 127.0.0.1 for the real-SABnzbd tests.
 *
 * It serves article bodies (already yEnc-encoded, see `yenc.ts` / `nzb-builder.ts`) by
 * message-id and answers `430 No such article` for every id it does not hold, or holds
 * back. SABnzbd only needs `BODY <id>` and `QUIT` (plus `STAT` with pre-check on); it may
 * also send CAPABILITIES, MODE READER, AUTHINFO, DATE and GROUP, which get sensible answers.
 *
 * @example
 *   const nntp = await NntpServer.start();
 *   nntp.addArticles(post.articles);          // Map<messageId, body>
 *   nntp.hold('part3@sabh');                   // answers 430 until released
 *   nntp.setDelay('part1@sabh', 1000);         // slow article (or slow 430 while held)
 *   // ... point SABnzbd at nntp.port ...
 *   nntp.release('part3@sabh');
 *   await nntp.stop();
 */
import net from 'node:net';

export interface NntpServerOptions {
  /** Delay before every BODY/ARTICLE/HEAD/STAT answer, in ms (per-article delays override it). */
  defaultDelayMs?: number;
}

export interface NntpRequestLogEntry {
  command: string;
  messageId: string | null;
  found: boolean;
}

const CRLF = '\r\n';
const TERMINATOR = Buffer.from('.\r\n', 'latin1');

function stripBrackets(id: string): string {
  return id.startsWith('<') && id.endsWith('>') ? id.slice(1, -1) : id;
}

/** NNTP multi-line blocks must double a leading dot on every line. */
export function dotStuff(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let lineStart = 0;
  let last = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === lineStart && i < body.length && body[i] === 0x2e) {
      parts.push(body.subarray(last, i), Buffer.from('.', 'latin1'));
      last = i;
    }
    if (i < body.length && body[i] === 0x0a) lineStart = i + 1;
  }
  parts.push(body.subarray(last));
  const joined = Buffer.concat(parts);
  return joined.length > 0 && joined[joined.length - 1] !== 0x0a ? Buffer.concat([joined, Buffer.from(CRLF)]) : joined;
}

function nntpDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

export class NntpServer {
  private readonly articles = new Map<string, Buffer>();
  private readonly held = new Set<string>();
  private readonly delays = new Map<string, number>();
  private readonly sockets = new Set<net.Socket>();
  private readonly log: NntpRequestLogEntry[] = [];

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    private readonly defaultDelayMs: number,
  ) {}

  static async start(options: NntpServerOptions = {}): Promise<NntpServer> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('NNTP server has no TCP address');
    const nntp = new NntpServer(server, address.port, options.defaultDelayMs ?? 0);
    server.on('connection', (socket) => nntp.handle(socket));
    return nntp;
  }

  readonly host = '127.0.0.1';

  addArticle(messageId: string, body: Buffer, options: { delayMs?: number; held?: boolean } = {}): void {
    const id = stripBrackets(messageId);
    this.articles.set(id, body);
    if (options.delayMs !== undefined) this.delays.set(id, options.delayMs);
    if (options.held) this.held.add(id);
  }

  addArticles(articles: ReadonlyMap<string, Buffer>, options: { delayMs?: number; held?: boolean } = {}): void {
    for (const [id, body] of articles) this.addArticle(id, body, options);
  }

  removeArticle(messageId: string): void {
    this.articles.delete(stripBrackets(messageId));
  }

  /** The article stays stored but answers 430 until released. */
  hold(messageId: string): void {
    this.held.add(stripBrackets(messageId));
  }

  release(messageId: string): void {
    this.held.delete(stripBrackets(messageId));
  }

  setDelay(messageId: string, delayMs: number): void {
    this.delays.set(stripBrackets(messageId), delayMs);
  }

  has(messageId: string): boolean {
    const id = stripBrackets(messageId);
    return this.articles.has(id) && !this.held.has(id);
  }

  /** Every article request received so far, in order. */
  requests(): readonly NntpRequestLogEntry[] {
    return this.log;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.write(`200 autoarr test news server ready (posting not allowed)${CRLF}`);
    let pending = '';
    // Commands are answered strictly in order even when an answer waits on a delay.
    let queue: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        queue = queue.then(() => this.answer(socket, line)).catch(() => {
          socket.destroy();
        });
        newline = pending.indexOf('\n');
      }
    });
  }

  private async answer(socket: net.Socket, line: string): Promise<void> {
    if (socket.destroyed) return;
    const [rawVerb = '', ...args] = line.trim().split(/\s+/);
    const verb = rawVerb.toUpperCase();
    const write = (text: string) => socket.write(text + CRLF);
    switch (verb) {
      case 'CAPABILITIES':
        write('101 Capability list follows');
        socket.write(`VERSION 2${CRLF}READER${CRLF}AUTHINFO USER${CRLF}.${CRLF}`);
        return;
      case 'MODE':
        write('200 Reader mode, posting not allowed');
        return;
      case 'AUTHINFO':
        write((args[0] ?? '').toUpperCase() === 'USER' ? '381 Password required' : '281 Authentication accepted');
        return;
      case 'DATE':
        write(`111 ${nntpDate(new Date())}`);
        return;
      case 'GROUP':
        write(`211 0 0 0 ${args[0] ?? ''}`);
        return;
      case 'QUIT':
        write('205 Bye');
        socket.end();
        return;
      case 'BODY':
      case 'ARTICLE':
      case 'HEAD':
      case 'STAT':
        await this.answerArticle(socket, verb, args[0] ?? '');
        return;
      default:
        write('500 Unknown command');
    }
  }

  private async answerArticle(socket: net.Socket, verb: string, rawId: string): Promise<void> {
    const id = stripBrackets(rawId);
    const body = this.held.has(id) ? undefined : this.articles.get(id);
    this.log.push({ command: verb, messageId: id, found: body !== undefined });
    // The delay applies to held articles' 430s too: a slow "no such article" lets a test
    // order what SABnzbd learns first (present articles before the missing ones).
    const delay = this.delays.get(id) ?? this.defaultDelayMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (socket.destroyed) return;
    if (body === undefined) {
      socket.write(`430 No such article${CRLF}`);
      return;
    }
    if (verb === 'STAT') {
      socket.write(`223 0 <${id}>${CRLF}`);
      return;
    }
    const headers = `Message-ID: <${id}>${CRLF}Subject: ${id}${CRLF}`;
    const code = verb === 'BODY' ? 222 : verb === 'HEAD' ? 221 : 220;
    const parts: Buffer[] = [Buffer.from(`${code} 0 <${id}>${CRLF}`, 'latin1')];
    if (verb !== 'BODY') parts.push(Buffer.from(headers, 'latin1'));
    if (verb === 'ARTICLE') parts.push(Buffer.from(CRLF, 'latin1'));
    if (verb !== 'HEAD') parts.push(dotStuff(body));
    parts.push(TERMINATOR);
    socket.write(Buffer.concat(parts));
  }
}
