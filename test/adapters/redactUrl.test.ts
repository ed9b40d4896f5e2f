import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/adapters/redactUrl';

describe('redactUrl', () => {
  it('hides the password of database and Redis URLs, with or without a user, and leaves files alone', () => {
    expect(redactUrl('postgres://reckon:s3cret@db:5432/reckon?schema=a')).toBe('postgres://reckon:***@db:5432/reckon?schema=a');
    expect(redactUrl('redis://:s3cret@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(redactUrl('./reckon.sqlite')).toBe('./reckon.sqlite');
  });
});
