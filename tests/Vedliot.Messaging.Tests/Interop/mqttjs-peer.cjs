// MQTT.js peer for the Vedliot interop tests. Configured through environment variables:
//   PEER_MODE       pub | sub | echo
//   PEER_URL        mqtt://127.0.0.1:port
//   PEER_USER, PEER_PASS
//   PEER_TOPIC      topic to publish to (pub), subscribe to (sub, echo)
//   PEER_OUT_TOPIC  echo: topic to republish to
//   PEER_QOS        0 | 1 | 2
//   PEER_COUNT      messages to send or to wait for
//   PEER_PROTOCOL   5 | 4
// Output: one line per event on stdout: READY, DONE, or a JSON object per received message.
'use strict';
const mqtt = require('mqtt');

const mode = process.env.PEER_MODE;
const topic = process.env.PEER_TOPIC;
const qos = Number(process.env.PEER_QOS);
const count = Number(process.env.PEER_COUNT);
const protocolVersion = Number(process.env.PEER_PROTOCOL || '5');

const client = mqtt.connect(process.env.PEER_URL, {
  username: process.env.PEER_USER,
  password: process.env.PEER_PASS,
  protocolVersion,
  clientId: 'mqttjs-' + mode + '-' + process.pid,
  clean: true,
  reconnectPeriod: 0,
});

let ending = false;
const fail = (err) => {
  if (ending) {
    return; // a reset while closing is not a failure of the exchange
  }
  process.stderr.write('peer error: ' + (err && err.stack ? err.stack : err) + '\n');
  process.exit(2);
};
client.on('error', fail);

client.on('connect', async () => {
  try {
    if (mode === 'pub') {
      for (let i = 0; i < count; i++) {
        const options = { qos };
        if (protocolVersion === 5) {
          options.properties = { userProperties: { origin: 'mqttjs', index: String(i) }, contentType: 'text/plain' };
        }
        await client.publishAsync(topic, 'mqttjs-' + i, options);
      }
      process.stdout.write('DONE\n');
      ending = true;
      await client.endAsync();
      return;
    }

    let received = 0;
    client.on('message', (t, payload, packet) => {
      if (mode === 'echo') {
        client.publish(process.env.PEER_OUT_TOPIC, payload, { qos });
      } else {
        const props = packet.properties || {};
        process.stdout.write(JSON.stringify({
          topic: t,
          payload: payload.toString('base64'),
          qos: packet.qos,
          userProperties: props.userProperties || {},
          contentType: props.contentType || null,
        }) + '\n');
      }
      received++;
      if (received === count) {
        process.stdout.write('DONE\n');
        ending = true;
        setImmediate(() => client.end(false, {}, () => process.exit(0)));
      }
    });
    const granted = await client.subscribeAsync(topic, { qos });
    if (!granted.length || granted[0].qos !== qos) {
      fail('subscription not granted: ' + JSON.stringify(granted));
    }
    process.stdout.write('READY\n');
  } catch (err) {
    fail(err);
  }
});
