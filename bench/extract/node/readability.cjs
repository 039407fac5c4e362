// Peer: Mozilla's Readability.js on jsdom, for bench/extract/run.sh.
//
//   NODE_PATH=DIR/node_modules node readability.cjs FILE.html...
//
// Reads each page as UTF-8, parses it with jsdom (no scripts, no resource
// loading), runs `new Readability(document).parse()` with its defaults and
// prints one line {"id": <file stem>, "text": article.textContent} per page.
// A page that throws or yields no article prints an empty text and the run
// goes on. The last line on stderr is `summary: pages=N errors=E empty=K`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: readability.cjs FILE.html...\n');
  process.exit(2);
}

const quiet = new VirtualConsole(); // drop the pages' CSS and console noise
const lines = [];
let errors = 0;
let empty = 0;
for (const file of files) {
  const id = path.basename(file).replace(/\.html?$/, '');
  const html = fs.readFileSync(file, 'utf8');
  let text = '';
  let dom = null;
  try {
    dom = new JSDOM(html, { virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = (article && article.textContent) || '';
  } catch (e) {
    errors += 1;
    process.stderr.write(`readability.js: ${id}: ${String(e).slice(0, 200)}\n`);
  } finally {
    if (dom) dom.window.close();
  }
  if (!text) empty += 1;
  lines.push(JSON.stringify({ id, text }));
}
process.stdout.write(lines.join('\n') + '\n', () => {
  process.stderr.write(`summary: pages=${files.length} errors=${errors} empty=${empty}\n`);
});
