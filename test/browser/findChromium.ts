import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and other systems put a Chromium or Chrome; RECKON_CHROMIUM first. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser executable the page tests drive, or undefined when none is installed. */
export function findChromium(): string | undefined {
  const given = process.env.RECKON_CHROMIUM;
  if (given) return given;
  return CANDIDATES.find((path) => existsSync(path));
}

/** In CI (RECKON_REQUIRE_BROWSER=1) a missing browser fails the run; locally the page tests skip with this message. */
export const NO_BROWSER_MESSAGE =
  'no Chromium found: install one (Debian/Ubuntu: apt-get install -y chromium) or set RECKON_CHROMIUM to its executable';
