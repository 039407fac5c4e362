// The newsroom admin in a real browser, on the demo, signed in as the
// demo's admin (whose password run.sh sets) and as an editor it invites.
//
// - Two releases are sent to the Kenya Star through the site's form (as
//   releases.mjs sends them) and confirmed, so both wait in the queue.
// - Keyboard only (Tab, Enter and typing; no click): sign in, reach the
//   queue from the navigation, open the first release, approve it now.
//   Each element focused on the way shows an outline. The release is then
//   on the masthead's releases page with its "News release" label and the
//   organisation, and in the releases feed.
// - The second release is rejected with a reason; the email to its sender
//   in the outbox folder carries the reason.
// - The admin invites an editor; the invitation email's link sets the
//   editor's password; signed in, the editor is refused the users page
//   (403) and sees neither it nor the mastheads page in the navigation.
// - On the mastheads page the admin renames the Kenya Star and changes
//   its accent: its front page shows the new name and its stylesheet the
//   new colour at once; the cleared form gives the config's look back.
// - Keyboard only, from the stories page: the first story is unpublished
//   (its public page answers 410) and republished from its own page (200
//   again).
// - The demo's one dateline that names the wrong country (Port Blair
//   [Mauritius]) is in the stories page's "Datelines to check", and its
//   own page says where the place lies.
// - axe-core on every admin page (sign-in, dashboard, releases queue, a
//   release waiting, approved and rejected, stories, a search of them and
//   the datelines to check, a story's own page and one whose dateline is
//   to check, sources, subscribers, users, mastheads, audit log, and the
//   invitation page) at 375 and 1280 px: no
//   violations, and no page scrolls sideways.
//   Each is screenshotted into --out.
//
// Usage: node admin.mjs --base URL --outbox FOLDER --out FOLDER
// (the admin's password in $NEWSDESK_DEMO_ADMIN_PASSWORD)

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Failed, axeViolations, expect, fail, finish, launch, ok, withPage } from './harness.mjs';
import { emailTo, linkIn, sendRelease } from './sender.mjs';

const { values: args } = parseArgs({
  options: { base: { type: 'string' }, outbox: { type: 'string' }, out: { type: 'string' } },
});
const ADMIN = 'admin@newsdesk.localhost';
const ADMIN_PASSWORD = process.env.NEWSDESK_DEMO_ADMIN_PASSWORD;
if (!args.base || !args.outbox || !args.out || !ADMIN_PASSWORD) {
  console.error('usage: NEWSDESK_DEMO_ADMIN_PASSWORD=... node admin.mjs --base URL --outbox FOLDER --out FOLDER');
  process.exit(2);
}
const base = args.base.replace(/\/$/, '');
const MASTHEAD = 'kenya-star';
const EDITOR = 'desk-editor@mail.example';
const EDITOR_PASSWORD = 'a tide table by the harbour wall';
const REASON = 'We publish events only once the venue has confirmed the dates.';
// Tabs taken at most to reach one element.
const MAX_TABS = 60;

// Runs one check: a Failed is a failure reported under `what`, anything
// else stops the run.
async function step(what, body) {
  try {
    const said = await body();
    ok(said || what);
    return true;
  } catch (error) {
    if (!(error instanceof Failed)) throw error;
    fail(what, error.message);
    return false;
  }
}

// Presses Tab until the focused element matches `wanted` (a function of
// the element, run in the page, with `arg`); checks that each element
// focused on the way shows an outline. Returns how many Tabs it took.
async function tabTo(page, what, wanted, arg) {
  const unseen = [];
  for (let tabs = 1; tabs <= MAX_TABS; tabs += 1) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(
      ([test, value]) => {
        const el = document.activeElement;
        if (!el || el === document.body) return { matches: false, outline: true, name: 'body' };
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        // eslint-disable-next-line no-new-func
        const matches = new Function('el', 'value', `return (${test})(el, value);`)(el, value);
        const name = `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name || '').trim().slice(0, 40)}"`;
        return { matches, outline, name };
      },
      [wanted.toString(), arg],
    );
    if (!found.outline) unseen.push(found.name);
    if (found.matches) {
      expect(!unseen.length, `no outline on focus: ${[...new Set(unseen)].join(', ')}`);
      return tabs;
    }
  }
  throw new Failed(`${what}: not reached in ${MAX_TABS} presses of Tab`);
}

