import { userInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../src/cli/closeLeaseOptions';

describe('who reopens or abandons a period', () => {
  it('is --actor, else $RECKON_ACTOR, else $USER, else the account running the command (never "unknown" on a real machine)', () => {
    expect(actorOf('alice', { RECKON_ACTOR: 'bob', USER: 'carol' })).toBe('alice');
    expect(actorOf(undefined, { RECKON_ACTOR: 'bob', USER: 'carol' })).toBe('bob');
    expect(actorOf(undefined, { USER: 'carol' })).toBe('carol');
    expect(actorOf(undefined, {})).toBe(userInfo().username);
  });
});
