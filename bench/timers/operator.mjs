// The bench's operator: bench/converge's create handler, and with TIMERS=1 a 10 s timer per object
// that records how late each tick started (now minus its due time) in a 1 ms histogram. The histogram
// exists in both variants, so it weighs the same in both peak RSS figures.
// After DURATION seconds from the end of the first listing it prints a JSON summary and exits.
import { createOperator } from '../../packages/runtime/dist/index.js';
import { Demo } from '../../packages/runtime/test/fixtures/demo.mjs';

const durationMs = Number(process.env.DURATION ?? 60) * 1000;
const interval = Number(process.env.INTERVAL ?? 10);
const histogram = new Uint32Array(60_001);
let ticks = 0;
let worst = 0;

const operator = createOperator();
operator.on.create(Demo, ({ spec, patch }) => {
  patch.status = { phase: 'Ready', message: `hello ${spec.name}` };
});
if (process.env.TIMERS === '1') {
  operator.on.timer(
    Demo,
    ({ scheduled }) => {
      const late = Math.max(0, Date.now() - scheduled.getTime());
      histogram[Math.min(Math.round(late), histogram.length - 1)]++;
      worst = Math.max(worst, late);
      ticks++;
    },
    { interval },
  );
}

function percentile(p) {
  const rank = Math.ceil((p / 100) * ticks);
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms];
    if (seen >= rank && rank > 0) return ms;
  }
  return undefined;
}

// When RSS peaked, in seconds from the end of the first listing (negative: while listing).
const launched = Number(process.env.LAUNCHED_AT);
let peakRss = 0;
let peakAt = 0;
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) [peakRss, peakAt] = [rss, Date.now()];
}, 500);

await operator.start({ namespaces: [process.env.NAMESPACE], logLevel: 'warn' });
const listed = Date.now();
setTimeout(async () => {
  clearInterval(sampler);
  const { heapUsed } = process.memoryUsage();
  const summary = {
    ticks,
    p50: percentile(50),
    p99: percentile(99),
    max: worst,
    listedAfterMs: listed - launched,
    peakAtS: Math.round((peakAt - listed) / 1000),
    heapUsedMiB: Math.round(heapUsed / 2 ** 20),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  await operator.stop();
  process.exit(0);
}, durationMs);
