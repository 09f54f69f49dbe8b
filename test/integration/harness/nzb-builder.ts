/**
 * Turns files into a Usenet "post": yEnc articles keyed by message-id (for the NNTP
 * server) and the NZB XML that points SABnzbd at them (groups, segments with byte
 * counts, poster, post date, optional name/password meta).
 *
 * Faults are built in rather than patched in: `withhold` keeps chosen articles off the
 * server (they come back in `withheld`, so a test can add them later and retry),
 * `postedAt` can be years ago (out of retention) or now (propagation delay), and
 * `phantomFiles` lists files in the NZB whose articles exist nowhere.
 *
 * @example
 *   const post = buildPost({ files: [mkv, ...par2Files], articleBytes: 64 * 1024 });
 *   nntp.addArticles(post.articles);
 *   await sab.addNzb(post.nzbXml, { name: 'Show.S01E01', category: 'tv' });
 */
import { randomBytes } from 'node:crypto';
import { encodeYencPart } from './yenc';
import type { PostFile } from './post-file';

export interface ArticleRef {
  fileName: string;
  /** 0-based index of the file in the post. */
  fileIndex: number;
  /** 1-based segment number within the file. */
  part: number;
  totalParts: number;
  messageId: string;
}

export interface BuildPostOptions {
  files: readonly PostFile[];
  /** Raw bytes per article before yEnc (default 64 KiB). */
  articleBytes?: number;
  /** Post date written into every `<file date=...>` (default: three days ago). */
  postedAt?: Date;
  poster?: string;
  groups?: readonly string[];
  /** `<meta type="name">` */
  title?: string;
  /** `<meta type="password">` */
  password?: string;
  /** Articles for which this returns true are listed in the NZB but kept off the server. */
  withhold?: (ref: ArticleRef) => boolean;
  /** Files listed in the NZB with message-ids no server has. */
  phantomFiles?: readonly { name: string; bytes: number }[];
}

export interface Post {
  nzbXml: string;
  /** Articles to serve: message-id → yEnc body. */
  articles: Map<string, Buffer>;
  /** Articles listed in the NZB but not in `articles`. */
  withheld: Map<string, Buffer>;
  refs: ArticleRef[];
}

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function fileXml(poster: string, date: number, subject: string, groups: readonly string[], segments: readonly { bytes: number; id: string }[]): string {
  const groupXml = groups.map((group) => `      <group>${xmlEscape(group)}</group>`).join('\n');
  const segmentXml = segments.map((segment, i) => `      <segment bytes="${segment.bytes}" number="${i + 1}">${xmlEscape(segment.id)}</segment>`).join('\n');
  return (
    `  <file poster="${xmlEscape(poster)}" date="${date}" subject="${xmlEscape(subject)}">\n` +
    `    <groups>\n${groupXml}\n    </groups>\n` +
    `    <segments>\n${segmentXml}\n    </segments>\n  </file>`
  );
}

export function buildPost(options: BuildPostOptions): Post {
  const articleBytes = options.articleBytes ?? 64 * 1024;
  const poster = options.poster ?? 'autoarr-harness <harness@sabh.invalid>';
  const groups = options.groups ?? ['alt.binaries.test'];
  const date = Math.floor((options.postedAt?.getTime() ?? Date.now() - THREE_DAYS_MS) / 1000);
  // A fresh prefix per post keeps message-ids unique across scenarios and retries.
  const prefix = randomBytes(6).toString('hex');
  const total = options.files.length + (options.phantomFiles?.length ?? 0);
  const articles = new Map<string, Buffer>();
  const withheld = new Map<string, Buffer>();
  const refs: ArticleRef[] = [];
  const fileBlocks: string[] = [];

  options.files.forEach((file, fileIndex) => {
    const totalParts = Math.max(1, Math.ceil(file.data.length / articleBytes));
    const segments: { bytes: number; id: string }[] = [];
    for (let part = 1; part <= totalParts; part++) {
      const begin = (part - 1) * articleBytes;
      const end = Math.min(file.data.length, begin + articleBytes);
      const body = encodeYencPart({ fileName: file.name, fileData: file.data, part, totalParts, begin, end });
      const messageId = `${prefix}.f${fileIndex + 1}.p${part}@sabh.invalid`;
      const ref: ArticleRef = { fileName: file.name, fileIndex, part, totalParts, messageId };
      refs.push(ref);
      (options.withhold?.(ref) ? withheld : articles).set(messageId, body);
      segments.push({ bytes: body.length, id: messageId });
    }
    const subject = `[${fileIndex + 1}/${total}] - "${file.name}" yEnc (1/${totalParts})`;
    fileBlocks.push(fileXml(poster, date, subject, groups, segments));
  });

  options.phantomFiles?.forEach((phantom, i) => {
    const fileIndex = options.files.length + i;
    const subject = `[${fileIndex + 1}/${total}] - "${phantom.name}" yEnc (1/1)`;
    fileBlocks.push(fileXml(poster, date, subject, groups, [{ bytes: phantom.bytes, id: `${prefix}.phantom${i + 1}@sabh.invalid` }]));
  });

  const meta: string[] = [];
  if (options.title !== undefined) meta.push(`    <meta type="name">${xmlEscape(options.title)}</meta>`);
  if (options.password !== undefined) meta.push(`    <meta type="password">${xmlEscape(options.password)}</meta>`);
  const head = meta.length > 0 ? `  <head>\n${meta.join('\n')}\n  </head>\n` : '';
  const nzbXml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE nzb PUBLIC "-//newzBin//DTD NZB 1.1//EN" "http://www.newzbin.com/DTD/nzb/nzb-1.1.dtd">\n' +
    '<nzb xmlns="http://www.newzbin.com/DTD/2003/nzb">\n' +
    head +
    `${fileBlocks.join('\n')}\n</nzb>\n`;
  return { nzbXml, articles, withheld, refs };
}
