// News releases in a real browser with script turned off, on the demo.
//
// On each masthead: the form, filled in and sent with a picture (a PNG
// made here) and no JavaScript, leads to "Check your email"; the
// confirmation email is read from the demo's outbox folder; its link opens
// a page whose button confirms; the status link shows the release
// pending. axe-core runs on the form, the page after it, the confirmation
// page, the status page, the releases list and a published release, at
// 375 and 1280 px, light and dark; each is screenshotted into --out.
//
// Usage: node releases.mjs --base http://127.0.0.1:PORT --outbox FOLDER --out FOLDER

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Failed, axeViolations, fail, finish, launch, ok } from './harness.mjs';
import { sendRelease } from './sender.mjs';

const { values: args } = parseArgs({
  options: { base: { type: 'string' }, outbox: { type: 'string' }, out: { type: 'string' } },
});
if (!args.base || !args.outbox || !args.out) {
  console.error('usage: node releases.mjs --base URL --outbox FOLDER --out FOLDER');
  process.exit(2);
}
const base = args.base.replace(/\/$/, '');
const MASTHEADS = ['kenya-star', 'ocean-herald'];

// axe-core and a screenshot of each page, at two widths, light and dark.
async function pagesAsSeen(browser, masthead, kinds) {
  const problems = [];
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      for (const [kind, url] of Object.entries(kinds)) {
        await page.goto(url);
        await page.screenshot({ path: join(args.out, `${masthead}-${kind}-${width}-${scheme}.png`), fullPage: true });
        for (const violation of await axeViolations(page)) problems.push(`${kind} at ${width} px ${scheme}: ${violation}`);
      }
      await context.close();
    }
  }
  if (problems.length) fail(`${masthead} release pages under axe-core`, [...new Set(problems)]);
  else ok(`${masthead} release pages: no axe-core violations on ${Object.keys(kinds).join(', ')} (375 and 1280 px, light and dark)`);
}

async function main() {
  rmSync(args.out, { recursive: true, force: true });
  mkdirSync(args.out, { recursive: true });
  const browser = await launch();
  try {
    for (const masthead of MASTHEADS) {
      const home = `${base}/m/${masthead}`;
      const started = Date.now();
      const context = await browser.newContext();
      const page = await context.newPage();
      // The form page, as the cache keeps it from now on.
      await page.goto(`${home}/releases/submit`);
      await page.goto(`${home}/releases`);
      const first = page.locator('.release-list a.headline').first();
      const release = (await first.count()) ? new URL(await first.getAttribute('href'), base).href : null;
      await context.close();
      let links;
      try {
        links = await sendRelease(browser, {
          base,
          outbox: args.outbox,
          masthead,
          started,
          release: { address: `releases-${masthead}@mail.example`, headline: `Open-air play on the harbour wall (${masthead})` },
        });
        ok(`${masthead} release form: sent with a picture and no script, confirmed from the emailed link, pending on its status page`);
      } catch (error) {
        if (!(error instanceof Failed)) throw error;
        fail(`${masthead} release form`, error.message);
        continue;
      }
      const kinds = {
        'release-form': `${home}/releases/submit`,
        'release-sent': `${home}/releases/sent`,
        'release-confirm': links.confirm,
        'release-status': links.status,
        releases: `${home}/releases`,
      };
      if (release) kinds.release = release;
      else fail(`${masthead} releases page`, 'no published release listed');
      await pagesAsSeen(browser, masthead, kinds);
    }
  } finally {
    await browser.close();
  }
}

finish('release', main);
