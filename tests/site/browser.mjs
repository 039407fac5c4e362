// The site in a real browser: Debian's Chromium, headless, driven by
// playwright-core (npm cannot download a browser here, and needs not).
//
// - A reader's path on each masthead: front page, a section from the
//   navigation, a story from its headlines, a search from the header form,
//   then the next page of results (or of a section, or the day before).
//   Each step checks the address and a visible heading.
// - A keyboard-only path: the first Tab reaches the skip link, Enter moves
//   focus to <main>; Tab reaches the search box and every section link; each
//   focused element shows an outline.
// - axe-core on every page kind of both mastheads (and the server's list of
//   mastheads and its 404), light and dark, narrow and wide: no violations.
// - Full-page screenshots of every page kind at 375 and 1280 px, light and
//   dark, in the --out folder.
// - The daily email's form at the foot of the front page: an address and a
//   section sent with no script lead to "Check your inbox"; an address with
//   a space comes back with the form and what to fix. The form's own pages
//   (the form alone, "check your inbox", a link that is not valid) are
//   among the page kinds axe-core checks and screenshots.
// - At 320 px no page scrolls sideways; printed, a page leaves out the
//   navigation and search and keeps its content.
// - On every page loaded: no Content-Security-Policy violation, no script
//   error, and every stylesheet and image answers.
//
// Usage: node browser.mjs --base http://127.0.0.1:PORT --out FOLDER

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { base: { type: 'string' }, out: { type: 'string' } },
});
if (!args.base || !args.out) {
  console.error('usage: node browser.mjs --base http://127.0.0.1:PORT --out FOLDER');
  process.exit(2);
}
const base = args.base.replace(/\/$/, '');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const MASTHEADS = ['kenya-star', 'ocean-herald'];
const WIDTHS = [375, 1280];
const SCHEMES = ['light', 'dark'];
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let failures = 0;
const ok = (what) => console.log(`ok   ${what}`);
const skip = (what, why) => console.log(`skip ${what}: ${why}`);
function fail(what, problems = []) {
  failures += 1;
  console.log(`FAIL ${what}`);
  for (const problem of [].concat(problems)) console.log(`       ${problem}`);
}

class Failed extends Error {}
function expect(condition, message) {
  if (!condition) throw new Failed(message);
}

// What a page did wrong while it loaded, whatever the test was looking at.
function watch(page, problems) {
  page.on('console', (message) => {
    // The document's own status (a 404 page's 404) is checked where it matters.
    if (message.location().url === page.url() && /^Failed to load resource/.test(message.text())) return;
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push(`${page.url()}: console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: script error: ${error.message}`));
  page.on('response', (response) => {
    const kind = response.request().resourceType();
    if ((kind === 'stylesheet' || kind === 'image') && response.status() >= 400) {
      problems.push(`${response.url()}: ${kind} answered ${response.status()}`);
    }
  });
  page.on('requestfailed', (request) =>
    problems.push(`${request.url()}: ${request.resourceType()} failed: ${request.failure()?.errorText}`),
  );
}

// The text of the first visible element matching `selector`, or null.
async function visibleText(page, selector) {
  for (const element of await page.locator(selector).all()) {
    if (await element.isVisible()) return (await element.innerText()).trim();
  }
  return null;
}

const pathOf = (url) => new URL(url, base).pathname + new URL(url, base).search;
const longestWord = (text) =>
  (text.match(/[A-Za-z]{5,}/g) || ['news']).reduce((a, b) => (b.length > a.length ? b : a));

// The page kinds of one masthead, found as a reader finds them.
async function discover(page, masthead) {
  const home = `${base}/m/${masthead}/`;
  await page.goto(home);
  const section = await page.locator('nav.sections a[href*="/section/"]').first().getAttribute('href');
  const storyLink = page.locator('main a.headline').first();
  const story = await storyLink.getAttribute('href');
  const headline = (await storyLink.innerText()).trim();
  await page.goto(new URL(story, base).href);
  const source = await page.locator('main a[href*="/source/"]').first().getAttribute('href');
  const archive = await page.locator('main a[href*="/archive/"]').first().getAttribute('href');
  const word = longestWord(headline);
  const search = `${home}search?q=${encodeURIComponent(word)}`;
  const searchThere = (await page.request.get(search)).status() !== 404;
  const kinds = {
    front: home,
    section: new URL(section, base).href,
    story: new URL(story, base).href,
    source: new URL(source, base).href,
    archive: new URL(archive, base).href,
    'not-found': `${home}no-such-page`,
  };
  // The "Local" section, on a masthead whose regions give it one.
  await page.goto(home);
  const local = page.locator('main a[href$="/local"]').first();
  if (await local.count()) kinds.local = new URL(await local.getAttribute('href'), base).href;
  if (searchThere) {
    kinds.search = search;
    kinds['search-empty'] = `${home}search?q=`;
  }
  return { home, kinds, word, searchThere };
}

// Clicks `link` and waits for the page it leads to.
async function follow(page, link) {
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL((url) => url.href === new URL(href, page.url()).href), link.click()]);
}

