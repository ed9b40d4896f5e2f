import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEMO = join(__dirname, '../../fixtures/demo/2026-10');

/** The demo month with reseller P-R12 pointing at a parent that is in no partner file. */
export function brokenDemo(dir: string): string {
  cpSync(DEMO, dir, { recursive: true });
  const path = join(dir, 'reference/partners.csv');
  const text = readFileSync(path, 'utf8');
  const broken = text.replace(/^(P-R12,[^,]*,reseller,)P-D01,/m, '$1P-D99,');
  if (broken === text) throw new Error('fixture changed: P-R12 row not found');
  writeFileSync(path, broken);
  return dir;
}

/** A reference delivery that adds the missing parent P-D99 (a distributor) to the broken partner file. */
export function parentFixDelivery(brokenDir: string, dir: string): string {
  mkdirSync(join(dir, 'reference'), { recursive: true });
  const partners = readFileSync(join(brokenDir, 'reference/partners.csv'), 'utf8');
  writeFileSync(join(dir, 'reference/partners.csv'),
    `${partners.replace(/\n?$/, '\n')}P-D99,无锡远帆科技有限公司,distributor,,CNY,bank,0.06,信息技术服务-信息技术服务费,华为云计算技术有限公司\n`);
  return dir;
}

