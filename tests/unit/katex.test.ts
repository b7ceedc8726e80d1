// One KaTeX copy, and the CSS the site imports comes from the KaTeX that rehype-katex renders with
// (stack.md P2: a version mismatch breaks sub/superscripts while ".katex exists" checks still pass).
// The built-site half of this guard (built CSS and HTML) is tests/dist/katex.test.ts, which
// scripts/test-all.mjs runs after the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { ROOT, readJson } from './helpers.ts';

interface Pkg { name?: string; version?: string }

/** Every installed copy of a package, walking nested node_modules (and scopes). */
function findCopies(name: string, dir = join(ROOT, 'node_modules'), out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (!statSync(full).isDirectory()) continue;
    const pkgDirs = entry.startsWith('@') ? readdirSync(full).map((e) => join(full, e)) : [full];
    for (const pkgDir of pkgDirs) {
      const pj = join(pkgDir, 'package.json');
      if (existsSync(pj) && (readJson(pj) as Pkg).name === name) out.push(pkgDir);
      if (existsSync(join(pkgDir, 'node_modules'))) findCopies(name, join(pkgDir, 'node_modules'), out);
    }
  }
  return out;
}

/** The package directory that `specifier` resolves to when imported from `fromFile`. */
function packageDirOf(specifier: string, fromFile: string, pkgName: string): string {
  let dir = dirname(createRequire(fromFile).resolve(specifier));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (readJson(pj) as Pkg).name === pkgName) return realpathSync(dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`no ${pkgName} package.json above ${specifier}`);
    dir = up;
  }
}

const version = (pkgDir: string) => (readJson(join(pkgDir, 'package.json')) as Pkg).version;

/** Source files that import KaTeX's stylesheet, with the specifier they use. */
function cssImports(): { file: string; specifier: string }[] {
  const out: { file: string; specifier: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(astro|tsx?|jsx?|mjs|css|mdx)$/.test(e.name)) {
        for (const m of readFileSync(p, 'utf8').matchAll(/['"(](katex\/dist\/katex(?:\.min)?\.css)['")]/g)) out.push({ file: p, specifier: m[1]! });
      }
    }
  };
  walk(join(ROOT, 'src'));
  return out;
}

test('exactly one copy of katex is installed', () => {
  const copies = findCopies('katex');
  const list = copies.map((d) => `${relative(ROOT, d)}@${version(d)}`);
  assert.equal(copies.length, 1, `katex copies: ${list.join(', ')}`);
  assert.equal(new Set(copies.map(version)).size, 1, `different katex versions: ${list.join(', ')}`);
});

test('rehype-katex renders with the same katex whose CSS the site imports', () => {
  const rehypeKatexDir = packageDirOf('rehype-katex', join(ROOT, 'package.json'), 'rehype-katex');
  const renderer = packageDirOf('katex', join(rehypeKatexDir, 'package.json'), 'katex');
  const imports = cssImports();
  assert.ok(imports.length > 0, 'no source file imports katex/dist/katex(.min).css: formulas would render twice (HTML + MathML)');
  for (const { file, specifier } of imports) {
    const cssPkg = packageDirOf('katex', file, 'katex');
    assert.ok(existsSync(join(cssPkg, specifier.replace(/^katex\//, ''))), `${specifier} does not exist`);
    assert.equal(cssPkg, renderer, `${relative(ROOT, file)} imports CSS from ${relative(ROOT, cssPkg)} (${version(cssPkg)}), rehype-katex renders with ${relative(ROOT, renderer)} (${version(renderer)})`);
  }
});

test("katex's own stylesheet carries its version marker (used by the built-site check)", () => {
  const dir = findCopies('katex')[0]!;
  const css = readFileSync(join(dir, 'dist/katex.min.css'), 'utf8');
  assert.ok(css.includes(`content:"${version(dir)}"`), 'katex.min.css has no .katex-version marker for this version');
});

test('the declared katex dependency matches the installed one', () => {
  const pkg = readJson(join(ROOT, 'package.json')) as { dependencies?: Record<string, string>; overrides?: Record<string, string> };
  const declared = pkg.dependencies?.katex;
  assert.ok(declared, 'katex is not a direct dependency: the CSS import would rely on hoisting');
  const installed = version(findCopies('katex')[0]!);
  if (/^\d+\.\d+\.\d+$/.test(declared)) assert.equal(installed, declared);
});