async function readerPath(browser, masthead, site) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  const step = async (name, body) => {
    try {
      const said = await body();
      ok(`${masthead} reader: ${name}${said ? ` (${said})` : ''}`);
      return true;
    } catch (error) {
      if (!(error instanceof Failed)) throw error;
      fail(`${masthead} reader: ${name}`, error.message);
      return false;
    }
  };
  try {
    await step('front page', async () => {
      const response = await page.goto(site.home);
      expect(response.status() === 200, `the front page answered ${response.status()}`);
      expect(page.url() === site.home, `front page at ${page.url()}`);
      const heading = await visibleText(page, 'main h2');
      expect(heading, 'no visible heading on the front page');
      return `"${heading}"`;
    });

    let sectionName = null;
    await step('a section from the navigation', async () => {
      const link = page.locator('nav.sections a[href*="/section/"]').first();
      sectionName = (await link.innerText()).trim();
      await follow(page, link);
      expect(/\/section\/[^/]+$/.test(new URL(page.url()).pathname), `section at ${page.url()}`);
      const heading = await visibleText(page, 'main h1');
      expect(heading === sectionName, `heading "${heading}", not "${sectionName}"`);
      const current = await page.locator('nav.sections a[aria-current="page"]').first().innerText();
      expect(current.trim() === sectionName, `the navigation marks "${current}" as current`);
      return pathOf(page.url());
    });

    await step('a story from a headline', async () => {
      const link = page.locator('main a.headline').first();
      const headline = (await link.innerText()).trim();
      await follow(page, link);
      expect(/\/story\/\d+\//.test(page.url()), `story at ${page.url()}`);
      const heading = await visibleText(page, 'main h1');
      expect(heading === headline, `heading "${heading}", not "${headline}"`);
      return pathOf(page.url());
    });

    let searchPages = 0;
    if (!site.searchThere) {
      skip(`${masthead} reader: search from the header form`, 'search page not there yet (its route answers 404)');
    } else {
      await step(`search for "${site.word}" from the header form`, async () => {
        const box = page.locator('header form[role="search"] input[name="q"]');
        await box.fill(site.word);
        await Promise.all([page.waitForURL(/\/search\?/), box.press('Enter')]);
        const url = new URL(page.url());
        expect(url.pathname === `/m/${masthead}/search`, `search at ${page.url()}`);
        expect(url.searchParams.get('q') === site.word, `the query is "${url.searchParams.get('q')}"`);
        const heading = await visibleText(page, 'main h1');
        expect(heading, 'no visible heading on the results');
        const results = await page.locator('main a[href*="/story/"]').count();
        expect(results > 0, `no story found for "${site.word}", a word of a headline`);
        searchPages = 1;
        return `${results} results`;
      });
    }

    const older = 'main a[rel="next"], main a:text-is("Older results"), main a:text-is("Older stories")';
    if (searchPages && (await page.locator(older).count()) > 0) {
      await step('the next page of results', async () => {
        const before = page.url();
        await follow(page, page.locator(older).first());
        expect(page.url() !== before && /\/search\?/.test(page.url()), `next results at ${page.url()}`);
        const heading = await visibleText(page, 'main h1');
        expect(heading, 'no visible heading on the next results');
        return pathOf(page.url());
      });
    } else {
      // Search has one page (or is not there): a section's next page
      // instead, or, when every section fits on one page, the day before.
      const why = searchPages ? 'the results fit on one page' : 'no search';
      let found = null;
      for (const href of site.sections) {
        await page.goto(href);
        if ((await page.locator(older).count()) > 0) {
          found = href;
          break;
        }
      }
      if (found) {
        await step(`the next page of a section (${why})`, async () => {
          await follow(page, page.locator(older).first());
          expect(/\/section\/[^/]+\?/.test(page.url()), `next page at ${page.url()}`);
          const heading = await visibleText(page, 'main h1');
          expect(heading, 'no visible heading on the next page');
          return pathOf(page.url());
        });
      } else {
        await step(`the day before, from a day's pager (${why}; every section fits on one page)`, async () => {
          await page.goto(site.kinds.archive);
          const link = page.locator('nav.pager a.earlier').first();
          expect((await link.count()) > 0, 'the day page has no link to an earlier day');
          const label = (await link.innerText()).trim().replace(/^Earlier: /, '');
          await follow(page, link);
          expect(/\/archive\/\d{4}\/\d{2}\/\d{2}$/.test(page.url()), `day at ${page.url()}`);
          const heading = await visibleText(page, 'main h1');
          expect(heading === label, `heading "${heading}", not "${label}"`);
          return pathOf(page.url());
        });
      }
    }
  } finally {
    await context.close();
  }
  if (problems.length) fail(`${masthead} reader: the pages loaded cleanly`, problems);
}

