// What the browser checks share: the report lines (`ok`, `FAIL` with its
// problems), a check's own failure (`Failed`, thrown by `expect`), the
// browser, a page in a context of its own, axe-core, and the exit code.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let failures = 0;

export const ok = (what) => console.log(`ok   ${what}`);

export function fail(what, problems = []) {
  failures += 1;
  console.log(`FAIL ${what}`);
  for (const problem of [].concat(problems)) console.log(`       ${problem}`);
}

// A check that did not hold: reported as a failure, and the run goes on.
export class Failed extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Failed(message);
}

// Debian's Chromium, headless (npm cannot download a browser here).
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

// Runs `body` with a page in a new context of `browser` (with `options`),
// and closes the context whatever happens.
export async function withPage(browser, options, body) {
  const context = await browser.newContext(options);
  try {
    return await body(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

// axe-core's violations on the page now, one line each.
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () =>
    (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  );
}

// Runs `main` and exits: 1 when any check failed or the run stopped
// (named `what` in the line that says so), else 0.
export function finish(what, main) {
  main().then(
    () => process.exit(failures ? 1 : 0),
    (error) => {
      console.error(`FAIL the ${what} checks stopped: ${error.stack || error}`);
      process.exit(1);
    },
  );
}
