#!/usr/bin/env node
// Turns the benchmark's `BENCH {json}` lines into markdown tables: one per
// browser, with each figure's median over the repetitions and its ratio to
// raw JavaScript, then the targets (met or missed), then the .wasm
// sizes. Writes the file given with --out and prints it.
//
//   node scripts/bench-report.mjs --log chromium=target/bench/chromium.log \
//     --log firefox=target/bench/firefox.log --sizes target/bench/size \
//     --machine target/bench/machine.json --out target/bench/results.md
//
// Ratios are taken inside each repetition (implementation ÷ raw JS of the
// same repetition, which ran minutes apart at most under the same load) and
// their median is reported, so machine noise between repetitions cancels.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';

import { median, medianInterval, verdict } from './bench-stats.mjs';

const IMPLS = [
  ['raw-js', 'raw JS'],
  ['wasm-websocket', 'wasm-websocket'],
  ['wasm-websocket-stream', 'wasm-websocket stream backend'],
  ['wasm-websocket-generic', 'wasm-websocket via SinkExt'],
  ['wasm-websocket-reconnect', 'wasm-websocket reconnecting'],
  ['gloo-net', 'gloo-net'],
  ['ws_stream_wasm', 'ws_stream_wasm'],
  ['websocket-web', 'websocket-web'],
];
const PEERS = ['gloo-net', 'ws_stream_wasm', 'websocket-web'];

// Rows in table order; `higher` says which way is better.
const WORKLOADS = [
  ['small-text', 'small text, 16 B, pipelined echoes', 'msg/s', true],
  ['binary-64k', 'binary 64 KiB, pipelined echoes', 'MB/s', true],
  ['binary-1m', 'binary 1 MiB, pipelined echoes', 'MB/s', true],
  ['binary-16m', 'binary 16 MiB, pipelined echoes', 'MB/s', true],
  ['blob-mixed', 'Blob mode: 64 KiB binary + 16 B text burst', 'MB/s', true],
  ['round-trip', 'round trip, 4 B text', 'µs', false],
  ['connect-close', 'connect + close cycle', 'µs', false],
];

