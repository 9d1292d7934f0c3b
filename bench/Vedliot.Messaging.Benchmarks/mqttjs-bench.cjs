// MQTT.js side of the Vedliot messaging benchmark. One process holds a publisher and a subscriber
// connected to the same mosquitto, like the .NET side. Environment:
//   BENCH_URL, BENCH_MODE (rate | latency | bulk), BENCH_QOS, BENCH_COUNT, BENCH_SIZE
// Prints one JSON line with the result.
'use strict';
const mqtt = require('mqtt');

const url = process.env.BENCH_URL;
const mode = process.env.BENCH_MODE;
const qos = Number(process.env.BENCH_QOS || '0');
const count = Number(process.env.BENCH_COUNT);
const size = Number(process.env.BENCH_SIZE);
const topic = 'bench/mqttjs/' + process.pid;

const connect = (id) => new Promise((resolve, reject) => {
  const c = mqtt.connect(url, { clientId: id + '-' + process.pid, protocolVersion: 5, reconnectPeriod: 0 });
  c.once('connect', () => resolve(c));
  c.once('error', reject);
});

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

async function main() {
  const sub = await connect('sub');
  const pub = await connect('pub');
  await sub.subscribeAsync(topic, { qos });
  const payload = Buffer.alloc(size, 7);

  if (mode === 'rate' || mode === 'bulk') {
    let received = 0;
    let bytes = 0;
    const done = new Promise((resolve) => {
      sub.on('message', (_t, p) => {
        received++;
        bytes += p.length;
        if (received === count) resolve();
      });
    });
    const start = now();
    const cpuStart = process.cpuUsage();
    if (qos === 0) {
      for (let i = 0; i < count; i++) {
        pub.publish(topic, payload, { qos });
        if (i % 1000 === 999) await new Promise((r) => setImmediate(r));
      }
    } else {
      // Sliding window of 1,000 unacknowledged publishes (the same window the .NET side uses).
      const window = 1000;
      let inflight = 0;
      let wake = null;
      const settle = () => new Promise((r) => { wake = r; });
      for (let i = 0; i < count; i++) {
        while (inflight >= window) await settle();
        inflight++;
        pub.publish(topic, payload, { qos }, (err) => {
          if (err) throw err;
          inflight--;
          if (wake) { const w = wake; wake = null; w(); }
        });
      }
      while (inflight > 0) await settle();
    }
    await done;
    const seconds = (now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    console.log(JSON.stringify({ messagesPerSecond: count / seconds, megabytesPerSecond: bytes / 1e6 / seconds, cpuMs: (cpu.user + cpu.system) / 1000 }));
  } else if (mode === 'latency') {
    const samples = [];
    let resolveOne;
    sub.on('message', () => resolveOne());
    for (let i = 0; i < count; i++) {
      const arrived = new Promise((r) => { resolveOne = r; });
      const start = now();
      pub.publish(topic, payload, { qos });
      await arrived;
      samples.push(now() - start);
    }
    samples.sort((a, b) => a - b);
    const pick = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
    console.log(JSON.stringify({ p50Ms: pick(0.5), p99Ms: pick(0.99) }));
  }
  await pub.endAsync();
  await sub.endAsync();
}

main().catch((err) => { console.error(err); process.exit(2); });
