// Reads what the app needs out of NZBGet's `config` answer (a flat list of
// Name/Value options): the folders and the categories with the folder each
// completes into, resolved the way NZBGet resolves them (${MainDir} and other
// ${Option} references; a category without its own DestDir completes into
// DestDir/<category> when AppendCategoryDir is on).
import type { NzbgetConfigEntry } from './nzbget-schemas';

export interface NzbgetFolders {
  mainDir: string | null;
  /** Where finished jobs go (and what `status` measures the free space of). */
  destDir: string | null;
  /** Where jobs download and are post-processed; null when NZBGet downloads straight into DestDir. */
  interDir: string | null;
}

export interface NzbgetCategory {
  name: string;
  destDir: string | null;
}

type Options = ReadonlyMap<string, string>;

function optionsOf(config: readonly NzbgetConfigEntry[]): Options {
  // Option names are case-insensitive in NZBGet.
  return new Map(config.map((e) => [e.Name.toLowerCase(), e.Value]));
}

function resolve(value: string, options: Options, depth = 0): string {
  if (depth > 5) return value;
  return value.replace(/\$\{([A-Za-z0-9.]+)\}/g, (whole, name: string) => {
    const referenced = options.get(name.toLowerCase());
    return referenced === undefined ? whole : resolve(referenced, options, depth + 1);
  });
}

function folder(options: Options, name: string): string | null {
  const raw = options.get(name.toLowerCase());
  if (raw === undefined || raw.trim() === '') return null;
  return resolve(raw.trim(), options);
}

function join(dir: string, name: string): string {
  const separator = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(separator) ? `${dir}${name}` : `${dir}${separator}${name}`;
}

export function nzbgetFolders(config: readonly NzbgetConfigEntry[]): NzbgetFolders {
  const options = optionsOf(config);
  return { mainDir: folder(options, 'MainDir'), destDir: folder(options, 'DestDir'), interDir: folder(options, 'InterDir') };
}

/** Category1…CategoryN in order; NZBGet numbers them without gaps. */
export function nzbgetCategories(config: readonly NzbgetConfigEntry[]): NzbgetCategory[] {
  const options = optionsOf(config);
  const destDir = folder(options, 'DestDir');
  const appendCategoryDir = (options.get('appendcategorydir') ?? 'yes').trim().toLowerCase() === 'yes';
  const categories: NzbgetCategory[] = [];
  for (let i = 1; ; i++) {
    const name = options.get(`category${i}.name`);
    if (name === undefined) break;
    if (name.trim() === '') continue;
    const own = folder(options, `Category${i}.DestDir`);
    const dir = own ?? (destDir === null ? null : appendCategoryDir ? join(destDir, name.trim()) : destDir);
    categories.push({ name: name.trim(), destDir: dir });
  }
  return categories;
}