function parseArgs(argv) {
  const args = { logs: [], sizes: null, npmSize: null, machine: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    switch (argv[i]) {
      case '--log': {
        const [browser, file] = value.split(/=(.*)/s);
        args.logs.push({ browser, file });
        i++;
        break;
      }
      case '--sizes': args.sizes = value; i++; break;
      case '--npm-size': args.npmSize = value; i++; break;
      case '--machine': args.machine = value; i++; break;
      case '--out': args.out = value; i++; break;
      default: throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return args;
}

function readLog(file) {
  const results = [];
  let config = {};
  let done = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('BENCH');
    if (at < 0) continue;
    const rest = line.slice(at);
    if (rest.startsWith('BENCH-DONE')) done = true;
    else if (rest.startsWith('BENCH-CONFIG ')) config = JSON.parse(rest.slice('BENCH-CONFIG '.length));
    else if (rest.startsWith('BENCH ')) results.push(JSON.parse(rest.slice('BENCH '.length)));
  }
  return { results, config, done };
}

// { workload: { impl: { values: [], ratios: [], vsOurs: [], heap: [], errors: [] } } }
function aggregate(results) {
  const byRep = new Map();
  for (const r of results) byRep.set(`${r.workload}/${r.impl}/${r.rep}`, r);
  const table = {};
  for (const r of results) {
    const cell = ((table[r.workload] ??= {})[r.impl] ??= { values: [], ratios: [], vsOurs: [], heap: [], errors: [] });
    if (r.error) {
      cell.errors.push(r.error);
      continue;
    }
    cell.values.push(r.value);
    if (r.heapGrowth !== null && r.heapGrowth !== undefined) cell.heap.push(r.heapGrowth);
    const raw = byRep.get(`${r.workload}/raw-js/${r.rep}`);
    if (raw && !raw.error) cell.ratios.push(r.value / raw.value);
    const ours = byRep.get(`${r.workload}/wasm-websocket/${r.rep}`);
    if (ours && !ours.error) cell.vsOurs.push(r.value / ours.value);
  }
  return table;
}

const number = (value) => {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
};

const bytes = (n) => {
  const sign = n < 0 ? '−' : '+';
  const size = Math.abs(n);
  return size >= 1024 ? `${sign}${(size / 1024).toFixed(1)} KiB` : `${sign}${size} B`;
};

function cellText(cell, workload, impl) {
  if (!cell) return workload === 'blob-mixed' && impl !== 'raw-js' ? 'not supported' : '–';
  if (cell.values.length === 0) return `failed: ${cell.errors[0]}`;
  let text = number(median(cell.values));
  if (impl !== 'raw-js' && cell.ratios.length) text += ` (${median(cell.ratios).toFixed(2)}×)`;
  if (cell.heap.length) text += `, heap ${bytes(median(cell.heap))}`;
  if (cell.errors.length) text += ` [${cell.errors.length} failed]`;
  return text;
}

function browserTable(browser, table, config) {
  const lines = [];
  const reps = config.reps ?? '?';
  lines.push(`### ${browser}`, '');
  if (config.userAgent) lines.push(`\`${config.userAgent}\`; median of ${reps} repetitions (connect/close: ${config.cycleReps ?? '?'}); ratio to raw JS of the same repetition in brackets.`, '');
  lines.push(`| workload | ${IMPLS.map(([, label]) => label).join(' | ')} |`);
  lines.push(`|---|${IMPLS.map(() => '---:').join('|')}|`);
  for (const [key, label, unit, higher] of WORKLOADS) {
    if (!table[key]) continue;
    const cells = IMPLS.map(([impl]) => cellText(table[key][impl], key, impl));
    lines.push(`| ${label} (${unit}, ${higher ? 'higher' : 'lower'} is better) | ${cells.join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

const ratios = (table, workload, impl, field = 'ratios') => table[workload]?.[impl]?.[field] ?? [];
const ratio = (table, workload, impl, field = 'ratios') => median(ratios(table, workload, impl, field));

// "0.947× (0.91–0.99)": the median and its 95 % confidence interval (or the
// full range with its lower coverage, for fewer than 6 repetitions).
const withInterval = (values) => {
  const mid = median(values);
  if (mid === null) return '–';
  const interval = medianInterval(values);
  if (interval === null) return `${mid.toFixed(3)}×`;
  const coverage = interval.coverage >= 0.95 ? '' : `, ${(interval.coverage * 100).toFixed(0)} %`;
  return `${mid.toFixed(3)}× (${interval.low.toFixed(2)}–${interval.high.toFixed(2)}${coverage})`;
};

const VERDICT_TEXT = { met: 'met', missed: '**missed**', 'within noise': 'within noise' };

// The targets, checked on the per-repetition ratios of one browser's run.
function targets(browser, table) {
  const rows = [];
  const check = (name, values, goal, ok) => {
    const decided = verdict(values, ok);
    rows.push(`| ${browser} | ${name} | ${withInterval(values)} | ${goal} | ${decided === null ? 'not measured' : VERDICT_TEXT[decided]} |`);
  };
  // The peer whose median ratio to raw JS is the best, with our per-repetition
  // ratio to it (ours ÷ peer, from the same repetition).
  const bestPeer = (workload) => {
    const peers = PEERS.map((peer) => [peer, ratio(table, workload, peer)]).filter(([, r]) => r !== null);
    if (!peers.length) return null;
    const [peer] = peers.reduce((a, b) => (b[1] > a[1] ? b : a));
    return { peer, oursOverPeer: ratios(table, workload, peer, 'vsOurs').map((x) => 1 / x) };
  };
  for (const [workload, name, floor] of [['small-text', 'small-text throughput', 0.95], ['binary-64k', '64 KiB binary throughput', 1.0]]) {
    check(`${name} vs raw JS`, ratios(table, workload, 'wasm-websocket'), `≥ ${floor.toFixed(2)}×`, (x) => x >= floor);
    const best = bestPeer(workload);
    if (best) check(`${name} vs best peer (${best.peer})`, best.oursOverPeer, '≥ 1.00×', (x) => x >= 1);
  }
  check('round trip vs raw JS', ratios(table, 'round-trip', 'wasm-websocket'), '≤ 1.10×', (x) => x <= 1.1);
  for (const [workload, higher] of [['small-text', true], ['binary-64k', true], ['round-trip', false]]) {
    check(`reconnecting vs plain, ${workload}`, ratios(table, workload, 'wasm-websocket-reconnect', 'vsOurs'), higher ? '≥ 0.95×' : '≤ 1.05×', higher ? (x) => x >= 0.95 : (x) => x <= 1.05);
    check(`generic Sink path vs inherent send, ${workload}`, ratios(table, workload, 'wasm-websocket-generic', 'vsOurs'), higher ? '≥ 0.95×' : '≤ 1.05×', higher ? (x) => x >= 0.95 : (x) => x <= 1.05);
  }
  return rows;
}

function gzipSize(buffer) {
  return zlib.gzipSync(buffer, { level: 9 }).length;
}

// Sizes of `<name>.wasm` (after wasm-bindgen) and `<name>.opt.wasm` (after
// wasm-opt -Oz) in `dir`.
function sizeTable(dir) {
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.wasm') && !f.endsWith('.opt.wasm')).map((f) => f.slice(0, -5));
  const order = ['wasm-websocket', 'wasm-websocket-reconnect', 'gloo-net', 'ws_stream_wasm', 'websocket-web', 'web-sys'];
  names.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const measure = (file) => {
    if (!fs.existsSync(file)) return null;
    const data = fs.readFileSync(file);
    return { raw: data.length, gzip: gzipSize(data) };
  };
  const sizes = Object.fromEntries(names.map((name) => [name, { plain: measure(path.join(dir, `${name}.wasm`)), opt: measure(path.join(dir, `${name}.opt.wasm`)) }]));
  const kib = (n) => (n === null || n === undefined ? '–' : `${(n / 1024).toFixed(1)}`);
  const hasOpt = names.some((name) => sizes[name].opt);
  const gloo = sizes['gloo-net'];
  const lines = [];
  lines.push('| minimal echo app | .wasm (KiB) | gzip (KiB) | gzip vs gloo-net |' + (hasOpt ? ' wasm-opt -Oz (KiB) | -Oz + gzip (KiB) | -Oz + gzip vs gloo-net |' : ''));
  lines.push('|---|---:|---:|---:|' + (hasOpt ? '---:|---:|---:|' : ''));
  for (const name of names) {
    const { plain, opt } = sizes[name];
    const vs = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
    let row = `| ${name} | ${kib(plain?.raw)} | ${kib(plain?.gzip)} | ${vs(plain?.gzip, gloo?.plain?.gzip)} |`;
    if (hasOpt) row += ` ${kib(opt?.raw)} | ${kib(opt?.gzip)} | ${vs(opt?.gzip, gloo?.opt?.gzip)} |`;
    lines.push(row);
  }
  const sizeTargets = [];
  // The goals: the plain socket no larger than gloo-net, the reconnecting
  // socket (which gloo-net does not have) at most 1.35 times it.
  const goals = [['wasm-websocket', 'plain socket', 1.0], ['wasm-websocket-reconnect', 'reconnecting socket', 1.35]];
  for (const [label, field] of [['after wasm-bindgen', 'plain'], ['after wasm-opt -Oz', 'opt']]) {
    const b = gloo?.[field]?.gzip;
    for (const [name, what, goal] of goals) {
      const a = sizes[name]?.[field]?.gzip;
      if (a && b) sizeTargets.push(`| all | ${what} app gzip vs gloo-net, ${label} | ${(a / b).toFixed(2)}× | ≤ ${goal.toFixed(2)}× | ${a / b <= goal ? 'met' : '**missed**'} |`);
    }
    // The same app on web-sys alone: no crate built on web-sys can be smaller.
    const floor = sizes['web-sys']?.[field]?.gzip;
    if (floor && b) sizeTargets.push(`| all | (floor: the same app on web-sys alone, ${label}) | ${(floor / b).toFixed(2)}× | | |`);
  }
  return { lines, sizeTargets };
}

// The npm package as a bundler ships it (scripts/npm-size.mjs's JSON: one
// row a file, then the total), in KB of 1000 bytes as npm and bundlers
// report them.
function npmSizeTable(rows) {
  const kb = (n) => (n / 1000).toFixed(1);
  const lines = ['#### npm package (a minimal app bundled and minified by Vite)', '', '| file | raw (KB) | gzip -9 (KB) | brotli (KB) |', '|---|---:|---:|---:|'];
  for (const row of rows) lines.push(`| ${row.file} | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} |`);
  const total = rows.find((row) => row.file === 'total');
  const sizeTargets = total ? [`| all | npm package, wasm + glue, gzip | ${kb(total.gzip)} KB | ≤ 50 KB | ${total.gzip <= 50_000 ? 'met' : '**missed**'} |`] : [];
  return { lines, sizeTargets };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const out = [];
  out.push('## Benchmark results', '');
  if (args.machine && fs.existsSync(args.machine)) {
    const m = JSON.parse(fs.readFileSync(args.machine, 'utf8'));
    out.push(`Run ${m.date} on ${m.cpu} (${m.cores} cores, ${m.memory}), ${m.os}; ${m.chromium}; ${m.firefox}; ${m.rustc}; Node ${m.node}. Server: the local test server on loopback.`, '');
  }
  const targetRows = [];
  for (const { browser, file } of args.logs) {
    if (!fs.existsSync(file)) {
      out.push(`### ${browser}`, '', `No results (${path.basename(file)} is missing).`, '');
      continue;
    }
    const { results, config, done } = readLog(file);
    const table = aggregate(results);
    out.push(...browserTable(browser, table, config));
    if (!done) out.push('*The run did not finish; the figures above are partial.*', '');
    targetRows.push(...targets(browser, table));
  }
  let sizeTargets = [];
  if (args.sizes && fs.existsSync(args.sizes)) {
    out.push('### Size', '');
    const sizes = sizeTable(args.sizes);
    out.push(...sizes.lines, '');
    sizeTargets = sizes.sizeTargets;
  }
  if (args.npmSize && fs.existsSync(args.npmSize)) {
    const npm = npmSizeTable(JSON.parse(fs.readFileSync(args.npmSize, 'utf8')));
    out.push(...npm.lines, '');
    sizeTargets.push(...npm.sizeTargets);
  }
  if (targetRows.length || sizeTargets.length) {
    out.push('### Targets', '', 'Each speed figure is the median of the per-repetition ratios, with a 95 % confidence interval for that median in brackets (distribution-free, from the order statistics; with fewer than 6 repetitions it is the full range, whose coverage is given). A target is met or missed only when the whole interval is on one side of the goal; otherwise it is within noise, and more repetitions (`BENCH_REPS`) would decide it.', '', '| browser | target | measured | goal | |', '|---|---|---:|---:|---|', ...targetRows, ...sizeTargets, '');
  }
  const text = out.join('\n');
  if (args.out) {
    fs.mkdirSync(path.dirname(args.out), { recursive: true });
    fs.writeFileSync(args.out, text);
  }
  process.stdout.write(text);
}

main();