// What has the focus: a short description, and whether it shows an outline.
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body' };
    const style = getComputedStyle(element);
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      className: element.className,
      href: element.getAttribute('href'),
      text: (element.innerText || element.value || '').trim().slice(0, 40),
      outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      outlineText: `${style.outlineStyle} ${style.outlineWidth}`,
      inView: (() => {
        const box = element.getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight && box.width > 0 && box.height > 0;
      })(),
    };
  });
}

async function keyboardPath(browser, masthead, site) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  try {
    await page.goto(site.home);
    await page.keyboard.press('Tab');
    const first = await focused(page);
    if (!/\bskip-link\b/.test(first.className || '')) {
      problems.push(`the first Tab reaches ${first.tag} "${first.text}", not the skip link`);
    } else {
      if (!first.outline) problems.push(`the skip link shows no outline (${first.outlineText})`);
      if (!first.inView) problems.push('the focused skip link is not on screen');
      await page.keyboard.press('Enter');
      await page.waitForURL(/#main$/);
      const after = await focused(page);
      if (after.tag !== 'main') problems.push(`Enter on the skip link puts focus on ${after.tag}, not <main>`);
    }

    // From the top again: Tab through the header.
    await page.goto(site.home);
    const wanted = new Map([['#site-search', false]]);
    for (const href of site.sections) wanted.set(pathOf(href), false);
    const noOutline = [];
    for (let n = 0; n < 40 && [...wanted.values()].includes(false); n += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      if (now.tag === 'body') continue;
      if (!now.outline) noOutline.push(`${now.tag} "${now.text}" (${now.outlineText})`);
      if (now.id === 'site-search') wanted.set('#site-search', true);
      if (now.href && wanted.has(now.href)) wanted.set(now.href, true);
    }
    const missed = [...wanted].filter(([, reached]) => !reached).map(([what]) => what);
    if (missed.length) problems.push(`40 Tabs never reach ${missed.join(', ')}`);
    if (noOutline.length) problems.push(`focused without a visible outline: ${noOutline.join('; ')}`);
  } finally {
    await context.close();
  }
  if (problems.length) fail(`${masthead} keyboard: skip link, search box and section links`, problems);
  else ok(`${masthead} keyboard: skip link first, Enter focuses <main>, Tab reaches the search box and ${site.sections.length} section links, every focus outlined`);
}

// The daily email's form, as a reader uses it (no script of ours runs).
async function dailyEmailPath(browser, masthead, site) {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  try {
    await page.goto(site.home);
    const form = page.locator('form.subscribe-form');
    expect(await form.count() === 1, 'no daily email form on the front page');
    const pitch = await visibleText(page, '.daily-email-pitch p');
    expect(pitch && pitch.includes('Get a daily dose of'), `the form's words: ${pitch}`);
    await page.fill('#daily-email-address', `browser-${masthead}@mail.example`);
    await page.locator('.subscribe-sections summary').click();
    await page.locator('.subscribe-sections input[type=checkbox]').first().check();
    await Promise.all([page.waitForURL(/\/email\/subscribed$/), form.locator('button').click()]);
    const heading = await visibleText(page, 'h1');
    expect(heading === 'Check your inbox', `after the form: "${heading}"`);

    await page.goto(site.home);
    // The browser's own check would stop a typing slip; the server's is
    // the one under test.
    await page.evaluate(() => { document.querySelector('#daily-email-address').type = 'text'; });
    await page.fill('#daily-email-address', 'not an address');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      form.locator('button').click(),
    ]);
    expect(response.status() === 422, `a bad address answered ${response.status()}`);
    await page.waitForLoadState();
    const error = await visibleText(page, '.form-error');
    expect(error && error.length > 10, 'no visible word on what to fix');
    expect(await page.inputValue('#email-address') === 'not an address', 'the address typed is not shown again');
  } catch (error) {
    if (!(error instanceof Failed)) throw error;
    problems.push(error.message);
  } finally {
    await context.close();
  }
  if (problems.length) fail(`${masthead} daily email form`, problems);
  else ok(`${masthead} daily email form: subscribed with a section, no script; a bad address shown again with what to fix`);
}

