import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

/** The built console's entry page. */
export const CONSOLE_INDEX = 'dist/console/index.html';

export interface FirstLoadFile {
  /** As the page names it (`/console/assets/index-abc.js`). */
  href: string;
  /** Where it is on disk. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface FirstLoad {
  /** The entry scripts (`<script type="module" src>`) and what they preload (`<link rel="modulepreload">`). */
  scripts: FirstLoadFile[];
  /** Stylesheets (`<link rel="stylesheet">`), reported apart. */
  styles: FirstLoadFile[];
  /** Total of `scripts`, gzipped at level 9. */
  scriptGzipBytes: number;
  styleGzipBytes: number;
}

/**
 * What a browser downloads before the console can run: the JavaScript index.html loads or
 * preloads (each file gzipped with node:zlib at level 9, as a server would send it at best), and
 * the CSS apart. Lazily loaded chunks are not counted. A file named but missing is an error.
 *
 * `base` is the URL path the console is served under (Vite's `base`), stripped from each `href`
 * to find the file beside index.html: `/console/assets/x.js` → `<dir of index.html>/assets/x.js`.
 */
export async function firstLoad(indexHtml: string, base = '/console/'): Promise<FirstLoad> {
  const html = await readFile(indexHtml, 'utf8');
  const root = dirname(indexHtml);
  const tags = [...html.matchAll(/<(script|link)\b([^>]*)>/gi)].map(([, tag, attrs]) => ({ tag: tag!.toLowerCase(), attrs: attributes(attrs!) }));
  const scriptHrefs = new Set<string>();
  const styleHrefs = new Set<string>();
  for (const { tag, attrs } of tags) {
    if (tag === 'script' && attrs.type === 'module' && attrs.src) scriptHrefs.add(attrs.src);
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    if (tag === 'link' && rel.includes('modulepreload') && attrs.href) scriptHrefs.add(attrs.href);
    if (tag === 'link' && rel.includes('stylesheet') && attrs.href) styleHrefs.add(attrs.href);
  }
  const load = (hrefs: Set<string>) => Promise.all([...hrefs].map((href) => measure(root, base, href)));
  const [scripts, styles] = await Promise.all([load(scriptHrefs), load(styleHrefs)]);
  const sum = (files: FirstLoadFile[]) => files.reduce((total, f) => total + f.gzipBytes, 0);
  return { scripts, styles, scriptGzipBytes: sum(scripts), styleGzipBytes: sum(styles) };
}

/** One line per file and the totals, for a failure message or a report. */
export function describeFirstLoad(load: FirstLoad): string {
  const line = (f: FirstLoadFile) => `  ${(f.gzipBytes / 1024).toFixed(1).padStart(7)} kB gz  ${(f.bytes / 1024).toFixed(1).padStart(7)} kB  ${f.href}`;
  return [
    `JavaScript, first load: ${(load.scriptGzipBytes / 1024).toFixed(1)} kB gzipped`,
    ...load.scripts.map(line),
    `CSS, first load: ${(load.styleGzipBytes / 1024).toFixed(1)} kB gzipped`,
    ...load.styles.map(line),
  ].join('\n');
}

async function measure(root: string, base: string, href: string): Promise<FirstLoadFile> {
  if (/^(https?:)?\/\//i.test(href)) throw new Error(`${href}: the console loads nothing from other origins at first load`);
  const path = decodeURIComponent(href.split(/[?#]/)[0]!);
  const relative = path.startsWith(base) ? path.slice(base.length) : path.replace(/^\.?\//, '');
  const file = normalize(join(root, relative));
  if (!(file + sep).startsWith(normalize(root) + sep) && file !== normalize(root)) throw new Error(`${href} points outside ${root}`);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch {
    throw new Error(`${href} is named by the page but ${file} does not exist`);
  }
  return { href, file, bytes: content.length, gzipBytes: gzipSync(content, { level: constants.Z_BEST_COMPRESSION }).length };
}

function attributes(source: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [, name, dq, sq, bare] of source.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    result[name!.toLowerCase()] = dq ?? sq ?? bare ?? '';
  }
  return result;
}
