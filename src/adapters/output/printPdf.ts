import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

/** Where systems put a Chromium or Chrome; RECKON_CHROMIUM first. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

/** The headless browser pages are printed with, or undefined when none is installed. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RECKON_CHROMIUM) return env.RECKON_CHROMIUM;
  return CANDIDATES.find((path) => existsSync(path));
}

export const INSTALL_BROWSER_HINT = 'install Chromium (Debian/Ubuntu: apt-get install -y chromium; macOS: install Google Chrome) or set RECKON_CHROMIUM to its executable';

/** A started headless browser that prints pages; close it when done. */
export interface PdfPrinter {
  print(htmlPath: string, pdfPath: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts `executable` headless (through playwright-core, which drives an installed browser and
 * downloads none) to print pages one after the other with their own print stylesheet (A4,
 * repeated table headers, a section per page). Local files only: any other request is refused.
 */
export async function startPdfPrinter(executable: string): Promise<PdfPrinter> {
  // Loaded here: only `reckon pdf` needs it.
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
  const context = await browser.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
  const page = await context.newPage();
  return {
    async print(htmlPath, pdfPath) {
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
      await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    },
    close: () => browser.close(),
  };
}
