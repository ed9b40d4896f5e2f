/** Defaults of the queued runner's commands, apart from the commands so that help text needs no queue library. */

/** The month-end close: 12:00 on the 5th (seconds field first), in the billing zone. */
export const DEFAULT_CLOSE_CRON = '0 0 12 5 * *';
export const DEFAULT_DASHBOARD_PORT = 3030;
