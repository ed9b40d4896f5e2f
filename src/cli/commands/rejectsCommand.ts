import { errorFamilyOf } from '../../domain/errorFamilies';
import { listRejects } from '../../adapters/store/deliveryStore';
import { renderRejectsCsv } from '../../domain/reconcile/renderRejects';
import { EXIT_OK } from '../exitCodes';
import { withStore } from '../openStore';
import { requirePeriod } from '../arguments';

/** `reckon rejects <period>`: the quarantined rows, one line each (or --csv, as rejects.csv). */
export async function rejectsCommand(period: string, options: { db?: string; csv?: boolean }): Promise<number> {
  requirePeriod(period);
  return withStore(options.db, async (db) => {
    const rejects = await listRejects(db, period);
    if (options.csv) {
      process.stdout.write(renderRejectsCsv(rejects.map((r) => ({ file: r.fileName, line: r.line, column: r.column, value: r.rawValue, code: r.code, message: r.message }))));
      return EXIT_OK;
    }
    for (const r of rejects) process.stdout.write(`${r.fileName}:${r.line} ${r.column} ${JSON.stringify(r.rawValue)} ${r.code} [${errorFamilyOf(r.code)}]: ${r.message}\n`);
    process.stdout.write(`${rejects.length} rejected value(s) for ${period}\n`);
    return EXIT_OK;
  });
}
