// A news release's sender, as the browser checks play one: a picture to
// send, the form filled in and sent with no script, and the emails the
// demo writes to its outbox folder. Shared by releases.mjs (the sender's
// pages) and admin.mjs (the editor's side of the same releases).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, withPage } from './harness.mjs';

// The server's minimum fill time, in milliseconds, with a margin.
export const MIN_FILL_MS = 9000;


// A PNG of a sea under a sky, made here, so the upload is a real picture.
export function png(width, height) {
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

// The newest email in `outbox` to `address` holding every one of
// `markers`, decoded from quoted-printable; waits up to ten seconds for it.
export async function emailTo(outbox, address, ...markers) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if (existsSync(outbox)) {
      const files = readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort().reverse();
      for (const file of files) {
        const text = readFileSync(join(outbox, file), 'utf8')
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
        if (text.includes(address) && markers.every((marker) => text.includes(marker))) return text;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

// The first link in `text` whose path holds `path` followed by a token.
export function linkIn(text, path) {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = text.match(new RegExp(`https?://[^\\s"<>]*${escaped}[A-Za-z0-9._-]+`));
  return found && found[0];
}

// Sends the form of `masthead` with no script, as `release.address`, with
// `release.headline`; `started` is when its form page was first loaded.
// Returns the confirmation and status links of the email that follows,
// both confirmed (the release is pending in the queue afterwards).
// `context` is extra options for the browser context (such as the client
// address a proxy would name).
export async function sendRelease(browser, { base, outbox, masthead, release, started, context: options = {} }) {
  const viewing = { javaScriptEnabled: false, viewport: { width: 375, height: 800 }, ...options };
  return withPage(browser, viewing, async (page) => {
    await page.goto(`${base}/m/${masthead}/`);
    await page.locator('footer a', { hasText: 'Submit a news release' }).click();
    await page.waitForURL(/\/releases\/submit$/);
    expect((await page.locator('h1').innerText()) === 'Submit a news release', 'the form page heading');
    await page.fill('#release-organisation', release.organisation ?? 'Harbour Lights Theatre Group');
    await page.fill('#release-contact', 'Achieng Odhiambo');
    await page.fill('#release-email', release.address);
    await page.selectOption('#release-category', 'event');
    await page.fill('#release-headline', release.headline);
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
    await Promise.all([page.waitForNavigation(), page.locator('.release-form button').click()]);
    // A refusal is the form again, saying what to fix.
    const said = await page.locator('main').innerText();
    expect(/\/releases\/sent$/.test(page.url()), `the form was refused: ${said.slice(0, 300)}`);
    expect((await page.locator('h1').innerText()) === 'Check your email', 'after the form');
    const email = await emailTo(outbox, release.address, '/releases/confirm/');
    expect(email, `no confirmation email to ${release.address} in ${outbox}`);
    const confirm = linkIn(email, '/releases/confirm/');
    const status = linkIn(email, '/releases/status/');
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
  });
}
