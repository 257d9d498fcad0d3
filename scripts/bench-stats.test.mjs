// The benchmark's verdict statistics (`node --test scripts/`).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { median, medianInterval, verdict } from './bench-stats.mjs';

test('median of odd and even counts, and of nothing', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});

test('five samples: only the full range reaches 93.75 %', () => {
  const interval = medianInterval([5, 1, 4, 2, 3]);
  assert.deepEqual(interval, { low: 1, high: 5, coverage: 1 - 2 / 32 });
});

test('eleven samples: the 2nd to the 10th order statistic, 98.8 %', () => {
  const values = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const interval = medianInterval(values);
  assert.equal(interval.low, 2);
  assert.equal(interval.high, 10);
  assert.equal(interval.coverage, 1 - (2 * 12) / 2048);
});

test('fifteen samples: the 4th to the 12th, and a looser level narrows it', () => {
  const values = Array.from({ length: 15 }, (_, i) => i + 1);
  const wide = medianInterval(values);
  assert.deepEqual([wide.low, wide.high], [4, 12]);
  assert.ok(wide.coverage >= 0.95 && wide.coverage < 0.97, `coverage ${wide.coverage}`);
  const narrow = medianInterval(values, 0.8);
  assert.ok(narrow.high - narrow.low < wide.high - wide.low);
  assert.ok(narrow.coverage >= 0.8);
});

test('one sample has no interval', () => {
  assert.equal(medianInterval([1]), null);
});

test('a verdict needs the whole interval on one side of the goal', () => {
  const atLeast = (x) => x >= 0.95;
  assert.equal(verdict([0.97, 0.99, 1.01, 1.02, 0.98], atLeast), 'met');
  assert.equal(verdict([0.9, 0.91, 0.93, 0.92, 0.94], atLeast), 'missed');
  // The median (0.96) meets the goal but the lowest repetition does not.
  assert.equal(verdict([0.93, 0.96, 0.97, 0.96, 0.99], atLeast), 'within noise');
  // With more repetitions one outlier no longer spans the goal.
  const many = [0.93, 0.96, 0.97, 0.96, 0.99, 0.97, 0.98, 0.96, 0.97, 0.98, 0.97];
  assert.equal(verdict(many, atLeast), 'met');
});

test('a verdict on one sample, and on none', () => {
  assert.equal(verdict([1.2], (x) => x <= 1.1), 'missed');
  assert.equal(verdict([], (x) => x <= 1.1), null);
});
