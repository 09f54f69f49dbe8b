// A loopback TCP port that stands where SABnzbd's port is and forwards to the
// real SABnzbd behind it. It can hold new connections (a poll in flight),
// go down (its port refuses connections, as a stopped SABnzbd's does) and come
// back up on the SAME port in front of a new SABnzbd: what the core sees when
// SABnzbd is stopped and started again at its address.
import net from 'node:net';

export class TcpGate {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** Requests (bytes from the client) waiting while the gate holds, with where they go. */
  private held: { chunk: Buffer; upstream: net.Socket }[] = [];
  private holding = false;

  private constructor(
    readonly port: number,
    private target: number,
  ) {}

  static async open(target: number): Promise<TcpGate> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const gate = new TcpGate(port, target);
    await gate.up(target);
    return gate;
  }

  /** Listen again (same port), forwarding to `target`. */
  async up(target: number): Promise<void> {
    this.target = target;
    const server = net.createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  /** What clients send from now on waits here (kept-alive connections too) until release(). */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const h of held) if (!h.upstream.destroyed) h.upstream.write(h.chunk);
  }

  heldCount(): number {
    return this.held.length;
  }

  /** The port stops listening; open connections are cut. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.holding = false;
    this.held = [];
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(client: net.Socket): void {
    const upstream = net.connect(this.target, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    // SABnzbd gone or closing: the client's connection drops with it, as a direct one would.
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.on('data', (chunk: Buffer) => {
      if (this.holding) this.held.push({ chunk, upstream });
      else upstream.write(chunk);
    });
    upstream.pipe(client);
  }
}
