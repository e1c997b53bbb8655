import { describe, expect, test } from 'vitest';
import { measureEditDistance, suggestKey } from './suggest.js';

describe('measureEditDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['concurency', 'concurrency', 1],
    ['regoin', 'region', 1],
    ['kitten', 'sitting', 3],
    ['seed', 'seed', 0],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(measureEditDistance(a, b)).toBe(distance);
    expect(measureEditDistance(b, a)).toBe(distance);
  });
});

describe('suggestKey', () => {
  const KEYS = ['version', 'name', 'target', 'concurrency', 'seed', 'path-style', 'max-attempts'];

  test.each([
    ['concurency', 'concurrency'],
    ['Concurrency', 'concurrency'],
    ['pathStyle', 'path-style'],
    ['path_style', 'path-style'],
    ['MAX_ATTEMPTS', 'max-attempts'],
    ['verison', 'version'],
    ['nmae', 'name'],
  ])('%s → %s', (unknown, expected) => {
    expect(suggestKey(unknown, KEYS)).toBe(expected);
  });

  test.each(['colour', 'x', 'bucketname', 'a'.repeat(200)])('%s is too far from every key to guess', (unknown) => {
    expect(suggestKey(unknown, KEYS)).toBeUndefined();
  });

  test('picks the closest of several candidates', () => {
    expect(suggestKey('seeds', ['seed', 'speeds'])).toBe('seed');
  });
});
