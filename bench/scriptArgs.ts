import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Options of the scripts outside the CLI (bench/, the fixture generator), read by node:util
 * parseArgs in strict mode. `--help` (or `-h`) prints the usage and exits 0; an unknown flag, a
 * flag without its value or a stray argument prints one line naming it and exits 2, as the CLI
 * does for wrong arguments.
 */
export function scriptArgs<const T extends ParseArgsConfig & { args: string[] }>(script: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  if (config.args.includes('--help') || config.args.includes('-h')) {
    process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs<T>(config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs adds a hint about positionals to an unknown option; the option is what matters.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    return usageError(script, unknown ? `unknown option '${unknown[1]}'` : message);
  }
}

/** A wrong argument: one line on stderr, exit 2. */
export function usageError(script: string, message: string): never {
  process.stderr.write(`${script}: ${message} (--help shows the usage)\n`);
  process.exit(2);
}
