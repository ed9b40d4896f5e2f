/**
 * A connection URL with its password replaced by `***` (redis://:secret@host and
 * postgres://user:secret@host alike), for logs and messages: secrets never leave the environment.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
