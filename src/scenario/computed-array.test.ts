import { describe, expect, test } from 'vitest';
import { createComputedArray } from './computed-array.js';

describe('createComputedArray', () => {
  const squares = () => createComputedArray(4, (index) => ({ square: index * index }));

  test('reads like an array', () => {
    const array = squares();
    expect(Array.isArray(array)).toBe(true);
    expect(array.length).toBe(4);
    expect(array[3]).toEqual({ square: 9 });
    expect(array[4]).toBeUndefined();
    expect(array.map((item) => item.square)).toEqual([0, 1, 4, 9]);
    expect([...array].map((item) => item.square)).toEqual([0, 1, 4, 9]);
    expect(array.slice(1, 3)).toEqual([{ square: 1 }, { square: 4 }]);
    expect(Object.keys(array)).toEqual(['0', '1', '2', '3']);
    expect(2 in array).toBe(true);
    expect(JSON.stringify(array)).toBe('[{"square":0},{"square":1},{"square":4},{"square":9}]');
    expect(array).toEqual([{ square: 0 }, { square: 1 }, { square: 4 }, { square: 9 }]);
  });

  test('computes each element on each read: equal values, fresh objects', () => {
    let calls = 0;
    const array = createComputedArray(2, (index) => {
      calls++;
      return [index];
    });
    expect(array[1]).toEqual(array[1]);
    expect(array[1]).not.toBe(array[1]);
    expect(calls).toBe(4);
  });

  test('refuses writes', () => {
    const array = squares();
    expect(() => {
      array[0] = { square: 7 };
    }).toThrow(TypeError);
    expect(() => array.push({ square: 16 })).toThrow(TypeError);
    expect(() => {
      array.length = 0;
    }).toThrow(TypeError);
    expect(array.length).toBe(4);
  });

  test('a huge length costs nothing until read', () => {
    let calls = 0;
    const array = createComputedArray(10_000_000, (index) => {
      calls++;
      return index;
    });
    expect(array[9_999_999]).toBe(9_999_999);
    expect(calls).toBe(1);
  });
});
