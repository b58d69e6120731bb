// `npm run golden -- DIR`: runs every case of every *.json in DIR, prints each failure, ends with "N passed, M failed".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCase, type GoldenCase } from './goldenOps';

function main(dir: string | undefined): number {
  if (!dir) {
    console.error('usage: npm run golden -- DIR');
    return 2;
  }
  let passed = 0;
  let failed = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    let cases: GoldenCase[];
    try {
      cases = JSON.parse(readFileSync(join(dir, file), 'utf8')) as GoldenCase[];
      if (!Array.isArray(cases)) throw new Error('not an array of cases');
    } catch (e) {
      console.log(`FAIL ${file}: cannot read: ${(e as Error).message}`);
      failed++;
      continue;
    }
    for (const c of cases) {
      try {
        runCase(c);
        passed++;
      } catch (e) {
        failed++;
        console.log(`FAIL ${c.name ?? '(unnamed)'} [${file}]: ${(e as Error).message}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv[2]);
