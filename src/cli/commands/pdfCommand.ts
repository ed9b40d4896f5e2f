import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findBrowser, INSTALL_BROWSER_HINT, startPdfPrinter, type PdfPrinter } from '../../adapters/output/printPdf';
import { EXIT_FAILED, EXIT_OK, UserError } from '../exitCodes';

/** The HTML pages under a revision folder (any depth), in a stable order; or the one page given. */
function pagesOf(target: string): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new UserError(`${target} does not exist (give an .html page or a revision folder such as out/2026-10/rev-1)`, EXIT_FAILED);
  }
  if (stat.isFile()) {
    if (!target.endsWith('.html')) throw new UserError(`${target} is not an .html page (give a page or a revision folder)`, EXIT_FAILED);
    return [target];
  }
  const pages = readdirSync(target, { recursive: true }).map(String).filter((f) => f.endsWith('.html')).sort().map((f) => join(target, f));
  if (pages.length === 0) throw new UserError(`${target} holds no .html page (a revision written by an older Reckon has none)`, EXIT_FAILED);
  return pages;
}

/**
 * `reckon pdf <html-file|revision-dir>`: prints statement pages and dashboards to PDF beside
 * them (`statement.html` → `statement.pdf`) through a headless Chromium. PDFs are copies for
 * people, not issued files: they are not in the manifest, and printing changes nothing else.
 */
export async function pdfCommand(target: string, options: { quiet?: boolean }, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const pages = pagesOf(target);
  const browser = findBrowser();
  if (browser === undefined) throw new UserError(`no Chromium found to print with: ${INSTALL_BROWSER_HINT}`, EXIT_FAILED);
  let printer: PdfPrinter;
  try {
    printer = await startPdfPrinter(browser);
  } catch (error) {
    throw new UserError(`${browser} could not be started (${firstLine(error)}): ${INSTALL_BROWSER_HINT}`, EXIT_FAILED);
  }
  try {
    for (const [i, page] of pages.entries()) {
      const pdf = page.replace(/\.html$/, '.pdf');
      try {
        await printer.print(page, pdf);
      } catch (error) {
        throw new UserError(`${page} could not be printed: ${firstLine(error)}`, EXIT_FAILED);
      }
      if (!options.quiet) log(`[${i + 1}/${pages.length}] ${pdf}`);
    }
  } finally {
    await printer.close();
  }
  log(`printed ${pages.length} page(s) to PDF with ${browser}`);
  return EXIT_OK;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
