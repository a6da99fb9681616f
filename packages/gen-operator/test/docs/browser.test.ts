import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDocs } from '../../src/docs.js';
import { repoDir, workDir } from '../helpers.js';
import { HOSTILE, HOSTILE_NAMES, hostileCrd } from './hostile-crd.js';

// The HTML page in a real browser: Debian's Chromium, driven by playwright-core, opening the page
// of the corpus's largest CRD (argo's Workflow, 2.8 MB) from file://, as a reader would.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CRD = join(repoDir, 'test/corpus/crds/argo-workflows/argoproj.io_workflows.yaml');
/** Two served versions that differ: v1beta2 and v1beta1. */
const CLUSTER = join(repoDir, 'test/corpus/crds/cluster-api/cluster.x-k8s.io_clusters.yaml');
const screenshots = join(repoDir, 'test-output/docs');
const LONG = 120_000;

/** Chromium, or a failure that says how to install it: a missing browser must not pass as a skip. */
function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian; .ci/run does this), or set CHROMIUM_PATH to a Chromium binary`,
    );
  return chromium.launch({ executablePath: CHROMIUM });
}

/**
 * Waits (as long as a loaded machine needs) for a locator to be shown or gone, and fails at once
 * when the page's script throws: the page would never get there.
 */
const crashes = new WeakMap<Page, Promise<never>>();
function watch(page: Page): void {
  crashes.set(
    page,
    new Promise((_, reject) => page.on('pageerror', (error) => reject(new Error(`the page's script failed: ${error.message}`)))),
  );
  crashes.get(page)!.catch(() => {});
}
const waitFor = (locator: Locator, state: 'visible' | 'hidden') =>
  Promise.race([locator.first().waitFor({ state, timeout: LONG }), crashes.get(locator.page())!]);
const shown = (locator: Locator) => waitFor(locator, 'visible');
const gone = (locator: Locator) => waitFor(locator, 'hidden');

describe('the docs page in Chromium', { timeout: LONG }, () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const out = join(workDir, 'docs-browser');
    const result = await generateDocs({ paths: [CRD, CLUSTER], out });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    watch(page);
    // A refused inline script or style (the page's Content-Security-Policy) is a console error.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${pathToFileURL(join(out, 'index.html')).href}#${encodeURIComponent('argoproj.io/Workflow')}`);
  }, LONG);

  afterAll(async () => {
    await browser?.close();
  });

  const field = (path: string) => page.locator(`li[data-path="${path}"]`);
  const toggle = (path: string) => field(path).locator(':scope > details > summary');

  it('shows the kind with its top-level fields and builds nested ones as they are opened', async () => {
    await shown(field('spec'));
    expect(await page.locator('main h2').textContent()).toBe('Workflow');
    expect(await field('spec.templates').count()).toBe(0); // not built until spec is opened
    await toggle('spec').click();
    await toggle('spec.templates').click();
    await toggle('spec.templates[].container').click();
    const image = field('spec.templates[].container.image');
    await shown(image);
    expect(await image.locator('.type').first().textContent()).toBe('string');
    expect(await image.locator('.description').first().textContent()).toContain('Container image name');
    expect(problems).toEqual([]);
  });

  it('filters by a field name, opening the branches that lead to each match', async () => {
    await shown(field('spec.arguments'));
    await page.locator('#search').fill('activeDeadlineSeconds');
    const match = field('spec.activeDeadlineSeconds');
    await shown(match);
    expect(await match.locator('mark').first().textContent()).toBe('activeDeadlineSeconds');
    expect(await field('spec.templates[].activeDeadlineSeconds').isVisible()).toBe(true);
    expect(await field('spec.arguments').isVisible()).toBe(false);
    expect(await field('kind').isVisible()).toBe(false);
    expect(await page.locator('#status').textContent()).toMatch(/^\d+ matches in Workflow v1alpha1/);
    await mkdir(screenshots, { recursive: true });
    const shot = join(screenshots, 'workflow-search.png');
    await page.screenshot({ path: shot, fullPage: false });
    console.log(`screenshot: ${shot}`);
    expect(existsSync(shot)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('goes to another kind by its link, with its versions side by side', async () => {
    await page.locator('#search').fill('');
    await page.locator('nav a', { hasText: /^Cluster$/ }).click();
    await shown(page.locator('main h2', { hasText: /^Cluster$/ }));
    expect(await page.locator('.versions button').allTextContents()).toEqual(['v1beta2 · storage', 'v1beta1 · deprecated']);
    const differences = page.locator('details.differences');
    await differences.locator('summary').click();
    expect(await differences.locator('tr').first().textContent()).toBe('fieldv1beta2v1beta1');
    expect(await differences.locator('tr', { has: page.locator('code', { hasText: /^spec$/ }) }).textContent()).toBe(
      'specobject, requiredobject',
    );
    await page.locator('.versions button', { hasText: 'v1beta1' }).click();
    await shown(page.locator('.versions button[aria-pressed="true"]', { hasText: 'v1beta1' }));
    expect(problems).toEqual([]);
    await page.locator('nav a', { hasText: /^Workflow$/ }).click();
    await shown(page.locator('main h2', { hasText: /^Workflow$/ }));
  });

  it('searches by path, and an empty query brings the whole tree back', async () => {
    await page.locator('#search').fill('spec.templates[].container.image');
    await shown(field('spec.templates[].container.image'));
    expect(await field('spec.activeDeadlineSeconds').isVisible()).toBe(false);
    await page.locator('#search').fill('');
    await gone(field('spec.arguments'));
    await shown(field('kind'));
    expect(problems).toEqual([]);
  });
});

// A CRD whose strings are all markup or script: the page shows them as text and runs none of them.
describe('a hostile CRD in Chromium', { timeout: LONG }, () => {
  let browser: Browser;
  let page: Page;
  const ran: string[] = [];

  beforeAll(async () => {
    const dir = join(workDir, 'docs-browser-hostile');
    await mkdir(join(dir, 'crds'), { recursive: true });
    await writeFile(join(dir, 'crds/widget.json'), hostileCrd());
    const result = await generateDocs({ paths: ['crds'], out: 'out', cwd: dir });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    browser = await launch();
    page = await browser.newPage();
    watch(page);
    page.on('dialog', (dialog) => {
      ran.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => ran.push(error.message));
    await page.goto(pathToFileURL(join(dir, 'out/index.html')).href);
  }, LONG);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows names and descriptions as text and runs nothing of them', async () => {
    const spec = page.locator('li[data-path="spec"]');
    await shown(spec);
    await spec.locator(':scope > details > summary').click();
    expect(await spec.locator(':scope > details > .body > .description').textContent()).toBe(HOSTILE.closeScript);
    const names = await spec.locator(':scope > details > ul > li > .leaf > .name').allTextContents();
    expect(names).toEqual([...HOSTILE_NAMES, 'choice']);
    await page.locator('#search').fill('onerror');
    await shown(page.locator('mark'));
    expect(await page.locator('mark').first().textContent()).toBe('onerror');
    expect(await page.locator('main > ul.facts li').first().textContent()).toBe(`rule: self.metadata.name.size() < 64 — ${HOSTILE.pipes}`);
    expect(await page.locator('main table tr').last().textContent()).toBe(`${HOSTILE.pipes}string.spec.choice${HOSTILE.script}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(2);
    expect(ran).toEqual([]);
  });
});
