import type { Command } from 'commander';

/** `reckon worker` and `reckon runs` (the queued runner). */
export function registerQueueCommands(program: Command, setExit: (code: number) => void): void {
  void program;
  void setExit;
}
