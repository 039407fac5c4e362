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

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';

const { values: args } = parseArgs({
  options: { base: { type: 'string' }, outbox: { type: 'string' }, out: { type: 'string' } },
});
if (!args.base || !args.outbox || !args.out) {
  console.error('usage: node releases.mjs --base URL --outbox FOLDER --out FOLDER');
  process.exit(2);
}
const base = args.base.replace(/\/$/, '');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const MASTHEADS = ['kenya-star', 'ocean-herald'];
// The server's minimum fill time, in milliseconds, with a margin.
const MIN_FILL_MS = 9000;

let failures = 0;
const ok = (what) => console.log(`ok   ${what}`);
function fail(what, problems = []) {
  failures += 1;
  console.log(`FAIL ${what}`);
  for (const problem of [].concat(problems)) console.log(`       ${problem}`);
}
class Failed extends Error {}
function expect(condition, message) {
  if (!condition) throw new Failed(message);
}

// A PNG of a sea under a sky, made here, so the upload is a real picture.
function png(width, height) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const sea = y > height * 0.6;
    for (let x = 0; x < width; x += 1) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      rows[at] = sea ? 30 : 240 - (y % 60);
      rows[at + 1] = sea ? 90 + (x % 40) : 180;
      rows[at + 2] = sea ? 120 : 110;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The newest email in the outbox to `address` holding `marker`, decoded
// from quoted-printable; waits up to ten seconds for it.
async function emailTo(address, marker) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (existsSync(args.outbox)) {
      for (const file of readdirSync(args.outbox).filter((f) => f.endsWith('.eml'))) {
        const text = readFileSync(join(args.outbox, file), 'utf8')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
        if (text.includes(address) && text.includes(marker)) return text;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

const linkIn = (text, kind) => {
  const found = text.match(new RegExp(`https?://[^\\s"<>]*/releases/${kind}/[A-Za-z0-9._-]+`));
  return found && found[0];
};

// Sends the form of `masthead` with no script; returns the confirmation
// and status links of the email that follows.
async function sendRelease(browser, masthead, started) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  try {
    await page.goto(`${base}/m/${masthead}/`);
    await page.locator('footer a', { hasText: 'Submit a news release' }).click();
    await page.waitForURL(/\/releases\/submit$/);
    expect((await page.locator('h1').innerText()) === 'Submit a news release', 'the form page heading');
    const address = `releases-${masthead}@mail.example`;
    await page.fill('#release-organisation', 'Harbour Lights Theatre Group');
    await page.fill('#release-contact', 'Achieng Odhiambo');
    await page.fill('#release-email', address);
    await page.selectOption('#release-category', 'event');
    await page.fill('#release-headline', `Open-air play on the harbour wall (${masthead})`);
    await page.fill('#release-standfirst', 'Three evenings of a new comedy, written and played by the group.');
    await page.fill(
      '#release-body',
      'The **Harbour Lights Theatre Group** plays its new comedy on the harbour wall.\n\n- Friday\n- Saturday\n- Sunday\n\nBring a cushion.',
    );
    await page.setInputFiles('#release-picture', { name: 'harbour.png', mimeType: 'image/png', buffer: png(800, 450) });
    await page.locator('input[name=consent]').check();
    const waited = Date.now() - started;
    // The server refuses a form sent sooner after it was shown; a person
    // takes longer than this to write a release, a test must wait.
    if (waited < MIN_FILL_MS) await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS - waited));
    await Promise.all([page.waitForURL(/\/releases\/sent$/), page.locator('.release-form button').click()]);
    expect((await page.locator('h1').innerText()) === 'Check your email', 'after the form');
    const email = await emailTo(address, '/releases/confirm/');
    expect(email, `no confirmation email to ${address} in ${args.outbox}`);
    const confirm = linkIn(email, 'confirm');
    const status = linkIn(email, 'status');
    expect(confirm && status, 'the email has a confirmation and a status link');
    // The email links to the masthead's own host; the demo is reached by
    // its /m/ID/ prefix.
    const path = (url) => {
      const pathname = new URL(url).pathname;
      return pathname.startsWith('/m/') ? pathname : `/m/${masthead}${pathname}`;
    };
    await page.goto(`${base}${path(confirm)}`);
    await Promise.all([page.waitForLoadState(), page.locator('main form button').click()]);
    const heading = await page.locator('h1').innerText();
    expect(heading === 'Your release is with the editors', `after confirming: ${heading}`);
    await page.goto(`${base}${path(status)}`);
    const text = await page.locator('main').innerText();
    expect(text.includes('Status: pending'), `the status page: ${text}`);
    return { confirm: `${base}${path(confirm)}`, status: `${base}${path(status)}` };
  } finally {
    await context.close();
  }
}

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
        await page.evaluate(axeSource);
        const found = await page.evaluate(async () =>
          (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        );
        for (const violation of found) problems.push(`${kind} at ${width} px ${scheme}: ${violation}`);
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
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
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
        links = await sendRelease(browser, masthead, started);
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
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`FAIL the release checks stopped: ${error.stack || error}`);
    process.exit(1);
  },
);
