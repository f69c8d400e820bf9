import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { constants, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { describeFirstLoad, firstLoad } from '../harness/bundle.js';

/** The bundle-size helper, on a hand-made build like Vite's (no console build needed). */
let dir: string;
const files: Record<string, Buffer> = {
  'assets/index-Ab12.js': Buffer.from(`import './vendor-Cd34.js';\n${'export const x = "entry";\n'.repeat(500)}`),
  'assets/vendor-Cd34.js': Buffer.from('export const vendor = 1;\n'.repeat(2000)),
  'assets/lazy-Ef56.js': randomBytes(50_000), // a lazily loaded chunk: not first load
  'assets/index-Gh78.css': Buffer.from('body { margin: 0 }\n'.repeat(300)),
};
const gz = (name: string) => gzipSync(files[name]!, { level: constants.Z_BEST_COMPRESSION }).length;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bundle-'));
  await mkdir(join(dir, 'assets'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="/console/favicon.svg" />
    <script type="module" crossorigin src="/console/assets/index-Ab12.js"></script>
    <link rel="modulepreload" crossorigin href="/console/assets/vendor-Cd34.js">
    <link rel="stylesheet" crossorigin href="/console/assets/index-Gh78.css">
    <script>window.inline = true</script>
  </head>
  <body><div id="root"></div></body>
</html>`,
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('firstLoad (test/harness/bundle.ts)', () => {
  it('counts the entry script and its module preloads, gzipped at level 9; CSS apart; lazy chunks not at all', async () => {
    const load = await firstLoad(join(dir, 'index.html'));
    expect(load.scripts.map((f) => f.href)).toEqual(['/console/assets/index-Ab12.js', '/console/assets/vendor-Cd34.js']);
    expect(load.scriptGzipBytes).toBe(gz('assets/index-Ab12.js') + gz('assets/vendor-Cd34.js'));
    expect(load.scripts[1]!.bytes).toBe(files['assets/vendor-Cd34.js']!.length);
    expect(load.styles.map((f) => f.href)).toEqual(['/console/assets/index-Gh78.css']);
    expect(load.styleGzipBytes).toBe(gz('assets/index-Gh78.css'));
    expect(describeFirstLoad(load)).toContain('/console/assets/vendor-Cd34.js');
  });

  it('relative hrefs (base "./") resolve beside index.html', async () => {
    const other = await mkdtemp(join(tmpdir(), 'bundle-'));
    try {
      await mkdir(join(other, 'assets'));
      await writeFile(join(other, 'assets/a.js'), files['assets/index-Ab12.js']!);
      await writeFile(join(other, 'index.html'), `<script type=module src="./assets/a.js"></script>`);
      expect((await firstLoad(join(other, 'index.html'), './')).scriptGzipBytes).toBe(gz('assets/index-Ab12.js'));
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('a file the page names but the build lacks is an error, as is a script from another origin', async () => {
    await writeFile(join(dir, 'broken.html'), `<script type="module" src="/console/assets/gone.js"></script>`);
    await expect(firstLoad(join(dir, 'broken.html'))).rejects.toThrow(/gone\.js is named by the page but .* does not exist/);
    await writeFile(join(dir, 'cdn.html'), `<script type="module" src="https://cdn.example/x.js"></script>`);
    await expect(firstLoad(join(dir, 'cdn.html'))).rejects.toThrow(/other origins/);
  });
});
