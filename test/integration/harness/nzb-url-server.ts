/**
 * A loopback HTTP stand-in for an indexer, for `mode=addurl`: serves registered NZB
 * bodies by path and answers 404 for everything else.
 *
 * @example
 *   const indexer = await NzbUrlServer.start();
 *   const url = indexer.serve('/Show.S01E01.nzb', post.nzbXml);
 *   await sab.addUrl(url, { category: 'tv' });
 *   indexer.urlFor('/missing.nzb'); // a URL that answers 404
 */
import http from 'node:http';

interface Route {
  body: string;
  status: number;
  contentType: string;
}

export class NzbUrlServer {
  private readonly routes = new Map<string, Route>();
  private readonly hits: string[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<NzbUrlServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('NZB URL server has no TCP address');
    const instance = new NzbUrlServer(server, address.port);
    server.on('request', (request, response) => instance.handle(request, response));
    return instance;
  }

  urlFor(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname.startsWith('/') ? '' : '/'}${pathname}`;
  }

  /** Registers a body under `pathname` and returns its full URL. */
  serve(pathname: string, body: string, options: { status?: number; contentType?: string } = {}): string {
    const key = pathname.startsWith('/') ? pathname : `/${pathname}`;
    this.routes.set(key, { body, status: options.status ?? 200, contentType: options.contentType ?? 'application/x-nzb' });
    return this.urlFor(key);
  }

  /** Paths requested so far, in order. */
  requests(): readonly string[] {
    return this.hits;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const pathname = new URL(request.url ?? '/', this.urlFor('/')).pathname;
    this.hits.push(pathname);
    const route = this.routes.get(pathname);
    if (route === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const fileName = pathname.split('/').pop() ?? 'download.nzb';
    response
      .writeHead(route.status, { 'content-type': route.contentType, 'content-disposition': `attachment; filename="${fileName}"` })
      .end(route.body);
  }
}
