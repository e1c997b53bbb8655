// A read-only array whose elements are computed on each access, so a million-object plan holds no per-probe objects.

function toIndex(property: PropertyKey, length: number): number | undefined {
  if (typeof property !== 'string') return undefined;
  const index = Number(property);
  return Number.isInteger(index) && index >= 0 && index < length && String(index) === property ? index : undefined;
}

/**
 * Looks and iterates like `T[]` (indexing, length, for…of, map, slice, JSON.stringify, Array.isArray), but each read of
 * element i calls `computeAt(i)` afresh: equal values, not the same object. Writes throw a TypeError (strict mode).
 */
export function createComputedArray<T>(length: number, computeAt: (index: number) => T): T[] {
  const target: T[] = [];
  target.length = length;
  const refuseWrite = () => false;
  return new Proxy(target, {
    get: (array, property, receiver) => {
      const index = toIndex(property, length);
      return index === undefined ? Reflect.get(array, property, receiver) : computeAt(index);
    },
    has: (array, property) => toIndex(property, length) !== undefined || Reflect.has(array, property),
    getOwnPropertyDescriptor: (array, property) => {
      const index = toIndex(property, length);
      if (index === undefined) return Reflect.getOwnPropertyDescriptor(array, property);
      return { value: computeAt(index), writable: false, enumerable: true, configurable: true };
    },
    ownKeys: (array) => [...Array.from({ length }, (_, index) => String(index)), ...Reflect.ownKeys(array)],
    set: refuseWrite,
    defineProperty: refuseWrite,
    deleteProperty: refuseWrite,
  });
}
