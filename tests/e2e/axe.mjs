// Accessibility checks for the browser tests: axe-core injected into a page, and no serious
// or critical violation allowed. A failure lists each rule with the elements it found, so the
// fix is plain from the test's output.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations of axe's WCAG 2.x A/AA rules on `page`, as they are now. */
export async function seriousViolations(page) {
  // Through the DevTools protocol, so the page's Content-Security-Policy does not stop it.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  // AXE_ALL=1 lists the moderate and minor ones too, for whoever is fixing them.
  if (process.env.AXE_ALL) {
    for (const v of violations) console.log(`# axe ${v.impact} ${v.id}: ${v.nodes.map((n) => n.target).slice(0, 5).join(' | ')}`);
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails, listing them readably, when `page` (on the screen named `where`) has any. */
export async function assertAccessible(page, where) {
  const found = await seriousViolations(page);
  const text = found.map((v) => `  ${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 8)
    .map((n) => `    - ${n.target}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')}`
    + (v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '')).join('\n');
  assert.equal(found.length, 0, `${where}: ${found.length} serious/critical accessibility violation(s)\n${text}`);
}
