import type { CloseRunRow } from '../../adapters/store/closeStore';
import type { PeriodView } from '../../adapters/store/periodView';

/** The view a run computes from: its period's records up to its watermark, as of its instant. */
export function viewOfRun(run: CloseRunRow): PeriodView {
  return { period: run.period, runId: run.id, maxFileId: run.watermark, asOf: run.asOf };
}
