import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { replayCommand } from '../../../src/report/console.ts';
import { htmlReport } from '../../../src/report/html.ts';
import type { Report } from '../../../src/spec/generated/report.ts';
import { projectRoot } from '../../../src/spec/paths.ts';
import { validateDocument } from '../../../src/spec/schemas.ts';
import { BROKEN_ADAPTER, DIGEST, HOSTILE, largeReport, requirements, sampleReport, SEED } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const SKIP_REASON = `${CHROMIUM} does not exist; run scripts/install-chromium.sh as root to install Debian's chromium`;
if (!hasChromium) console.warn(`html report: skipping the browser tests: ${SKIP_REASON}`);
const browserIt = it.skipIf(!hasChromium);
const skipNote = hasChromium ? '' : ` (skipped: ${SKIP_REASON})`;

const SCREENSHOT = path.join(projectRoot, 'reports', 'html-report.png');
const ids = requirements.map((r) => r.id);

function schemaProblems(report: Report): string[] {
  return validateDocument('report', report, 'report.json').map((e) => e.message);
}

/** The text of the embedded data element, as the page reads it. */
function embedded(html: string): string {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no report-data element');
  return m[1]!;
}

describe('htmlReport: the page as a string', () => {
  const report = sampleReport();
  const html = htmlReport(report);

  it('builds from a report that the schema accepts', () => {
    expect(schemaProblems(report)).toEqual([]);
  });

  it('is one self-contained page that loads nothing', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<html\b/g)).toHaveLength(1);
    // No external script, stylesheet, image, font or frame; a CSP forbids them in any case.
    expect(html).not.toMatch(/<(script|img|iframe|link|source|video|audio|object|embed)\b[^>]*\s(src|href|data)\s*=/i);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(css).not.toMatch(/@import|url\(|@font-face/i);
    expect(html).toContain(`default-src 'none'`);
    // The only URLs in the markup outside the data are the link prefixes the script builds links from.
    const outside = html.replace(embedded(html), '');
    expect(outside.match(/https?:\/\/[^\s'"<)]+/g)?.sort()).toEqual([
      'https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/',
      'https://lore.kernel.org/r/',
    ]);
  });

  it('embeds the report as JSON that cannot close its element', () => {
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain(HOSTILE);
    expect(embedded(html)).not.toContain('<');
    expect(JSON.parse(embedded(html))).toEqual(report);
  });

  it('escapes the title', () => {
    const page = htmlReport(report, { title: 'Run <b>"x"</b> & co' });
    expect(page).toContain('<title>Run &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co</title>');
    expect(page).not.toContain('<b>"x"</b>');
  });

  it('accepts the large fixture against the schema', () => {
    expect(schemaProblems(largeReport(2_000))).toEqual([]);
  });
});

