import type { Command } from 'commander';

/** `reckon schedule` and `reckon dashboard`. */
export function registerScheduleCommands(program: Command, setExit: (code: number) => void): void {
  void program;
  void setExit;
}