// Presses Enter on what has focus and waits for the page it leads to.
async function enter(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

// Signs in by the keyboard alone: Tab to the address, type it, Tab to the
// password, type it, Enter.
async function signInByKeyboard(page, email, password) {
  await page.goto(`${base}/admin/login`);
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await tabTo(page, 'the address field', (el) => el.id === 'email');
  await page.keyboard.type(email);
  await tabTo(page, 'the password field', (el) => el.id === 'password');
  await page.keyboard.type(password);
  await enter(page);
}

async function signIn(page, email, password) {
  await page.goto(`${base}/admin/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/admin`), page.locator('main form button').click()]);
}

const heading = (page) => page.locator('h1').innerText();
const notice = async (page) => ((await page.locator('.notice').count()) ? page.locator('.notice').innerText() : '');

// The approval, by the keyboard alone, from the sign-in page to the notice.
async function approveByKeyboard(browser, headline) {
  return withPage(browser, { viewport: { width: 1280, height: 900 } }, async (page) => {
    await signInByKeyboard(page, ADMIN, ADMIN_PASSWORD);
    expect(page.url() === `${base}/admin`, `after signing in: ${page.url()}`);
    expect((await heading(page)) === 'Dashboard', `after signing in: ${await heading(page)}`);
    await tabTo(page, 'Releases in the navigation', (el) => el.closest('nav') && el.textContent.trim() === 'Releases');
    await enter(page);
    expect(new URL(page.url()).pathname === '/admin/releases', `the queue: ${page.url()}`);
    await tabTo(page, 'the release in the queue', (el, text) => el.tagName === 'A' && el.textContent.trim() === text, headline);
    await enter(page);
    expect((await page.locator('#release-headline').innerText()) === headline, 'the release page');
    const release = page.url();
    await tabTo(page, 'the approve button', (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Approve and publish now');
    await enter(page);
    const said = await notice(page);
    expect(said.includes('Approved and published now'), `after approving: "${said}"`);
    return release;
  });
}

// The approved release, as readers see it on the masthead and its feed.
async function seenOnMasthead(browser, headline) {
  return withPage(browser, {}, async (page, context) => {
    await page.goto(`${base}/m/${MASTHEAD}/releases`);
    const item = page.locator('.release-list li', { hasText: headline });
    expect((await item.count()) === 1, `"${headline}" is not on the releases page`);
    const label = await item.locator('.release-label').textContent();
    expect(/News release/i.test(label) && label.includes('Harbour Lights'), `its label reads "${label}"`);
    await Promise.all([page.waitForLoadState(), item.locator('a.headline').click()]);
    expect((await heading(page)) === headline, `its page: ${await heading(page)}`);
    const pageText = await page.locator('main').innerText();
    expect(/News release/i.test(pageText), 'its page has no "News release" label');
    const feed = await (await context.request.get(`${base}/m/${MASTHEAD}/releases/feed.xml`)).text();
    expect(feed.includes(headline), 'it is not in the releases feed');
  });
}

// The first story of the stories page taken down and put back by the
// keyboard alone; its public page answers 410 meanwhile. Returns the
// story's admin page.
async function unpublishByKeyboard(browser) {
  return withPage(browser, { viewport: { width: 1280, height: 900 } }, async (page, context) => {
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.goto(`${base}/admin/stories`);
    const first = page.locator('.queue h2 a').first();
    const headline = (await first.innerText()).trim();
    const story = new URL(await first.getAttribute('href'), base).href;
    await page.goto(story);
    const publicHref = await page.locator('a', { hasText: 'Its page on' }).first().getAttribute('href');
    const publicPage = new URL(publicHref, base).href;
    const status = async () => (await context.request.get(publicPage, { maxRedirects: 0 })).status();
    expect((await status()) === 200, `its public page answered ${await status()} before`);

    await page.goto(`${base}/admin/stories`);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await tabTo(page, 'the first story\'s Unpublish button', (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Unpublish');
    await enter(page);
    let said = await notice(page);
    expect(said.startsWith('Unpublished'), `after unpublishing: "${said}"`);
    expect((await page.locator('#story-headline').innerText()) === headline, 'the story\'s own page');
    expect((await status()) === 410, `its public page answered ${await status()} once unpublished`);

    await tabTo(page, 'the Republish button', (el) => el.tagName === 'BUTTON' && el.textContent.trim() === 'Republish the story');
    await enter(page);
    said = await notice(page);
    expect(said.startsWith('Republished'), `after republishing: "${said}"`);
    expect((await status()) === 200, `its public page answered ${await status()} once republished`);
    return story;
  });
}

// The story whose dateline is to check, from the stories page's list of
// them: its admin page, which says what is wrong.
async function datelineToCheck(browser) {
  return withPage(browser, {}, async (page) => {
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.goto(`${base}/admin/stories`);
    await Promise.all([page.waitForLoadState(), page.locator('a', { hasText: 'Datelines to check' }).click()]);
    const first = page.locator('.queue h2 a').first();
    const headline = (await first.innerText()).trim();
    expect(headline.includes('Andaman'), `the first dateline to check is "${headline}"`);
    const story = new URL(await first.getAttribute('href'), base).href;
    await page.goto(story);
    const note = (await page.locator('.dateline-note').innerText()).trim();
    expect(note.includes('Dateline names Mauritius but Port Blair is in India'), `its page says "${note}"`);
    return story;
  });
}

// The admin address of the release with `headline`, from the queue.
async function releaseHref(browser, headline) {
  return withPage(browser, {}, async (page) => {
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.goto(`${base}/admin/releases`);
    const href = await page.locator('.queue a', { hasText: headline }).getAttribute('href');
    return new URL(href, base).href;
  });
}

async function reject(browser, headline) {
  return withPage(browser, {}, async (page) => {
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    const release = await releaseHref(browser, headline);
    await page.goto(release);
    await page.fill('#reason', REASON);
    await Promise.all([page.waitForLoadState(), page.locator('button', { hasText: 'Reject with this reason' }).click()]);
    const said = await notice(page);
    expect(said.startsWith('Rejected'), `after rejecting: "${said}"`);
    return release;
  });
}

// The admin renames Kenya Star and gives it another accent on the
// mastheads page; its front page shows both, then the cleared form gives
// the config's look back (later checks read the demo as configured).
async function changeLook(browser) {
  return withPage(browser, {}, async (page, context) => {
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    // The front page as served now, read past the browser's own cache
    // (public pages may be kept for a minute): its header and the start
    // of its stylesheet.
    const front = async () => {
      const html = await (await context.request.get(`${base}/m/${MASTHEAD}/`)).text();
      const header = (html.match(/<header class="site-header">([\s\S]*?)<\/header>/) || ['', ''])[1];
      const sheet = (html.match(/href="([^"]*site\.css\?v=[^"]*)"/) || ['', ''])[1];
      const css = sheet ? await (await context.request.get(new URL(sheet, base).href)).text() : '';
      return { header, css: css.slice(0, 40) };
    };
    const before = await front();
    const save = async (name, accent) => {
      await page.goto(`${base}/admin/mastheads`);
      await page.fill(`#name-${MASTHEAD}`, name);
      await page.fill(`#accent-${MASTHEAD}`, accent);
      await Promise.all([
        page.waitForLoadState(),
        page.locator(`form[action="/admin/mastheads/${MASTHEAD}/look"] button`).click(),
      ]);
      const notice = await page.locator('.notice').innerText();
      expect(/looks as set below/.test(notice), `the mastheads page said "${notice}"`);
    };
    await save('Kenya Star Weekender', '#1a5fb4');
    await page.screenshot({ path: join(args.out, 'mastheads-changed.png'), fullPage: true });
    const changed = await front();
    expect(changed.header.includes('Kenya Star Weekender'), `the front page's header reads "${changed.header}"`);
    expect(changed.css.includes('#1a5fb4'), `the stylesheet starts "${changed.css}"`);
    // As a reader first sees it (a page this browser has not kept).
    await page.goto(`${base}/m/${MASTHEAD}/section/business`);
    await page.screenshot({ path: join(args.out, 'masthead-renamed-front.png') });
    await save('', '');
    const back = await front();
    expect(!back.header.includes('Weekender'), `after clearing, the header reads "${back.header}"`);
    expect(back.css === before.css, 'the configured accent is back');
  });
}

// The admin invites the editor; the emailed link sets their password.
async function inviteEditor(browser) {
  return withPage(browser, {}, async (page) => {
    await signIn(page, ADMIN, ADMIN_PASSWORD);
    await page.goto(`${base}/admin/users`);
    await page.fill('#invite-email', EDITOR);
    await page.locator('input[name=role][value=editor]').check();
    await Promise.all([page.waitForLoadState(), page.locator('button', { hasText: 'Send the invitation' }).click()]);
    const email = await emailTo(args.outbox, EDITOR, '/admin/invitation/');
    expect(email, `no invitation email to ${EDITOR} in ${args.outbox}`);
    const link = linkIn(email, '/admin/invitation/');
    expect(link, 'the invitation email has no link');
    return `${base}${new URL(link).pathname}`;
  });
}

async function acceptInvitation(browser, invitation) {
  return withPage(browser, {}, async (page) => {
    await page.goto(invitation);
    await page.fill('#password', EDITOR_PASSWORD);
    await page.fill('#again', EDITOR_PASSWORD);
    await Promise.all([page.waitForLoadState(), page.locator('main form button').click()]);
    await signIn(page, EDITOR, EDITOR_PASSWORD);
    const role = await page.locator('.who .role').innerText();
    expect(role === 'editor', `signed in as "${role}"`);
    const nav = await page.locator('nav').innerText();
    expect(!nav.includes('Users'), 'the editor is shown the users page in the navigation');
    expect(!nav.includes('Mastheads'), 'the editor is shown the mastheads page in the navigation');
    const answer = await page.goto(`${base}/admin/users`);
    expect(answer.status() === 403, `the users page answered the editor ${answer.status()}`);
    const queue = await page.goto(`${base}/admin/releases`);
    expect(queue.status() === 200, `the queue answered the editor ${queue.status()}`);
  });
}

// axe-core, a screenshot and the sideways-scroll check on each page, at
// both widths; `pages` maps a name to an address, signed in as the admin
// unless `signedOut`.
async function pagesAsSeen(browser, pages, { signedOut = false } = {}) {
  const problems = [];
  for (const width of [375, 1280]) {
    await withPage(browser, { viewport: { width, height: 900 } }, async (page) => {
      if (!signedOut) await signIn(page, ADMIN, ADMIN_PASSWORD);
      for (const [name, url] of Object.entries(pages)) {
        const answer = await page.goto(url);
        if (answer.status() !== 200) problems.push(`${name}: answered ${answer.status()}`);
        await page.screenshot({ path: join(args.out, `${name}-${width}.png`), fullPage: true });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (wide > 0) problems.push(`${name} at ${width} px scrolls ${wide} px sideways`);
        for (const violation of await axeViolations(page)) problems.push(`${name} at ${width} px: ${violation}`);
      }
    });
  }
  const names = Object.keys(pages).join(', ');
  if (problems.length) fail(`admin pages under axe-core: ${names}`, [...new Set(problems)]);
  else ok(`admin pages: no axe-core violations and no sideways scroll on ${names} (375 and 1280 px)`);
}

async function main() {
  rmSync(args.out, { recursive: true, force: true });
  mkdirSync(args.out, { recursive: true });
  const browser = await launch();
  try {
    // The login page, before anyone signs in (a sign-in leaves no trace
    // on it, but the first look is the one a newcomer gets).
    await pagesAsSeen(browser, { login: `${base}/admin/login` }, { signedOut: true });

    // Two releases, sent together: one wait for the minimum fill time.
    // Each sender is a client of its own, as a proxy would name it, so
    // the site's per-address limit counts them apart from other checks.
    const started = Date.now();
    const releases = ['approve', 'reject'].map((fate, n) => ({
      address: `${fate}-desk@mail.example`,
      headline: `Harbour choir sings at the lighthouse (${fate})`,
      client: `192.0.2.${20 + n}`,
    }));
    const sent = await Promise.all(
      releases.map((release) =>
        step(`a release from ${release.address}`, () =>
          sendRelease(browser, {
            base,
            outbox: args.outbox,
            masthead: MASTHEAD,
            release,
            started,
            context: { extraHTTPHeaders: { 'x-forwarded-for': release.client } },
          }).then(() => `a release from ${release.address}: sent with a picture and confirmed; it waits in the queue`),
        ),
      ),
    );
    if (!sent.every(Boolean)) return;
    const [toApprove, toReject] = releases;

    // A release as an editor first finds it: waiting, with every form.
    const pending = await releaseHref(browser, toReject.headline);
    await pagesAsSeen(browser, { 'release-pending': pending });

    let releasePage = null;
    await step('keyboard-only approval', async () => {
      releasePage = await approveByKeyboard(browser, toApprove.headline);
      return 'keyboard only: signed in, reached the queue, opened a release and approved it with Tab and Enter, every stop outlined';
    });
    await step('the approved release on the masthead', async () => {
      await seenOnMasthead(browser, toApprove.headline);
      return 'the approved release is on the releases page labelled "News release" with its organisation, and in the releases feed';
    });

    let rejectedPage = null;
    await step('rejection with a reason', async () => {
      rejectedPage = await reject(browser, toReject.headline);
      const email = await emailTo(args.outbox, toReject.address, REASON);
      expect(email, `no email to ${toReject.address} with the reason in ${args.outbox}`);
      return 'a rejected release: its sender is emailed the reason';
    });

    let invitation = null;
    await step('an invited editor', async () => {
      invitation = await inviteEditor(browser);
      // The invitation page, as its person first sees it.
      await pagesAsSeen(browser, { invitation }, { signedOut: true });
      await acceptInvitation(browser, invitation);
      return 'an editor invited by email chose a password, signed in, and was refused the users page (403)';
    });

    await step('a masthead renamed and recoloured', async () => {
      await changeLook(browser);
      return "the admin renamed Kenya Star and changed its accent on the mastheads page; its front page showed both at once, and clearing the form gave the config's look back";
    });

    let storyPage = null;
    await step('keyboard-only unpublish and republish', async () => {
      storyPage = await unpublishByKeyboard(browser);
      return 'keyboard only: a story unpublished from the stories page (its public page 410) and republished from its own page (200 again), every stop outlined';
    });

    let datelinePage = null;
    await step('a dateline to check', async () => {
      datelinePage = await datelineToCheck(browser);
      return 'the Port Blair [Mauritius] story is among the datelines to check, and its page says Port Blair is in India';
    });

    await pagesAsSeen(browser, {
      dashboard: `${base}/admin`,
      queue: `${base}/admin/releases`,
      'queue-all': `${base}/admin/releases?state=all`,
      ...(releasePage ? { release: releasePage } : {}),
      ...(rejectedPage ? { 'release-rejected': rejectedPage } : {}),
      stories: `${base}/admin/stories`,
      'stories-search': `${base}/admin/stories?q=harbour`,
      'stories-datelines': `${base}/admin/stories?check=datelines`,
      ...(storyPage ? { story: storyPage } : {}),
      ...(datelinePage ? { 'story-dateline': datelinePage } : {}),
      sources: `${base}/admin/sources`,
      subscribers: `${base}/admin/subscribers`,
      users: `${base}/admin/users`,
      mastheads: `${base}/admin/mastheads`,
      audit: `${base}/admin/audit`,
    });
  } finally {
    await browser.close();
  }
}

finish('admin', main);