describe('htmlReport in headless Chromium' + skipNote, () => {
  let context: BrowserContext | undefined;
  let userDataDir = '';
  let outDir = '';
  let samplePage = '';
  /** Every request to something other than a file, and every page error or console error, of the current test. */
  let network: string[] = [];
  let errors: string[] = [];

  beforeAll(async () => {
    if (!hasChromium) return;
    outDir = mkdtempSync(path.join(tmpdir(), 'html-report-'));
    userDataDir = mkdtempSync(path.join(tmpdir(), 'html-report-profile-'));
    samplePage = path.join(outDir, 'report.html');
    writeFileSync(samplePage, htmlReport(sampleReport(), { title: 'Conformance: reference vs mock-iommufd' }));
    // launch() refuses --user-data-dir; a persistent context on a fresh, empty folder is the same browser with that profile.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1440, height: 900 },
      offline: true,
    });
    context.on('request', (r) => {
      if (!r.url().startsWith('file:')) network.push(r.url());
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  afterEach(() => {
    const n = network, e = errors;
    network = [];
    errors = [];
    expect(n, 'the page attempted network requests').toEqual([]);
    expect(e, 'the page reported errors').toEqual([]);
  });

  async function open(file: string): Promise<Page> {
    const page = await context!.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
    });
    await page.route('**', (r) => {
      const url = r.request().url();
      if (url.startsWith('file:')) return r.continue();
      network.push(url);
      return r.abort();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
    return page;
  }

  const visibleIds = (page: Page) => page.$$eval('#matrix tr.req', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => (r as HTMLElement).dataset.id));
  const summary = (page: Page) => page.locator('#summary').innerText();
  async function setFilters(page: Page, f: { area?: string; profile?: string; level?: string; verdict?: string; critical?: boolean }): Promise<void> {
    await page.click('#f-reset');
    if (f.area) await page.selectOption('#f-area', f.area);
    if (f.profile) await page.selectOption('#f-profile', f.profile);
    if (f.level) await page.selectOption('#f-level', f.level);
    if (f.verdict) await page.selectOption('#f-verdict', f.verdict);
    if (f.critical) await page.check('#f-critical');
  }

  browserIt('catches a page that reaches for the network (the guard itself works)', async () => {
    const file = path.join(outDir, 'leaky.html');
    writeFileSync(file, '<!doctype html><img src="http://example.invalid/pixel.png"><script>document.documentElement.dataset.ready = "true"</script>');
    const page = await open(file);
    await page.waitForTimeout(200);
    await page.close();
    expect(network).toContain('http://example.invalid/pixel.png');
    network = [];
    errors = [];
  });

  browserIt('shows every requirement with the verdict of each run, labelled and coloured', async () => {
    const page = await open(samplePage);
    expect(await visibleIds(page)).toEqual(ids);
    const headers = await page.$$eval('#matrix thead th', (ths) => ths.map((th) => (th as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    expect(headers.slice(0, 6)).toEqual(['Requirement', 'Title', 'Level', 'Critical', 'Area', 'Profiles']);
    expect(headers[6]).toContain('reference');
    expect(headers[7]).toContain(BROKEN_ADAPTER);

    const cells = await page.$$eval('#matrix tr.req', (rows) =>
      Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.id, [...r.querySelectorAll('td.v .verdict')].map((v) => v.lastChild!.textContent)])),
    );
    const report = sampleReport();
    for (const id of ids) {
      expect(cells[id], id).toEqual(report.runs.map((run) => run.verdicts.find((v) => v.id === id)!.verdict));
    }
    expect(cells['SIZE-003']).toEqual(['pass', 'fail']);
    expect(cells['FAULT-003']).toEqual(['pass', 'warn']);
    expect(cells['NEST-002']).toEqual(['pass', 'broken']);
    expect(cells['GROW-005']).toEqual(['pass', 'untested']);

    // Every verdict has its own colour, and its own word (the legend shows all eight).
    const legend = await page.$$eval('#legend .verdict', (vs) => vs.map((v) => ({ label: v.lastChild!.textContent, bg: getComputedStyle(v).backgroundColor, fg: getComputedStyle(v).color, border: getComputedStyle(v).borderTopStyle })));
    expect(legend.map((l) => l.label)).toEqual(['pass', 'fail', 'warn', 'skip', 'untested', 'broken', 'xfail', 'xpass']);
    expect(new Set(legend.map((l) => `${l.bg}|${l.fg}|${l.border}`)).size).toBe(8);
    expect(new Set(legend.map((l) => l.bg)).size).toBeGreaterThanOrEqual(7);

    const row = (id: string) => page.locator(`#matrix tr.req[data-id="${id}"]`);
    expect(await row('VALID-004').locator('td').nth(2).locator('.badge.crit').innerText()).toBe('critical');
    expect(await row('NEST-005').locator('td').nth(2).locator('.badge.crit').innerText()).toBe('critical');
    expect(await row('SIZE-003').locator('td').nth(2).locator('.badge.crit').count()).toBe(0);
    expect(await row('FAULT-003').locator('td').nth(1).innerText()).toBe('SHOULD');
    expect(await row('FAULT-003').locator('td').nth(3).innerText()).toBe('FAULT');
    expect((await row('SIZE-001').locator('td').nth(4).innerText()).split(/\s+/)).toEqual(['iommu-uapi', 'vfio-nesting', 'iommufd']);

    // The header: date, version, digest; each run's adapter, seed and duration.
    const meta = await page.locator('#meta').innerText();
    expect(meta).toContain('2025-03-14T09:27:05.000Z');
    expect(meta).toContain('0.1.0');
    expect(meta).toContain(DIGEST);
    const runs = await page.$$eval('#runs-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())));
    expect(runs[0]!.slice(1, 4)).toEqual(['reference', 'reference 0.1.0', String(SEED)]);
    expect(runs[0]![6]).toBe('4.8 s');
    expect(runs[1]!.slice(1, 4)).toEqual([BROKEN_ADAPTER, 'mock-iommufd 2.3.0-rc1', String(SEED)]);
    expect(runs[1]![6]).toBe('913 ms');
    expect(runs[1]![12]).toContain('broken');

    // Nothing of the details exists before a requirement is opened.
    expect(await page.locator('.req-details').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await page.close();
  }, 30_000);

  browserIt('shows the broken-adapter banner', async () => {
    const page = await open(samplePage);
    const banners = page.locator('#banners [role="alert"]');
    expect(await banners.count()).toBe(1);
    const text = await banners.innerText();
    expect(text).toContain('ADAPTER BROKEN');
    expect(text).toContain(BROKEN_ADAPTER);
    expect(text).toContain('vfio.nesting_op/no-domain/bind');
    expect(text).toContain('adapter process exited with signal SIGSEGV');
    expect(text).toContain('Segmentation fault (core dumped)');
    expect(await banners.isVisible()).toBe(true);
    await page.close();
  }, 30_000);

  browserIt('expands a requirement to its statement, sources, rows, cases and failures', async () => {
    const page = await open(samplePage);
    const button = page.locator('#req-SIZE-003');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const details = page.locator(`#${await button.getAttribute('aria-controls')}`);
    expect(await details.isVisible()).toBe(true);
    expect(await details.locator('.statement').innerText()).toBe(requirements.find((r) => r.id === 'SIZE-003')!.statement);

    // Sources: a kernel file at a version, linked to the tree.
    const source = details.locator('li.source').first();
    expect(await source.innerText()).toContain('drivers/iommu/iommufd/main.c@v6.12');
    expect(await source.locator('a').getAttribute('href')).toBe('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/drivers/iommu/iommufd/main.c');

    // Rows: the one written against revision 1 of a revision-2 requirement is suspect.
    const rows = details.locator('li.rule-row');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).innerText()).toContain('iommufd.destroy#short');
    expect(await rows.nth(0).locator('.badge.suspect').innerText()).toBe('suspect');
    expect(await rows.nth(1).innerText()).toContain('iommufd.destroy#ok');
    expect(await rows.nth(1).locator('.badge.suspect').count()).toBe(0);

    // Only the matrix's own header sticks to the top; the tables inside the details do not.
    expect(await page.locator('#matrix > thead th').first().evaluate((th) => getComputedStyle(th).position)).toBe('sticky');
    expect(await details.locator('table.case-counts thead th').first().evaluate((th) => getComputedStyle(th).position)).toBe('static');

    // Case counts per adapter.
    const counts = await details.locator('table.case-counts tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/[^\x20-\x7e\s]/g, '').replace(/\s+/g, ' ').trim()));
    expect(counts[0]).toMatch(/^reference pass iommufd 6 6 0 0 0 0 0/);
    expect(counts[1]).toMatch(new RegExp(`^${BROKEN_ADAPTER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} fail iommufd 3 1 2 0 0 0 0`));

    // The failures of the second run, with expected vs actual, the annotated bytes and the replay command.
    const failures = details.locator('.run-failures[data-run="1"] .failure');
    expect(await failures.count()).toBe(2);
    const first = failures.first();
    expect(await first.getAttribute('data-case')).toBe('iommufd.destroy/short/size=7');
    expect(await first.locator('.expected').innerText()).toBe('EINVAL');
    expect(await first.locator('.actual').innerText()).toBe('ok');
    expect(await first.innerText()).toContain('expected EINVAL, the call succeeded');
    expect(await first.locator('dd .badge.suspect').count()).toBe(1);
    const bytes = await first.locator('table.bytes tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(bytes).toEqual([
      ['+0', 'size', '4', '07 00 00 00'],
      ['+4', 'id', '4', '01 00 00 00'],
    ]);
    expect(await first.locator('pre.replay-command').innerText()).toBe(replayCommand(BROKEN_ADAPTER, SEED, 'iommufd.destroy/short/size=7'));
    await first.locator('button.copy').click();
    await page.waitForFunction(() => document.querySelector('.failure button.copy')!.textContent !== 'Copy');
    expect(await details.locator('.run-failures[data-run="0"]').count()).toBe(0);

    // Collapsing hides it again; opening again does not draw it twice.
    await button.click();
    expect(await details.isVisible()).toBe(false);
    await button.click();
    expect(await details.locator('.req-details').count()).toBe(1);
    await page.close();
  }, 30_000);

  browserIt('opens requirements from the keyboard and links their sources', async () => {
    const page = await open(samplePage);
    await page.focus('#req-VALID-004');
    await page.keyboard.press('Enter');
    const details = page.locator('tr.details:has(.req-details[data-id="VALID-004"])');
    expect(await details.isVisible()).toBe(true);
    const thread = details.locator('li.source[data-kind="thread"]');
    expect(await thread.locator('a').innerText()).toBe('Jacob Pan, Re: [PATCH v7 3/7] iommu/uapi: Introduce enum type for PASID data format, 2020-09-11');
    expect(await thread.locator('a').getAttribute('href')).toBe('https://lore.kernel.org/r/1599861476-53416-4-git-send-email-jacob.jun.pan@linux.intel.com');
    // The problem text that contains "</script>" is shown as text and never ran.
    expect(await details.innerText()).toContain(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    const failure = details.locator('.failure');
    expect(await failure.locator('table.bytes tbody tr').count()).toBe(5);
    expect(await failure.locator('pre.replay-command').innerText()).toBe(replayCommand(BROKEN_ADAPTER, SEED, 'iommu-uapi.cache_invalidate/reserved-nonzero/padding[3]'));
    await page.keyboard.press('Space');
    expect(await details.isVisible()).toBe(false);

    // A thread without a message id is plain text; a kernel source with a commit links the file at that commit,
    // without its #function.
    await page.click('#matrix tr.req[data-id="NEST-002"] td.title');
    const nest = page.locator('.req-details[data-id="NEST-002"]');
    expect(await nest.locator('li.source[data-kind="thread"] a').count()).toBe(0);
    expect(await nest.locator('li.source[data-kind="thread"]').innerText()).toContain('Kevin Tian, RE: [PATCH v1 6/8] vfio/type1: Bind guest page tables to host, 2020-05-15');
    expect(await nest.locator('li.source[data-kind="kernel"] a').getAttribute('href')).toBe('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/drivers/vfio/vfio_iommu_type1.c?id=0165f52a');
    await page.click('#req-SIZE-001');
    const size1 = page.locator('.req-details[data-id="SIZE-001"]');
    expect(await size1.locator('li.source[data-kind="kernel"] a').getAttribute('href')).toBe('https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/drivers/iommu/iommufd/main.c?id=051ae5aa');
    expect(await size1.locator('li.source[data-kind="kernel"] a').innerText()).toBe('drivers/iommu/iommufd/main.c#iommufd_fops_ioctl@≈v6.13 (commit 051ae5aa)');
    expect(await size1.locator('li.source[data-kind="document"] a').count()).toBe(0);
    await page.click('#req-LAYOUT-002');
    const layout = page.locator('.req-details[data-id="LAYOUT-002"]');
    expect(await layout.locator('li.source[data-kind="document"] a').getAttribute('href')).toBe('https://www.kernel.org/doc/html/v5.10/userspace-api/iommu.html');
    expect(await layout.locator('.checked-by').innerText()).toContain('layout-lint src/layout/lint.ts#appendOnly');
    expect(await layout.innerText()).toContain('No rule row encodes it');
    await page.close();
  }, 30_000);

  browserIt('filters by area, profile, level, verdict and criticality, with counts that follow', async () => {
    const page = await open(samplePage);
    await page.evaluate(() => ((window as unknown as { __loaded: number }).__loaded = 1));
    expect(await summary(page)).toContain('Showing 11 of 11 requirements');
    expect(await summary(page)).toContain('reference: 11 pass');
    expect(await summary(page)).toContain(`${BROKEN_ADAPTER}: 2 pass, 2 fail, 1 warn, 1 skip, 1 untested, 2 broken, 1 xfail, 1 xpass`);

    await setFilters(page, { area: 'NEST' });
    expect(await visibleIds(page)).toEqual(['NEST-002', 'NEST-005']);
    expect(await summary(page)).toContain('Showing 2 of 11 requirements');
    expect(await summary(page)).toContain(`${BROKEN_ADAPTER}: 2 broken`);

    await setFilters(page, { profile: 'iommu-uapi' });
    expect(await visibleIds(page)).toEqual(['SIZE-001', 'VALID-004', 'LAYOUT-002', 'VALID-010']);
    expect(await summary(page)).toContain(`${BROKEN_ADAPTER}: 2 pass, 1 fail, 1 skip`);

    await setFilters(page, { level: 'SHOULD' });
    expect(await visibleIds(page)).toEqual(['LAYOUT-002', 'FAULT-003']);
    expect(await summary(page)).toContain('reference: 2 pass');

    await setFilters(page, { verdict: 'fail' });
    expect(await visibleIds(page)).toEqual(['SIZE-003', 'VALID-004']);
    expect(await summary(page)).toContain(`Showing 2 of 11 requirements`);
    expect(await summary(page)).toContain(`${BROKEN_ADAPTER}: 2 fail`);

    await setFilters(page, { critical: true });
    expect(await visibleIds(page)).toEqual(['VALID-004', 'NEST-005']);

    // Combined.
    await setFilters(page, { area: 'FAULT', level: 'MAY' });
    expect(await visibleIds(page)).toEqual(['FAULT-007']);
    expect(await summary(page)).toContain(`${BROKEN_ADAPTER}: 1 xfail`);
    await setFilters(page, { profile: 'iommufd', verdict: 'xpass' });
    expect(await visibleIds(page)).toEqual(['GROW-002']);
    await setFilters(page, { area: 'SIZE', profile: 'iommufd', verdict: 'pass' });
    expect(await visibleIds(page)).toEqual(['SIZE-001', 'SIZE-003']);
    await setFilters(page, { area: 'GROW', level: 'SHOULD' });
    expect(await visibleIds(page)).toEqual([]);
    expect(await summary(page)).toContain('Showing 0 of 11 requirements');

    // The text search narrows too, and Enter in it does not submit the form.
    await setFilters(page, {});
    await page.fill('#f-text', 'cookie');
    expect(await visibleIds(page)).toEqual(['FAULT-003']);
    await page.press('#f-text', 'Enter');
    expect(await visibleIds(page)).toEqual(['FAULT-003']);
    expect(await summary(page)).toContain('Showing 1 of 11 requirements');

    // An open requirement hidden by a filter hides its details too.
    await setFilters(page, {});
    await page.click('#req-FAULT-003');
    expect(await page.locator('.req-details[data-id="FAULT-003"]').isVisible()).toBe(true);
    await setFilters(page, { area: 'SIZE' });
    expect(await page.locator('.req-details[data-id="FAULT-003"]').isVisible()).toBe(false);
    await page.click('#f-reset');
    expect(await page.locator('.req-details[data-id="FAULT-003"]').isVisible()).toBe(true);
    expect(await visibleIds(page)).toEqual(ids);

    // No reload happened along the way.
    expect(await page.evaluate(() => (window as unknown as { __loaded?: number }).__loaded)).toBe(1);
    await page.close();
  }, 30_000);

  browserIt('lists the rows no case reached, per run', async () => {
    const page = await open(samplePage);
    const report = sampleReport();
    const sections = page.locator('#uncovered .uncovered-run');
    expect(await sections.count()).toBe(2);
    expect(await sections.nth(0).innerText()).toContain('Every rule row was reached by at least one case.');
    const listed = await sections.nth(1).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.row));
    const expected = report.runs[1]!.coverage.filter((c) => c.cases === 0).map((c) => `${c.table}#${c.row}`);
    expect(expected).toContain('iommufd.fault_write#bad-cookie');
    expect(listed).toEqual(expected);
    expect(await sections.nth(1).locator('h3').innerText()).toContain(`${expected.length} of ${report.runs[1]!.coverage.length} rows not reached`);
    const bad = sections.nth(1).locator('tr[data-row="iommufd.fault_write#bad-cookie"]');
    expect(await bad.innerText()).toContain('FAULT-003');
    // The requirement link opens that requirement.
    await bad.locator('a').click();
    expect(await page.locator('#req-FAULT-003').getAttribute('aria-expanded')).toBe('true');
    await page.close();
  }, 30_000);

  browserIt('saves a screenshot to reports/html-report.png', async () => {
    const page = await open(samplePage);
    await page.click('#req-SIZE-003');
    await page.click('#req-VALID-004');
    // Clicking scrolled the page; a full-page shot taken from there would draw the sticky header mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  }, 30_000);

  browserIt('draws a report without runs (the spec alone, as `trace --html` writes it)', async () => {
    const file = path.join(outDir, 'no-runs.html');
    writeFileSync(file, htmlReport({ ...sampleReport(), runs: [] }, { title: 'Traceability of the specification' }));
    const page = await open(file);
    expect(await visibleIds(page)).toEqual(ids);
    expect(await page.locator('#runs').innerText()).toContain('This report holds no runs.');
    expect(await page.locator('#banners').innerText()).toBe('');
    await page.click('#req-SIZE-003');
    expect(await page.locator('.req-details[data-id="SIZE-003"] li.rule-row .badge.suspect').count()).toBe(1);
    expect(await page.locator('.req-details[data-id="SIZE-003"]').innerText()).toContain('No case found it broken.');
    await setFilters(page, { area: 'NEST' });
    expect(await visibleIds(page)).toEqual(['NEST-002', 'NEST-005']);
    await page.close();
  }, 30_000);

  browserIt('stays fast with ~80 requirements × 3 runs × 20 000 cases', async () => {
    const report = largeReport(20_000);
    const file = path.join(outDir, 'large.html');
    const html = htmlReport(report);
    writeFileSync(file, html);
    const started = Date.now();
    const page = await open(file);
    const loadMs = Date.now() - started;
    expect(await page.locator('#matrix tr.req').count()).toBe(80);
    // No case is drawn up front: the page holds a few thousand elements, not one per case.
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    expect(elements).toBeLessThan(4_000);
    expect(loadMs).toBeLessThan(10_000);

    // Opening the requirement every case of the third run fails draws ten failures and offers more.
    const id = report.requirements[0]!.id;
    const opened = Date.now();
    await page.click(`#req-${id}`);
    const details = page.locator(`.req-details[data-id="${id}"]`);
    await details.waitFor();
    expect(Date.now() - opened).toBeLessThan(3_000);
    expect(await details.locator('.failure').count()).toBe(10);
    const more = details.locator('button.more');
    expect(await more.innerText()).toMatch(/^Show 10 more \(\d+ not shown\)$/);
    await more.click();
    expect(await details.locator('.failure').count()).toBe(20);
    await setFilters(page, { verdict: 'fail' });
    expect((await visibleIds(page)).length).toBeGreaterThan(0);
    expect((await visibleIds(page)).length).toBeLessThan(80);
    console.info(`html report: large fixture ${(html.length / 1e6).toFixed(1)} MB, ready in ${loadMs} ms, ${elements} elements`);
    await page.close();
  }, 60_000);
});