// axe-core and a full-page screenshot of every page kind, at each width and
// colour scheme.
async function pagesAsSeen(browser, name, site, out) {
  const violations = new Map();
  const problems = [];
  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      watch(page, problems);
      for (const [kind, url] of Object.entries(site.kinds)) {
        await page.goto(url);
        await page.screenshot({ path: join(out, `${name}-${kind}-${width}-${scheme}.png`), fullPage: true });
        await page.evaluate(axeSource);
        const found = await page.evaluate(async () => {
          const result = await window.axe.run(document);
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          }));
        });
        for (const violation of found) {
          const key = `${kind} ${violation.id}`;
          const seen = violations.get(key) || { ...violation, kind, where: new Set(), nodes: new Map() };
          seen.where.add(`${width} px ${scheme}`);
          for (const node of violation.nodes) seen.nodes.set(node.target, node.summary);
          violations.set(key, seen);
        }
      }
      await context.close();
    }
  }
  const kinds = Object.keys(site.kinds);
  if (violations.size) {
    fail(
      `${name} axe-core: ${violations.size} violations`,
      [...violations.values()].flatMap((v) => [
        `${v.kind}: ${v.id} (${v.impact}): ${v.help} [${[...v.where].join(', ')}]`,
        ...[...v.nodes].slice(0, 5).map(([target, summary]) => `   ${target}: ${summary.replace(/\n\s*/g, ' ')}`),
      ]),
    );
  } else {
    ok(`${name} axe-core: no violations on ${kinds.join(', ')} (375 and 1280 px, light and dark)`);
  }
  if (problems.length) fail(`${name} pages loaded cleanly`, [...new Set(problems)]);
  ok(`${name} screenshots: ${kinds.length * WIDTHS.length * SCHEMES.length} in ${out}`);
}

// The narrowest phones (320 px): no page scrolls sideways. In print, the
// navigation, search and pagers are left out and the article stays.
async function narrowAndPrinted(browser, name, site) {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide = [];
  const printProblems = [];
  try {
    for (const [kind, url] of Object.entries(site.kinds)) {
      await page.emulateMedia({ media: 'screen' });
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) wide.push(`${kind}: ${overflow} px wider than the screen`);
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => {
        const shown = (selector) => {
          const element = document.querySelector(selector);
          return element !== null && getComputedStyle(element).display !== 'none';
        };
        return { nav: shown('nav.sections'), search: shown('form[role=search]'), main: shown('main') };
      });
      if (printed.nav || printed.search || !printed.main) {
        printProblems.push(`${kind}: printed with nav ${printed.nav}, search ${printed.search}, main ${printed.main}`);
      }
    }
  } finally {
    await context.close();
  }
  const kinds = Object.keys(site.kinds).join(', ');
  if (wide.length) fail(`${name} at 320 px`, wide);
  else ok(`${name} at 320 px: no page scrolls sideways (${kinds})`);
  if (printProblems.length) fail(`${name} printed`, printProblems);
  else ok(`${name} printed: navigation and search left out, the content kept (${kinds})`);
}

async function main() {
  rmSync(args.out, { recursive: true, force: true });
  mkdirSync(args.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    for (const masthead of MASTHEADS) {
      const context = await browser.newContext();
      const site = await discover(await context.newPage(), masthead);
      const front = await context.newPage();
      await front.goto(site.home);
      site.sections = [];
      for (const link of await front.locator('nav.sections a[href*="/section/"]').all()) {
        site.sections.push(new URL(await link.getAttribute('href'), base).href);
      }
      await context.close();
      if (!site.searchThere) {
        skip(`${masthead} search and empty search pages`, 'search page not there yet (its route answers 404)');
      }
      site.kinds['email-form'] = new URL('email/subscribe', site.home).href;
      site.kinds['email-inbox'] = new URL('email/subscribed', site.home).href;
      site.kinds['email-bad-link'] = new URL('email/confirm/not-a-token', site.home).href;
      await readerPath(browser, masthead, site);
      await keyboardPath(browser, masthead, site);
      await dailyEmailPath(browser, masthead, site);
      await pagesAsSeen(browser, masthead, site, args.out);
      await narrowAndPrinted(browser, masthead, site);
    }
    // The server's own pages: the list of mastheads, and its 404.
    const network = { kinds: { front: `${base}/`, 'not-found': `${base}/no-such-page` } };
    await pagesAsSeen(browser, 'network', network, args.out);
  } finally {
    await browser.close();
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`FAIL the browser checks stopped: ${error.stack || error}`);
    process.exit(1);
  },
);
